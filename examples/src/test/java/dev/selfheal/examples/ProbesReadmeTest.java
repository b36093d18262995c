package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.probes.HealthEndpoint;
import dev.selfheal.probes.HealthEndpointConfig;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.HealthProbe;
import dev.selfheal.probes.ProbeConfig;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProbeSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's probes snippet, compiled and run. The README shows {@code .port(8081)}; the test binds port 0
 * so that it never collides with a running demo.
 */
class ProbesReadmeTest {

  /** The README's example component. */
  public static final class DatabasePool implements Component {
    volatile int idle = 4;

    @Override
    public void start() {}

    boolean ping() {
      return true;
    }

    int idleConnections() {
      return idle;
    }
  }

  static final int PORT = 0; // README: 8081

  @Test
  void readmeSnippetServesReadyzAndRefusesCommandsWithoutAToken() throws Exception {
    // --- README snippet starts ---
    SupervisorTree tree = SupervisorTree.builder(SupervisorSpec.builder("app")
            .child(ChildSpec.service("db", DatabasePool::new))
            .build())
        .build();

    HealthMonitor monitor = HealthMonitor.builder(tree)      // before or after tree.start(): it catches up
        .probe(ProbeSpec.liveness("app/db", DatabasePool.class, HealthProbe.ofBoolean(DatabasePool::ping)).build())
        .probe(ProbeSpec.readiness("app/db", DatabasePool.class,
                db -> db.idleConnections() > 0 ? ProbeResult.up() : ProbeResult.down("no idle connection"))
            .config(ProbeConfig.builder(ProbeKind.READINESS).period(Duration.ofSeconds(5)).build())
            .build())
        .build();

    HealthEndpoint endpoint = HealthEndpoint.create(tree, monitor, HealthEndpointConfig.builder()
        .port(PORT)                                           // 0 picks a free port
        .bearerToken(System.getenv("SELFHEAL_TOKEN"))         // none: operator commands answer 403
        .build());

    tree.start();
    monitor.start();
    endpoint.start();
    // ... serve ...
    // --- README snippet ends (shutdown is below, in reverse order) ---
    try {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + endpoint.address().getPort();
      await().atMost(Duration.ofSeconds(10)).until(() -> client.send(
          HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode() == 200);
      HttpResponse<String> verbose = client.send(HttpRequest.newBuilder(URI.create(base + "/readyz?verbose")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(verbose.body()).isEqualTo("[+]supervisor:app ok\n[+]app/db ok\nreadyz check passed\n");

      if (System.getenv("SELFHEAL_TOKEN") == null) {
        HttpResponse<String> command = client.send(HttpRequest.newBuilder(
                URI.create(base + "/selfheal/restart?path=app/db")).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(command.statusCode()).isEqualTo(403);
      }
    } finally {
      endpoint.stop();
      monitor.stop();
      tree.stop();
    }
  }
}
