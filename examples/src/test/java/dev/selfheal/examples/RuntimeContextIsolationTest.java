package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.probes.HealthCheck;
import dev.selfheal.probes.HealthEndpoint;
import dev.selfheal.probes.HealthEndpointConfig;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.RecoveryRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two trees in one JVM, each with a registry in its own context and a breaker of the same name: each tree's
 * health and each endpoint's {@code /selfheal/policies} show only their own; a breaker made with
 * {@code CircuitBreaker.of} and added to a tree's context is in that tree's health and journal only.
 */
class RuntimeContextIsolationTest {
  static final String TOKEN = "operator-token-0123456789";

  private static SupervisorTree tree(String name) {
    return SupervisorTree.builder(SupervisorSpec.builder(name).child(ChildSpec.service("db", () -> new Component() {
      @Override
      public void start() {}

      @Override
      public void stop() {}
    })).build()).build();
  }

  @Test
  void each_tree_its_endpoint_and_its_health_see_their_own_policies_only() throws Exception {
    try (SupervisorTree treeA = tree("a");
         SupervisorTree treeB = tree("b");
         RecoveryRegistry regA = RecoveryRegistry.of(treeA.context());
         RecoveryRegistry regB = RecoveryRegistry.of(treeB.context());
         HealthMonitor monA = HealthMonitor.builder(treeA).build();
         HealthMonitor monB = HealthMonitor.builder(treeB).build()) {
      CircuitBreaker cbA = regA.circuitBreaker("iso-payments",
          n -> CircuitBreaker.of(n, CircuitBreakerConfig.builder().critical(true).build(), regA.journal()));
      regB.circuitBreaker("iso-payments",
          n -> CircuitBreaker.of(n, CircuitBreakerConfig.builder().critical(true).build(), regB.journal()));
      CircuitBreaker direct = CircuitBreaker.of("iso-direct", CircuitBreakerConfig.ofDefaults(), treeA.journal());
      treeA.context().addHealthSource(direct.asHealthSource());
      HealthEndpoint endA = HealthEndpoint.create(treeA, monA,
          HealthEndpointConfig.builder().port(0).token("ops", TOKEN).build());
      HealthEndpoint endB = HealthEndpoint.create(treeB, monB,
          HealthEndpointConfig.builder().port(0).token("ops", TOKEN).build());
      treeA.start();
      treeB.start();
      monA.start();
      monB.start();
      endA.start();
      endB.start();
      try {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> opened = client.send(HttpRequest.newBuilder(URI.create(base(endA)
                + "/selfheal/breaker/force-open?name=iso-payments")).header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(cbA.state()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);

        String listedA = policies(client, endA);
        String listedB = policies(client, endB);
        assertThat(listedA).contains("\"name\":\"iso-payments\",\"state\":\"FORCED_OPEN\"")
            .doesNotContain("\"name\":\"iso-payments\",\"state\":\"CLOSED\"");
        assertThat(listedB).contains("\"name\":\"iso-payments\",\"state\":\"CLOSED\"")
            .doesNotContain("FORCED_OPEN");

        assertThat(names(monA)).containsOnlyOnce("circuit:iso-payments").containsOnlyOnce("circuit:iso-direct");
        assertThat(names(monB)).containsOnlyOnce("circuit:iso-payments").doesNotContain("circuit:iso-direct");
        assertThat(monA.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.DOWN);
        assertThat(monB.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.UP);

        direct.transitionTo(CircuitBreaker.State.FORCED_OPEN, Actor.operator("test"));
        assertThat(treeA.journal().tail()).extracting(JournalRecord::path)
            .contains("circuit:iso-payments", "circuit:iso-direct");
        assertThat(treeB.journal().tail()).extracting(JournalRecord::path)
            .doesNotContain("circuit:iso-direct");
        assertThat(treeB.journal().tail()).filteredOn(r -> r.actor().equals(Actor.operator("http:ops@127.0.0.1")))
            .as("the operator command reached tree a only").isEmpty();
      } finally {
        endA.stop();
        endB.stop();
      }
    }
  }

  private static String base(HealthEndpoint e) {
    return "http://127.0.0.1:" + e.address().getPort();
  }

  private static String policies(HttpClient client, HealthEndpoint e) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base(e) + "/selfheal/policies"))
        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static List<String> names(HealthMonitor m) {
    return m.health(ProbeKind.READINESS).checks().stream().map(HealthCheck::name).toList();
  }
}
