package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.probes.HealthEndpoint;
import dev.selfheal.probes.HealthEndpointConfig;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.RecoveryRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * An operator forces a real breaker open and resizes a real bulkhead over HTTP: the probes endpoint finds the
 * recovery registry through core's policy SPI (ServiceLoader), with no dependency between the two modules.
 */
class PolicyOperatorTest {
  static final String TOKEN = "operator-token-0123456789";

  @Test
  void aBreakerIsForcedOpenAndABulkheadResizedOverHttpOnlyWithTheToken() throws Exception {
    SupervisorTree tree = SupervisorTree.builder(SupervisorSpec.builder("app")
        .child(ChildSpec.service("db", () -> new Component() {
          @Override
          public void start() {}

          @Override
          public void stop() {}
        })).build()).build();
    HealthMonitor monitor = HealthMonitor.builder(tree).build();
    try (RecoveryRegistry registry = RecoveryRegistry.builder().journal(tree.journal()).build()) {
      CircuitBreaker cb = registry.circuitBreaker("payments-e2e",
          n -> CircuitBreaker.of(n, CircuitBreakerConfig.ofDefaults(), registry.journal()));
      Bulkhead bulkhead = registry.bulkhead("db-e2e", BulkheadConfig.builder().maxConcurrentCalls(4).build());
      HealthEndpoint endpoint = HealthEndpoint.create(tree, monitor,
          HealthEndpointConfig.builder().port(0).token("ops", TOKEN).build());
      tree.start();
      monitor.start();
      endpoint.start();
      try {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + endpoint.address().getPort();
        HttpRequest.Builder forceOpen = HttpRequest.newBuilder(URI.create(base
            + "/selfheal/breaker/force-open?name=payments-e2e")).POST(HttpRequest.BodyPublishers.noBody());
        assertThat(client.send(forceOpen.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(cb.state()).isEqualTo(CircuitBreaker.State.CLOSED);

        HttpResponse<String> opened = client.send(forceOpen.header("Authorization", "Bearer " + TOKEN).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.body()).contains("\"state\":\"FORCED_OPEN\"");
        assertThat(cb.tryAcquirePermission()).as("calls are rejected").isFalse();

        HttpResponse<String> resized = client.send(HttpRequest.newBuilder(URI.create(base
                + "/selfheal/bulkhead/limit?name=db-e2e&limit=8")).header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resized.statusCode()).isEqualTo(200);
        assertThat(bulkhead.config().maxConcurrentCalls()).isEqualTo(8);

        String listed = client.send(HttpRequest.newBuilder(URI.create(base + "/selfheal/policies"))
            .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(listed).contains("{\"kind\":\"circuitbreaker\",\"name\":\"payments-e2e\",\"state\":\"FORCED_OPEN\"")
            .contains("{\"kind\":\"bulkhead\",\"name\":\"db-e2e\",\"state\":\"ACCEPTING\"")
            .contains("\"maxConcurrentCalls\":8");

        assertThat(tree.journal().tail()).filteredOn(r -> r.actor().equals(Actor.operator("http:ops@127.0.0.1")))
            .extracting(JournalRecord::path).containsExactly("circuit:payments-e2e", "bulkhead:db-e2e");
      } finally {
        endpoint.stop();
        monitor.stop();
        tree.stop();
      }
    }
  }
}
