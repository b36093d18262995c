package dev.selfheal.probes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Not a test (not picked up by surefire's includes): measures GET /readyz?verbose round trips on loopback.
 * Run with {@code mvn -o -q -pl probes -am test -Dtest=ReadyzLatencyMeasurement -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the MEASURE line in probes/target/surefire-reports/*ReadyzLatencyMeasurement-output.txt.
 */
class ReadyzLatencyMeasurement {
  @Test
  void measure() throws Exception {
    FakeTree tree = new FakeTree();
    HealthMonitor m = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false)
        .probe(ProbeSpec.readiness("app/db", Object.class, o -> ProbeResult.up()).build()).build();
    m.start();
    tree.started("app/db", 1, new Object());
    tree.advance(java.time.Duration.ZERO);
    HealthEndpoint e = HealthEndpoint.create(tree, m, HealthEndpointConfig.builder().port(0).build());
    e.start();
    HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.address().getPort() + "/readyz?verbose")).build();
    for (int i = 0; i < 500; i++) c.send(req, HttpResponse.BodyHandlers.ofString());
    int n = Integer.getInteger("n", 2000);
    long[] t = new long[n];
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      c.send(req, HttpResponse.BodyHandlers.ofString());
      t[i] = System.nanoTime() - s;
    }
    long total = System.nanoTime() - start;
    Arrays.sort(t);
    System.out.printf("MEASURE readyz?verbose n=%d mean=%.1fus p50=%.1fus p99=%.1fus throughput=%.0f req/s%n", n,
        total / 1e3 / n, t[n / 2] / 1e3, t[n * 99 / 100] / 1e3, n / (total / 1e9));
    e.stop();
    m.stop();
  }
}
