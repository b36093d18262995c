package dev.selfheal.probes.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.ManualScheduler;
import dev.selfheal.core.spi.ManualTicker;
import dev.selfheal.probes.HealthEndpoint;
import dev.selfheal.probes.HealthEndpointConfig;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.HealthProbe;
import dev.selfheal.probes.MiniJson;
import dev.selfheal.probes.ProbeConfig;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /selfheal/release} against a real tree whose child a NOT_READY plan step holds: the release
 * goes through the command table, is journaled with the token's actor, and the process's readiness follows.
 */
class ReleaseEndpointTest {
  static final String TOKEN = "release-token-0123456789";
  static final Duration WAIT = Duration.ofSeconds(10);

  final ManualTicker ticker = new ManualTicker();
  final ManualScheduler scheduler = new ManualScheduler(ticker);
  final HttpClient client = HttpClient.newHttpClient();
  SupervisorTree tree;
  HealthMonitor monitor;
  HealthEndpoint endpoint;

  final AtomicBoolean live = new AtomicBoolean(true);

  void start(ProbeSpec<?>... probes) {
    RecoveryPlan plan = RecoveryPlan.builder()
        .step(RecoveryPlan.step(RecoveryPlan.Action.NOT_READY).holdFor(Duration.ofHours(1))).build();
    SupervisorSpec spec = SupervisorSpec.builder("app")
        .child(ChildSpec.service("db", () -> (Component) () -> { }).plan(plan))
        .child(ChildSpec.service("cache", () -> (Component) () -> { }))
        .build();
    tree = SupervisorTree.builder(spec).ticker(ticker).scheduler(scheduler).build();
    HealthMonitor.Builder b = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false);
    for (ProbeSpec<?> p : probes) {
      b.probe(p);
    }
    monitor = b.build();
    tree.start();
    monitor.start();
    endpoint = HealthEndpoint.create(tree, monitor, HealthEndpointConfig.builder().port(0).bearerToken(TOKEN).build());
    endpoint.start();
  }

  @AfterEach
  void stopAll() {
    if (endpoint != null) {
      endpoint.stop();
      monitor.stop();
      tree.stop();
    }
  }

  HttpResponse<String> http(String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  void holdDb() {
    tree.reportFailure("app/db", 1, "boom");
    await().atMost(WAIT).until(() -> tree.snapshot().find("app/db").state() == ChildState.HELD);
  }

  @Test
  void releasingAHeldChildServesItAgainAndIsJournaledWithTheTokensActor() throws Exception {
    start();
    holdDb();
    assertThat(http("GET", "/selfheal/tree", TOKEN).body()).as("shows as such in the endpoint")
        .contains("\"state\":\"HELD\"").contains("\"held\":\"not ready by plan step 1\"");
    HttpResponse<String> ready = http("GET", "/readyz?verbose", null);
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("[-]supervisor:app:readiness failed");
    assertThat(http("GET", "/livez", null).statusCode()).as("not ready is not dead").isEqualTo(200);

    HttpResponse<String> r = http("POST", "/selfheal/release?path=app/db", TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(MiniJson.object(r.body())).isEqualTo(Map.of("command", "release", "path", "app/db", "outcome", "OK"));
    assertThat(tree.snapshot().find("app/db").state()).isEqualTo(ChildState.RUNNING);
    assertThat(tree.snapshot().find("app/db").generation()).isEqualTo(1);
    assertThat(http("GET", "/readyz", null).statusCode()).isEqualTo(200);
    assertThat(tree.journal().tail()).filteredOn(rec -> rec.kind().equals("child.release")).singleElement()
        .satisfies(rec -> {
          assertThat(rec.actor()).isEqualTo(Actor.operator("http:default@127.0.0.1"));
          assertThat(rec.actor().toString()).isEqualTo("operator:http:default@127.0.0.1");
          assertThat(rec.path()).isEqualTo("app/db");
        });
  }

  @Test
  void aChildThatIsNotHeldAnswersTheTablesConflictAndAnUnknownOneNotFound() throws Exception {
    start();
    HttpResponse<String> running = http("POST", "/selfheal/release?path=app/cache", TOKEN);
    assertThat(running.statusCode()).isEqualTo(409);
    assertThat(MiniJson.object(running.body())).containsEntry("outcome", "RUNNING");
    HttpResponse<String> ghost = http("POST", "/selfheal/release?path=app/ghost", TOKEN);
    assertThat(ghost.statusCode()).isEqualTo(404);
    assertThat(MiniJson.object(ghost.body())).containsEntry("outcome", "NOT_FOUND");
    HttpResponse<String> root = http("POST", "/selfheal/release?path=app", TOKEN);
    assertThat(root.statusCode()).isEqualTo(409);
    assertThat(MiniJson.object(root.body())).containsEntry("outcome", "NOT_APPLICABLE");
    assertThat(tree.journal().tail()).filteredOn(rec -> rec.kind().equals("child.release")).isEmpty();
  }

  @Test
  void hostileInputIsRefusedBeforeAnythingIsReleased() throws Exception {
    start();
    holdDb();
    assertThat(http("POST", "/selfheal/release", TOKEN).statusCode()).as("missing path").isEqualTo(400);
    assertThat(http("POST", "/selfheal/release?path=", TOKEN).statusCode()).isEqualTo(400);
    assertThat(http("POST", "/selfheal/release?path=app//db", TOKEN).statusCode()).isEqualTo(400);
    assertThat(http("POST", "/selfheal/release?path=app/db&path=app/cache", TOKEN).statusCode()).isEqualTo(400);
    HttpResponse<String> noToken = http("POST", "/selfheal/release?path=app/db", null);
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.body()).doesNotContain("Exception");
    assertThat(http("POST", "/selfheal/release?path=app/db", "wrong-token-0123456789").statusCode()).isEqualTo(401);
    assertThat(http("GET", "/selfheal/release?path=app/db", TOKEN).statusCode()).isEqualTo(405);
    assertThat(tree.snapshot().find("app/db").state()).isEqualTo(ChildState.HELD);
  }

  @Test
  void anInstanceHeldAfterItsLivenessFailedIsProbedAgainOnceReleased() throws Exception {
    start(ProbeSpec.liveness("app/db", Object.class, HealthProbe.ofBoolean((Object o) -> live.get()))
        .config(ProbeConfig.builder(ProbeKind.LIVENESS).failureThreshold(1).build()).build());
    await().atMost(WAIT).until(() -> monitor.component("app/db").running());
    live.set(false);
    scheduler.advance(ProbeConfig.DEFAULT_PERIOD); // liveness fails: reported, the plan marks it not ready
    await().atMost(WAIT).until(() -> tree.snapshot().find("app/db").state() == ChildState.HELD);
    assertThat(monitor.component("app/db").running()).as("the hold announced the instance's end").isFalse();

    live.set(true);
    assertThat(http("POST", "/selfheal/release?path=app/db", TOKEN).statusCode()).isEqualTo(200);
    await().atMost(WAIT).until(() -> monitor.component("app/db").running());
    assertThat(monitor.component("app/db").generation()).as("the same instance, probed again").isEqualTo(1);
    scheduler.advance(ProbeConfig.DEFAULT_PERIOD);
    assertThat(monitor.component("app/db").status()).isEqualTo(dev.selfheal.core.spi.HealthStatus.UP);
    assertThat(http("GET", "/readyz", null).statusCode()).isEqualTo(200);
  }
}
