package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.ChildKind;
import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.RestartStrategy;
import dev.selfheal.core.RestartType;
import dev.selfheal.core.event.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Authentication, redaction and one test per fault found by trying the endpoint as an attacker would. */
class EndpointSecurityTest {
  static final String ALICE = "alice-secret-0123456789";
  static final String CI = "ci-secret-0123456789abcd";
  static final String SECRET = "password=hunter2";

  final FakeTree tree = new FakeTree();
  final HealthMonitor monitor = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false)
      .probe(ProbeSpec.readiness("app/db", Object.class, db -> {
        throw new IllegalStateException("cannot connect: " + SECRET);
      }).config(ProbeConfig.builder(ProbeKind.READINESS).failureThreshold(1).build()).build())
      .build();
  HealthEndpoint endpoint;
  int port;

  @BeforeEach
  void setUp() {
    monitor.start();
    tree.started("app/db", 2, new Object());
    tree.advance(Duration.ZERO);
    tree.snapshot = new ChildSnapshot("app", "app", ChildKind.SUPERVISOR, RestartType.PERMANENT, ChildState.RUNNING, 1,
        0, 0, null, null, RestartStrategy.ONE_FOR_ONE, List.of(new ChildSnapshot("app/db", "db", ChildKind.SERVICE,
            RestartType.PERMANENT, ChildState.RUNNING, 2, 1, 0, "start failed: java.io.IOException: " + SECRET,
            Instant.parse("2025-01-02T03:04:05Z"), null, List.of())));
    tree.journal.append("app/db", "child.exit", "java.lang.IllegalStateException: " + SECRET, "restart",
        Actor.automatic(), Duration.ZERO);
    start(HealthEndpointConfig.builder().port(0).token("alice", ALICE).token("ci", CI));
  }

  void start(HealthEndpointConfig.Builder config) {
    if (endpoint != null) {
      endpoint.stop();
    }
    endpoint = HealthEndpoint.create(tree, monitor, config.build());
    endpoint.start();
    port = endpoint.address().getPort();
  }

  @AfterEach
  void tearDown() {
    endpoint.stop();
    monitor.stop();
  }

  String request(String method, String target, String... headers) throws Exception {
    StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: x\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    return RawHttp.send(port, sb.append("\r\n").toString());
  }

  static String bearer(String token) {
    return "Authorization: Bearer " + token;
  }

  @Test
  void readsNeedATokenUnlessPublicAndPublicReadsAreRedacted() throws Exception {
    assertThat(RawHttp.status(request("GET", "/selfheal/tree"))).isEqualTo(401);
    assertThat(RawHttp.status(request("GET", "/selfheal/journal"))).isEqualTo(401);
    assertThat(RawHttp.status(request("GET", "/selfheal/policies"))).isEqualTo(401);
    String full = RawHttp.body(request("GET", "/selfheal/tree", bearer(ALICE)));
    assertThat(full).contains("start failed: java.io.IOException: " + SECRET).contains("\"redacted\":false");
    assertThat(RawHttp.body(request("GET", "/selfheal/journal", bearer(CI))))
        .contains("java.lang.IllegalStateException: " + SECRET);

    start(HealthEndpointConfig.builder().port(0).token("alice", ALICE).publicReads(true));
    String tree = RawHttp.body(request("GET", "/selfheal/tree"));
    String journal = RawHttp.body(request("GET", "/selfheal/journal"));
    String verbose = RawHttp.body(request("GET", "/readyz?verbose"));
    for (String seen : List.of(tree, journal, verbose)) {
      assertThat(seen).doesNotContain("hunter2").doesNotContain("java.io").doesNotContain("java.lang");
    }
    assertThat(MiniJson.object(tree).get("redacted")).isEqualTo(true);
    assertThat(tree).contains("\"lastFailure\":\"start failed: IOException\"");
    assertThat(journal).contains("\"cause\":\"IllegalStateException\"");
    assertThat(this.tree.journal.refusals().tail()).as("the first endpoint's refusals, written at its stop").isNotEmpty();
    assertThat(journal).as("refusal records name client addresses: not public").doesNotContain("refused")
        .contains("\"refusals\":{\"total\":0,\"records\":[]}");
    assertThat(verbose).contains("[-]app/db failed: not ready: readiness failed 1/1: threw IllegalStateException\n");
    assertThat(RawHttp.body(request("GET", "/readyz?verbose", bearer(ALICE)))).as("a token shows the full text")
        .contains("threw java.lang.IllegalStateException: cannot connect: " + SECRET);
  }

  @Test
  void namedTokensAreTheActorsOfTheirCommandsWithTheClientAddress() throws Exception {
    assertThat(RawHttp.status(request("POST", "/selfheal/restart?path=app/db", bearer(ALICE)))).isEqualTo(200);
    assertThat(RawHttp.status(RawHttp.send("127.0.0.3", port,
        "POST /selfheal/pause HTTP/1.1\r\n" + bearer(CI) + "\r\n\r\n"))).isEqualTo(200);
    assertThat(tree.commands).extracting(FakeTree.Command::actor).containsExactly(
        Actor.operator("http:alice@127.0.0.1"), Actor.operator("http:ci@127.0.0.3"));
  }

  @Test
  void sinceAtTheTopOfItsRangeReturnsNothing() throws Exception {
    Map<String, Object> json = MiniJson.object(RawHttp.body(
        request("GET", "/selfheal/journal?since=" + Long.MAX_VALUE, bearer(ALICE))));
    assertThat((List<?>) json.get("records")).isEmpty();
    assertThat(json.get("lastSequence")).isEqualTo(tree.journal.lastSequence());
    json = MiniJson.object(RawHttp.body(request("GET", "/selfheal/journal?since=" + tree.journal.lastSequence(),
        bearer(ALICE))));
    assertThat((List<?>) json.get("records")).isEmpty();
  }

  @Test
  void twoAuthorizationHeadersAreRefusedWhateverTheyHold() throws Exception {
    for (List<String> pair : List.of(List.of(ALICE, "wrong-0123456789abcdef"), List.of("wrong-0123456789abcdef", ALICE),
        List.of(ALICE, ALICE))) {
      String r = request("POST", "/selfheal/pause", bearer(pair.get(0)), bearer(pair.get(1)));
      assertThat(RawHttp.status(r)).isEqualTo(400);
      assertThat(RawHttp.body(r)).isEqualTo("bad request: send exactly one Authorization header\n");
    }
    assertThat(tree.commands).isEmpty();
  }

  @Test
  void theRootIsAddressableAndAnswersNotApplicable() throws Exception {
    String r = request("POST", "/selfheal/restart?path=app", bearer(ALICE));
    assertThat(RawHttp.status(r)).as("the tree lists the root: not 404").isEqualTo(409);
    assertThat(MiniJson.object(RawHttp.body(r))).containsEntry("outcome", "NOT_APPLICABLE")
        .containsEntry("path", "app").containsKey("reason");
    assertThat(tree.commands).isEmpty();
  }

  @Test
  void oneStatusTableForEveryCommandAndOutcome() throws Exception {
    record Case(String command, ChildOutcome outcome, int status) {}
    for (Case c : List.of(new Case("stop", ChildOutcome.OK, 200), new Case("start", ChildOutcome.RUNNING, 200),
        new Case("start", ChildOutcome.ALREADY_STARTED, 200), new Case("start", ChildOutcome.OK, 200),
        new Case("restart", ChildOutcome.RESTARTING, 409), new Case("restart", ChildOutcome.RUNNING, 409),
        new Case("start", ChildOutcome.ALREADY_PRESENT, 409), new Case("stop", ChildOutcome.NOT_FOUND, 404))) {
      tree.nextOutcome = c.outcome;
      String r = request("POST", "/selfheal/" + c.command + "?path=app/db", bearer(ALICE));
      assertThat(RawHttp.status(r)).as(c.toString()).isEqualTo(c.status);
      assertThat(MiniJson.object(RawHttp.body(r))).containsEntry("outcome", c.outcome.name());
    }
  }

  @Test
  void everyErrorPageIsOurOwnPlainTextWithoutAClassName() throws Exception {
    Map<String, Integer> cases = new java.util.LinkedHashMap<>();
    cases.put("GET /livez?x=%ZZ HTTP/1.1\r\n\r\n", 400);
    cases.put("GET /selfheal/tree?%ZZ HTTP/1.1\r\n" + bearer(ALICE) + "\r\n\r\n", 400);
    cases.put("GET /nope HTTP/1.1\r\n\r\n", 404);
    cases.put("DELETE /livez HTTP/1.1\r\n\r\n", 405);
    cases.put("GET /livez HTTP/2.0\r\n\r\n", 505);
    cases.put("GET livez HTTP/1.1\r\n\r\n", 400);
    cases.put("GET /livez HTTP/1.1\r\nBad Header: x\r\n\r\n", 400);
    cases.put("GET /livez HTTP/1.1\r\n folded: x\r\n\r\n", 400);
    cases.put("GET /livez HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501);
    cases.put("GET /livez HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400);
    cases.put("POST /selfheal/pause HTTP/1.1\r\nContent-Length: 999999\r\n\r\n", 413);
    cases.put("GET /" + "a".repeat(9000) + " HTTP/1.1\r\n\r\n", 414);
    cases.put("GET /livez HTTP/1.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n", 431);
    cases.put("GET /livez HTTP/1.1\r\n" + "X: a\r\n".repeat(65) + "\r\n", 431);
    cases.put("GET /livez HTTP/1.1\r\nX: a\u0000b\r\n\r\n", 400);
    for (Map.Entry<String, Integer> e : cases.entrySet()) {
      String r = RawHttp.send(port, e.getKey());
      String what = e.getKey().substring(0, Math.min(60, e.getKey().length()));
      assertThat(RawHttp.status(r)).as(what).isEqualTo(e.getValue());
      assertThat(r).as(what).contains("Content-Type: text/plain; charset=utf-8").contains("Connection: close")
          .doesNotContain("Exception").doesNotContain("<html").doesNotContain("\tat ");
      assertThat(RawHttp.body(r)).as(what).endsWith("\n").doesNotContain("\n\n");
    }
    assertThat(RawHttp.body(RawHttp.send(port, "GET /livez?x=%ZZ HTTP/1.1\r\n\r\n")))
        .isEqualTo("bad request: malformed percent-encoding in the query\n");
  }

  @Test
  void lfOnlyLineEndingsAndAbsoluteFormAreServed() throws Exception {
    assertThat(RawHttp.send(port, "GET /livez HTTP/1.1\nHost: x\n\n")).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok\n");
    assertThat(RawHttp.status(RawHttp.send(port, "GET http://x/livez HTTP/1.1\r\n\r\n"))).isEqualTo(200);
    assertThat(RawHttp.status(RawHttp.send(port, "\r\nGET /livez HTTP/1.0\r\n\r\n"))).isEqualTo(200);
  }

  @Test
  void withoutAnyTokenCommandsAnswer403() throws Exception {
    start(HealthEndpointConfig.builder().port(0));
    String r = request("POST", "/selfheal/pause", bearer(ALICE));
    assertThat(RawHttp.status(r)).isEqualTo(403);
    assertThat(RawHttp.body(r)).isEqualTo("operator commands are disabled: no bearer token is configured\n");
    assertThat(tree.commands).isEmpty();
  }
}
