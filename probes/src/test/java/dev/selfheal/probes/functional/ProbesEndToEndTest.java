package dev.selfheal.probes.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Probes against the real supervisor tree: the tree's supervisors run on their own threads, time is manual,
 * probe checks run inline when the test advances the scheduler.
 */
class ProbesEndToEndTest {
  static final Duration PERIOD = ProbeConfig.DEFAULT_PERIOD;
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String TOKEN = "e2e-token-0123456789";

  /** A service whose health the test flips. */
  static final class Db implements Component {
    final AtomicBoolean live = new AtomicBoolean(true);
    final AtomicBoolean ready = new AtomicBoolean(true);

    @Override
    public void start() {}
  }

  final ManualTicker ticker = new ManualTicker();
  final ManualScheduler scheduler = new ManualScheduler(ticker);
  final List<Db> instances = new CopyOnWriteArrayList<>();
  final HttpClient client = HttpClient.newHttpClient();
  SupervisorTree tree;
  HealthMonitor monitor;
  HealthEndpoint endpoint;

  @AfterEach
  void stopAll() {
    if (endpoint != null) {
      endpoint.stop();
    }
    if (monitor != null) {
      monitor.stop();
    }
    if (tree != null) {
      tree.stop();
    }
  }

  /** app -> db, every instance recorded in {@link #instances}. */
  SupervisorTree newTree(int maxRestarts) {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(maxRestarts, Duration.ofMinutes(5))
        .child(ChildSpec.service("db", () -> {
          Db db = new Db();
          instances.add(db);
          return db;
        }))
        .build();
    return SupervisorTree.builder(spec).ticker(ticker).scheduler(scheduler).build();
  }

