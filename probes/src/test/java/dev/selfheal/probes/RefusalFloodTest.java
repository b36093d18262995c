package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No number of refused attempts evicts a healing record; refusals are aggregated per source and minute. */
class RefusalFloodTest {
  static final String TOKEN = "flood-token-0123456789";
  static final int FLOOD = 10_000;

  final FakeTree tree = new FakeTree();
  final HealthMonitor monitor = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false).build();
  final HealthEndpoint endpoint = HealthEndpoint.create(tree, monitor,
      HealthEndpointConfig.builder().port(0).bearerToken(TOKEN).build());

  @AfterEach
  void tearDown() {
    endpoint.stop();
  }

  @Test
  void tenThousandRefusedPostsLeaveEveryHealingRecordInTheTail() throws Exception {
    for (int i = 0; i < 20; i++) {
      tree.journal.append("app/db", "child.restart", "crash " + i, "restart", Actor.automatic(), Duration.ZERO);
    }
    List<JournalRecord> healing = tree.journal.tail();
    endpoint.start();
    int port = endpoint.address().getPort();
    String attack = "POST /selfheal/restart?path=app/attacker-chosen-" + "x".repeat(100)
        + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong-token-0123456789\r\nContent-Length: 0\r\n\r\n";
    for (int i = 0; i < FLOOD; i++) {
      String r = RawHttp.send(port, attack);
      if (RawHttp.status(r) != 401) {
        throw new AssertionError("attempt " + i + " answered " + r);
      }
    }
    for (int i = 0; i < 3; i++) {
      assertThat(RawHttp.status(RawHttp.send("127.0.0.2", port, "POST /selfheal/pause HTTP/1.1\r\n\r\n"))).isEqualTo(401);
    }

    assertThat(tree.journal.tail()).as("the healing tail is untouched").isEqualTo(healing);
    assertThat(tree.journal.evicted()).isZero();
    assertThat(endpoint.refusedAttempts()).isEqualTo(FLOOD + 3);
    assertThat(tree.journal.refusals().tail()).as("a minute's records are written when it is over").isEmpty();

    tree.ticker.advance(Duration.ofMinutes(1));
    assertThat(RawHttp.status(RawHttp.send(port, "POST /selfheal/pause HTTP/1.1\r\n\r\n"))).isEqualTo(401);
    List<JournalRecord> refusals = tree.journal.refusals().tail();
    assertThat(refusals).extracting(JournalRecord::path, JournalRecord::decision, JournalRecord::cause).containsExactly(
        org.assertj.core.groups.Tuple.tuple("app", "refused 10000 attempts", "wrong bearer token: 10000; from 127.0.0.1"
            + " within one minute; last command /selfheal/restart"),
        org.assertj.core.groups.Tuple.tuple("app", "refused 3 attempts", "missing bearer token: 3; from 127.0.0.2"
            + " within one minute; last command /selfheal/pause"));
    assertThat(refusals).extracting(JournalRecord::kind).containsOnly("operator.refused");
    assertThat(refusals).extracting(JournalRecord::actor).containsOnly(Actor.operator("unauthenticated"));
    assertThat(tree.journal.tail()).isEqualTo(healing);
    String read = RawHttp.body(RawHttp.send(port, "GET /selfheal/journal HTTP/1.1\r\nAuthorization: Bearer " + TOKEN
        + "\r\n\r\n"));
    assertThat(read).contains("\"refusals\":{\"total\":10004,\"records\":[{").contains("refused 10000 attempts");

    tree.ticker.advance(Duration.ofMinutes(1));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).alias("a minute that is over is written unasked")
        .until(() -> tree.journal.refusals().tail().size() == 3);
    assertThat(RawHttp.status(RawHttp.send(port, "POST /selfheal/pause HTTP/1.1\r\n\r\n"))).isEqualTo(401);

    endpoint.stop(); // writes the current minute too
    assertThat(tree.journal.refusals().tail()).hasSize(4).extracting(JournalRecord::decision)
        .endsWith("refused 1 attempt", "refused 1 attempt");
  }
}
