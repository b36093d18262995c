package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP endpoint against a fake tree, over real sockets with the JDK client. */
class HealthEndpointTest {
  static final String TOKEN = "s3cret-token-0123456789";

  final FakeTree tree = new FakeTree();
  final AtomicReference<ProbeResult> dbReady = new AtomicReference<>(ProbeResult.up());
  final AtomicReference<HealthReport> cache = new AtomicReference<>(HealthReport.up());
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  HealthMonitor monitor;
  HealthEndpoint endpoint;
  String base;

  @BeforeEach
  void setUp() {
    monitor = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false)
        .probe(ProbeSpec.readiness("app/db", Object.class, db -> dbReady.get())
            .config(ProbeConfig.builder(ProbeKind.READINESS).failureThreshold(1).build()).build())
        .healthSource(source("cache", false, cache))
        .build();
    monitor.start();
    tree.started("app/db", 2, new Object());
    tree.advance(Duration.ZERO);
    endpoint = start(HealthEndpointConfig.builder().port(0).bearerToken(TOKEN).build());
  }

  HealthEndpoint start(HealthEndpointConfig config) {
    HealthEndpoint e = HealthEndpoint.create(tree, monitor, config);
    e.start();
    base = "http://127.0.0.1:" + e.address().getPort();
    return e;
  }

  @AfterEach
  void tearDown() {
    endpoint.stop();
    monitor.stop();
  }

  static HealthSource source(String name, boolean critical, AtomicReference<HealthReport> report) {
    return new HealthSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public HealthReport health() {
        return report.get();
      }

      @Override
      public boolean critical() {
        return critical;
      }
    };
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return get(pathAndQuery, null);
  }

  HttpResponse<String> get(String pathAndQuery, String authorization) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static final String BEARER = "Bearer " + TOKEN;

  HttpResponse<String> post(String pathAndQuery, String authorization) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthyProcessAnswersOkOnAllThreePaths() throws Exception {
    for (String p : List.of(HealthEndpoint.LIVEZ, HealthEndpoint.READYZ, HealthEndpoint.STARTUPZ)) {
      HttpResponse<String> r = get(p);
      assertThat(r.statusCode()).as(p).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ok\n");
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
  }

  @Test
  void verboseListsEveryCheckLikeTheKubernetesApiServer() throws Exception {
    cache.set(HealthReport.down("redis timeout"));
    HttpResponse<String> r = get("/readyz?verbose");
    assertThat(r.statusCode()).as("a non-critical source only degrades").isEqualTo(200);
    assertThat(r.body()).isEqualTo("""
        [+]supervisor-tree ok
        [+]app/db ok
        [-]cache failed: redis timeout (non-critical)
        readyz check passed
        """);
  }

  @Test
  void readinessTurns503WithTheReasonAndBack() throws Exception {
    dbReady.set(ProbeResult.down("pool exhausted"));
    tree.advance(ProbeConfig.DEFAULT_PERIOD);
    HttpResponse<String> r = get("/readyz");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("""
        [-]app/db failed: not ready: readiness failed 1/1: pool exhausted
        readyz check failed
        """);
    assertThat(get("/livez").statusCode()).as("readiness never fails liveness").isEqualTo(200);

    HttpResponse<String> excluded = get("/readyz?verbose&exclude=app%2Fdb&exclude=nope");
    assertThat(excluded.statusCode()).isEqualTo(200);
    assertThat(excluded.body()).isEqualTo("""
        [+]supervisor-tree ok
        [+]app/db excluded: ok
        [+]cache ok
        warn: some health checks cannot be excluded: no matches for "nope"
        readyz check passed
        """);

    dbReady.set(ProbeResult.up());
    tree.advance(ProbeConfig.DEFAULT_PERIOD);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void livezFailsOnlyOnceTheRootHasFailed() throws Exception {
    tree.failed = true;
    HttpResponse<String> r = get("/livez?verbose=true");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("""
        [-]supervisor-tree failed: root supervisor failed: root supervisor 'app' gave up: too many restarts
        livez check failed
        """);
  }

  @Test
  void treeIsJsonWithProbeHealth() throws Exception {
    HttpResponse<String> r = get("/selfheal/tree", BEARER);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    Map<String, Object> json = MiniJson.object(r.body());
    assertThat(json).containsEntry("root", "app").containsEntry("failed", false).containsEntry("dryRun", false);
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) json.get("tree");
    assertThat(root).containsEntry("path", "app").containsEntry("kind", "SUPERVISOR")
        .containsEntry("strategy", "ONE_FOR_ONE").containsEntry("lastFailure", null).doesNotContainKey("health");
    @SuppressWarnings("unchecked")
    Map<String, Object> db = ((List<Map<String, Object>>) root.get("children")).get(0);
    assertThat(db).containsEntry("path", "app/db").containsEntry("state", "RUNNING").containsEntry("generation", 2L)
        .containsEntry("restarts", 1L).containsEntry("lastFailure", "liveness failed 3/3: \"quoted\"\n")
        .containsEntry("lastFailureTime", "2025-01-02T03:04:05Z").containsEntry("strategy", null);
    assertThat(db.get("health")).isEqualTo(Map.of("status", "UP", "ready", true, "started", true,
        "generation", 2L, "critical", true, "message", "", "probes", Map.of("readiness",
            Map.of("passed", true, "message", "", "details", Map.of()))));

    dbReady.set(ProbeResult.up("fine").withDetail("idle", 3).withDetail("note", "a\"b"));
    tree.advance(ProbeConfig.DEFAULT_PERIOD);
    @SuppressWarnings("unchecked")
    Map<String, Object> again = ((List<Map<String, Object>>) ((Map<String, Object>) MiniJson.object(
        get("/selfheal/tree", BEARER).body()).get("tree")).get("children")).get(0);
    assertThat(again.get("health").toString()).contains("details={idle=3, note=a\"b}");
  }

  @Test
  void journalSinceN() throws Exception {
    tree.journal.append("app/x", "test.one", "cause with \"quotes\"\tand tab", "d1", Actor.automatic(), Duration.ZERO);
    long last = tree.journal.lastSequence();
    tree.journal.append("app/y", "test.two", "", "d2", Actor.operator("ann"), Duration.ofMillis(12));

    Map<String, Object> all = MiniJson.object(get("/selfheal/journal", BEARER).body());
    assertThat(all.get("lastSequence")).isEqualTo(last + 1);
    assertThat((List<?>) all.get("records")).hasSize((int) last + 1);

    HttpResponse<String> r = get("/selfheal/journal?since=" + (last - 1), BEARER);
    assertThat(r.statusCode()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> records = (List<Map<String, Object>>) MiniJson.object(r.body()).get("records");
    assertThat(records).hasSize(2);
    assertThat(records.get(0)).containsEntry("sequence", last).containsEntry("path", "app/x")
        .containsEntry("cause", "cause with \"quotes\"\tand tab");
    assertThat(records.get(1)).containsEntry("actor", "operator:ann").containsEntry("durationMillis", 12L);
  }

  @Test
  void malformedInputIs400WithoutStackTrace() throws Exception {
    for (String bad : List.of("/selfheal/journal?since=abc", "/selfheal/journal?since=-1",
        "/selfheal/journal?since=1&since=2", "/readyz?exclude=", "/selfheal/tree?=v")) {
      HttpResponse<String> r = get(bad, BEARER);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).as(bad).startsWith("bad request: ").doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(get("/selfheal/journal?since=abc", BEARER).body()).isEqualTo(
        "bad request: since must be a non-negative integer, was 'abc'\n");
    // HttpClient refuses to send a malformed escape, so speak HTTP by hand: our own plain-text page
    assertThat(raw("GET /livez?x=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400")
        .contains("Content-Type: text/plain; charset=utf-8")
        .endsWith("\r\n\r\nbad request: malformed percent-encoding in the query\n");
  }

  @Test
  void headAnswersLikeGetWithoutABody() throws Exception {
    HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create(base + "/readyz"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    dbReady.set(ProbeResult.down("x"));
    tree.advance(ProbeConfig.DEFAULT_PERIOD);
    assertThat(raw("HEAD /readyz HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 503").endsWith("\r\n\r\n");
    assertThat(raw("HEAD /selfheal/pause HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 405");
    assertThat(tree.commands).isEmpty();
  }

  @Test
  void responsesCloseTheConnectionSoNagleNeverDelaysThem() throws Exception {
    String response = raw("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n"); // keep-alive requested, closed anyway
    assertThat(response).startsWith("HTTP/1.1 200").containsIgnoringCase("Connection: close").endsWith("\r\n\r\nok\n");
  }

  String raw(String request) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", endpoint.address().getPort())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(response).doesNotContain("\tat ");
      return response;
    }
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(get("/readyz/").statusCode()).isEqualTo(404);
    assertThat(get("/selfheal").statusCode()).isEqualTo(404);
    HttpResponse<String> postHealth = post("/readyz", null);
    assertThat(postHealth.statusCode()).isEqualTo(405);
    assertThat(postHealth.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> getCommand = get("/selfheal/restart?path=app/db");
    assertThat(getCommand.statusCode()).isEqualTo(405);
    assertThat(getCommand.headers().firstValue("Allow")).hasValue("POST");
    HttpResponse<String> delete = client.send(HttpRequest.newBuilder(URI.create(base + "/livez")).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(tree.commands).isEmpty();
  }

  @Test
  void commandsWithTheRightTokenReachTheTree() throws Exception {
    HttpResponse<String> r = post("/selfheal/restart?path=app/db", "Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(MiniJson.object(r.body())).isEqualTo(Map.of("command", "restart", "path", "app/db", "outcome", "OK"));
    assertThat(post("/selfheal/stop?path=app/db", "bearer " + TOKEN).statusCode()).isEqualTo(200);
    tree.nextOutcome = ChildOutcome.RUNNING;
    assertThat(post("/selfheal/start?path=app/db", "Bearer " + TOKEN).statusCode())
        .as("starting a running child answers like stopping a stopped one").isEqualTo(200);
    tree.nextOutcome = ChildOutcome.NOT_FOUND;
    HttpResponse<String> missing = post("/selfheal/restart?path=app/ghost", "Bearer " + TOKEN);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(MiniJson.object(missing.body())).containsEntry("outcome", "NOT_FOUND");

    assertThat(post("/selfheal/pause", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(tree.paused).isTrue();
    assertThat(MiniJson.object(post("/selfheal/resume", "Bearer " + TOKEN).body()))
        .containsEntry("paused", false).containsEntry("command", "resume");
    assertThat(MiniJson.object(post("/selfheal/dry-run?enabled=true", "Bearer " + TOKEN).body()))
        .containsEntry("dryRun", true);
    assertThat(tree.commands).extracting(FakeTree.Command::name).containsExactly(
        "restartChild", "stopChild", "startStoppedChild", "restartChild", "pause", "resume", "dryRun:true");
    assertThat(tree.commands).extracting(FakeTree.Command::actor).containsOnly(Actor.operator("http:default@127.0.0.1"));
  }

  @Test
  void commandInputIsCheckedAfterAuthentication() throws Exception {
    for (String bad : List.of("/selfheal/restart", "/selfheal/restart?path=", "/selfheal/stop?path=/app/db",
        "/selfheal/start?path=app//db", "/selfheal/restart?path=a&path=b", "/selfheal/dry-run",
        "/selfheal/dry-run?enabled=yes")) {
      assertThat(post(bad, "Bearer " + TOKEN).statusCode()).as(bad).isEqualTo(400);
      assertThat(post(bad, "Bearer wrong-token-0123456789").statusCode()).as(bad).isEqualTo(401);
    }
    assertThat(tree.commands).isEmpty();
  }

  @Test
  void wrongOrMissingTokenIs401AndJournaled() throws Exception {
    HttpResponse<String> wrong = post("/selfheal/restart?path=app/db", "Bearer " + TOKEN + "x");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"selfheal\"");
    assertThat(post("/selfheal/pause", null).statusCode()).isEqualTo(401);
    assertThat(post("/selfheal/pause", "Basic " + TOKEN).statusCode()).isEqualTo(401);
    assertThat(tree.commands).isEmpty();
    assertThat(tree.paused).isFalse();
    assertThat(tree.journal.tail()).as("refusals stay out of the healing tail")
        .noneMatch(r -> r.kind().equals("operator.refused"));
    tree.ticker.advance(Duration.ofMinutes(1));
    get("/selfheal/journal", BEARER); // a read writes the minutes that are over
    List<JournalRecord> refused = tree.journal.refusals().tail();
    assertThat(refused).extracting(JournalRecord::path, JournalRecord::kind, JournalRecord::cause,
        JournalRecord::decision).containsExactly(org.assertj.core.groups.Tuple.tuple("app", "operator.refused",
            "wrong bearer token: 1, missing bearer token: 2; from 127.0.0.1 within one minute;"
                + " last command /selfheal/pause", "refused 3 attempts"));
    assertThat(refused).extracting(JournalRecord::actor).containsOnly(Actor.operator("unauthenticated"));
    assertThat(String.join("", refused.stream().map(JournalRecord::toJson).toList())).doesNotContain(TOKEN);
  }

  @Test
  void withoutATokenCommandsAre403AndDoNothing() throws Exception {
    endpoint.stop();
    endpoint = start(HealthEndpointConfig.builder().port(0).build());
    long before = tree.journal.lastSequence();
    for (String p : List.of("/selfheal/restart?path=app/db", "/selfheal/pause", "/selfheal/dry-run?enabled=true")) {
      HttpResponse<String> r = post(p, "Bearer " + TOKEN);
      assertThat(r.statusCode()).as(p).isEqualTo(403);
      assertThat(r.body()).isEqualTo("operator commands are disabled: no bearer token is configured\n");
    }
    assertThat(tree.commands).isEmpty();
    assertThat(tree.paused).isFalse();
    assertThat(tree.dryRun).isFalse();
    assertThat(tree.journal.lastSequence()).isEqualTo(before);
    assertThat(get("/readyz").statusCode()).as("health still served").isEqualTo(200);
    HttpResponse<String> read = get("/selfheal/tree", "Bearer " + TOKEN);
    assertThat(read.statusCode()).as("reads need a token unless public").isEqualTo(403);
    assertThat(read.body()).isEqualTo("reads are disabled: no bearer token is configured and reads are not public\n");
  }

  @Test
  void bindsLoopbackByDefaultAndStopReleasesEveryThread() throws Exception {
    assertThat(endpoint.address().getAddress().isLoopbackAddress()).isTrue();
    get("/livez");
    assertThat(Thread.getAllStackTraces().keySet()).anySatisfy(t -> {
      assertThat(t.getName()).startsWith("selfheal-http-");
      assertThat(t.isDaemon()).isTrue();
    });
    endpoint.stop();
    endpoint.stop(); // idempotent
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(Thread.getAllStackTraces().keySet()).noneSatisfy(t -> {
          assertThat(t.isAlive()).isTrue();
          assertThat(t.getName()).matches("selfheal-http-.*");
        }));
    assertThatThrownBy(() -> get("/livez")).isInstanceOf(IOException.class);
    assertThatThrownBy(endpoint::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSourceThatThrowsCountsAsDown() throws Exception {
    monitor.addHealthSource(new HealthSource() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public HealthReport health() {
        throw new IllegalStateException("oops\nsecond line");
      }

      @Override
      public boolean critical() {
        return true;
      }
    });
    HttpResponse<String> r = get("/readyz");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).as("redacted for an unauthenticated caller").isEqualTo("""
        [-]broken failed: health() threw IllegalStateException
        readyz check failed
        """);
    assertThat(get("/readyz", BEARER).body()).as("in full with a token").isEqualTo("""
        [-]broken failed: health() threw java.lang.IllegalStateException: oops second line
        readyz check failed
        """);
  }
}