  void start(int maxRestarts, ProbeSpec<?>... probes) {
    tree = newTree(maxRestarts);
    HealthMonitor.Builder b = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false);
    for (ProbeSpec<?> p : probes) {
      b.probe(p);
    }
    monitor = b.build();          // before tree.start(), so that it sees instance 1
    tree.start();
    monitor.start();
    awaitProbedGeneration(1);
    endpoint = HealthEndpoint.create(tree, monitor, HealthEndpointConfig.builder().port(0).bearerToken(TOKEN).build());
    endpoint.start();
  }

  void awaitProbedGeneration(long generation) {
    await().atMost(WAIT).until(() -> {
      ChildSnapshot s = tree.snapshot().find("app/db");
      return s.generation() == generation && s.state() == ChildState.RUNNING
          && monitor.component("app/db").generation() == generation && monitor.component("app/db").running();
    });
  }

  HttpResponse<String> http(String method, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aComponentWhoseLivenessFailsIsRestartedExactlyOnce() throws Exception {
    start(3, ProbeSpec.liveness("app/db", Db.class, HealthProbe.ofBoolean((Db d) -> d.live.get())).build());
    scheduler.advance(Duration.ZERO); // first run passes
    instances.get(0).live.set(false);
    scheduler.advance(PERIOD);
    scheduler.advance(PERIOD);
    assertThat(tree.snapshot().find("app/db").restarts()).as("2 of 3 failures: no restart yet").isZero();
    assertThat(tree.snapshot().find("app/db").generation()).isEqualTo(1);

    scheduler.advance(PERIOD); // failure 3 of 3
    awaitProbedGeneration(2);
    for (int i = 0; i < 6; i++) {
      scheduler.advance(PERIOD); // instance 2 is healthy
    }
    ChildSnapshot db = tree.snapshot().find("app/db");
    assertThat(db.restarts()).isEqualTo(1);
    assertThat(db.generation()).isEqualTo(2);
    assertThat(instances).hasSize(2);
    assertThat(db.lastFailure()).isEqualTo("liveness failed 3/3: check returned false");
    assertThat(tree.journal().tail()).filteredOn(r -> r.kind().equals("child.restart"))
        .extracting(JournalRecord::cause).containsExactly("liveness failed 3/3: check returned false");
    assertThat(http("GET", "/livez").statusCode()).isEqualTo(200);
  }

  @Test
  void aMonitorBuiltAfterTheTreeStartedProbesTheRunningInstance() {
    tree = newTree(3);
    tree.start();
    assertThat(tree.currentInstance("app/db")).hasValueSatisfying(e -> {
      assertThat(e.generation()).isEqualTo(1);
      assertThat(e.instance()).isSameAs(instances.get(0));
    });
    assertThat(tree.currentInstance("app/nope")).isEmpty();
    monitor = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false)
        .probe(ProbeSpec.liveness("app/db", Db.class, HealthProbe.ofBoolean((Db d) -> d.live.get())).build())
        .build();                 // after tree.start(): it catches up with instance 1
    monitor.start();
    awaitProbedGeneration(1);
    instances.get(0).live.set(false);
    for (int i = 0; i < 3; i++) {
      scheduler.advance(i == 0 ? Duration.ZERO : PERIOD);
    }
    awaitProbedGeneration(2);
    assertThat(tree.snapshot().find("app/db").lastFailure()).isEqualTo("liveness failed 3/3: check returned false");
  }

  @Test
  void readinessFlipsReadyzTo503AndBack() throws Exception {
    start(3, ProbeSpec.readiness("app/db", Db.class, HealthProbe.ofBoolean((Db d) -> d.ready.get()))
        .config(ProbeConfig.builder(ProbeKind.READINESS).failureThreshold(2).successThreshold(1).build()).build());
    assertThat(http("GET", "/readyz").statusCode()).as("NOT_READY until the first pass").isEqualTo(503);
    scheduler.advance(Duration.ZERO);
    assertThat(http("GET", "/readyz").statusCode()).isEqualTo(200);

    instances.get(0).ready.set(false);
    scheduler.advance(PERIOD);
    assertThat(http("GET", "/readyz").statusCode()).as("1 of 2 failures").isEqualTo(200);
    scheduler.advance(PERIOD);
    HttpResponse<String> down = http("GET", "/readyz?verbose");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).isEqualTo("""
        [+]supervisor:app ok
        [-]app/db failed: not ready: readiness failed 2/2: check returned false
        readyz check failed
        """);
    assertThat(http("GET", "/livez").statusCode()).isEqualTo(200);
    assertThat(tree.snapshot().find("app/db").restarts()).as("readiness never restarts").isZero();

    instances.get(0).ready.set(true);
    scheduler.advance(PERIOD);
    assertThat(http("GET", "/readyz").statusCode()).isEqualTo(200);
    assertThat(tree.journal().tail()).filteredOn(r -> r.kind().equals("probe.readiness"))
        .extracting(JournalRecord::decision).containsExactly("ready", "not ready", "ready");
  }

  @Test
  void anOperatorRestartOverHttpStartsProbingTheNewInstance() throws Exception {
    start(3, ProbeSpec.readiness("app/db", Db.class, HealthProbe.ofBoolean((Db d) -> d.ready.get())).build());
    scheduler.advance(Duration.ZERO);
    HttpResponse<String> r = http("POST", "/selfheal/restart?path=app/db");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(MiniJson.object(r.body())).containsEntry("outcome", "OK");
    awaitProbedGeneration(2);
    assertThat(monitor.component("app/db").ready()).as("the new instance is NOT_READY until it passes").isFalse();
    scheduler.advance(Duration.ZERO);
    assertThat(monitor.component("app/db").ready()).isTrue();

    Map<String, Object> json = MiniJson.object(http("GET", "/selfheal/tree").body());
    @SuppressWarnings("unchecked")
    Map<String, Object> db = ((List<Map<String, Object>>) ((Map<String, Object>) json.get("tree")).get("children")).get(0);
    assertThat(db).containsEntry("generation", 2L).containsEntry("state", "RUNNING");
    assertThat(tree.journal().tail()).filteredOn(rec -> rec.kind().equals("operator.restart"))
        .extracting(rec -> rec.actor().name()).containsExactly("operator:http:default@127.0.0.1");
  }

  @Test
  void livezFailsOnceTheRootGivesUp() throws Exception {
    start(0, ProbeSpec.liveness("app/db", Db.class, HealthProbe.ofBoolean((Db d) -> d.live.get()))
        .config(ProbeConfig.builder(ProbeKind.LIVENESS).failureThreshold(1).build()).build());
    instances.get(0).live.set(false);
    scheduler.advance(Duration.ZERO); // liveness fails; with intensity 0 the root gives up
    await().atMost(WAIT).until(tree::failed);
    HttpResponse<String> r = http("GET", "/livez");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).startsWith("[-]supervisor:app failed: root supervisor failed: ").endsWith("livez check failed\n");
    assertThat(http("GET", "/readyz").statusCode()).isEqualTo(503);
  }
}
