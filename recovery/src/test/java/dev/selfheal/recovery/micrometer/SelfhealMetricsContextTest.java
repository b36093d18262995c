package dev.selfheal.recovery.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.micrometer.SelfhealMetrics;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.RecoveryRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** SelfhealMetrics.bindTo(meters, tree): the tree's meters and its context's registries, joined before or after. */
class SelfhealMetricsContextTest {
  private final ManualTicker ticker = new ManualTicker();
  private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private CircuitBreaker breaker(String name) {
    return CircuitBreaker.of(name, CircuitBreakerConfig.builder().ticker(ticker).build());
  }

  private SupervisorTree tree(String name) {
    return SupervisorTree.builder(SupervisorSpec.builder(name).build()).ticker(ticker).build();
  }

  @Test
  void a_registry_joined_after_binding_appears_and_closing_it_removes_its_meters() {
    try (SupervisorTree tree = tree("shop");
        RecoveryRegistry early = RecoveryRegistry.of(tree.context())) {
      early.bulkhead("db");
      SelfhealMetrics metrics = SelfhealMetrics.bindTo(meters, tree);
      assertThat(metrics.moduleBinders()).as("recovery's provider found by ServiceLoader").isEqualTo(1);
      assertThat(meters.scrape()).contains("selfheal_tree_failures_total{tree=\"shop\"} 0.0")
          .contains("selfheal_bulkhead_max_permits{name=\"db\",tree=\"shop\"}");

      RecoveryRegistry late = RecoveryRegistry.of(tree.context());
      late.circuitBreaker("payments", this::breaker);
      late.retry("payments");
      assertThat(meters.scrape())
          .contains("selfheal_circuit_state{name=\"payments\",state=\"closed\",tree=\"shop\"} 1.0")
          .contains("selfheal_retry_calls_total{name=\"payments\",outcome=\"success_without_retry\",tree=\"shop\"} 0.0");

      late.remove("retry", "payments", Actor.operator("test"));
      assertThat(meters.scrape()).doesNotContain("selfheal_retry_").contains("selfheal_circuit_state");

      late.close();
      assertThat(meters.scrape()).as("a closed registry leaves no stale meter").doesNotContain("selfheal_circuit_")
          .contains("selfheal_bulkhead_max_permits{name=\"db\",tree=\"shop\"}");

      RecoveryRegistry again = RecoveryRegistry.of(tree.context());
      again.circuitBreaker("payments", this::breaker);
      assertThat(meters.scrape()).contains("selfheal_circuit_state{name=\"payments\",state=\"closed\",tree=\"shop\"}");

      metrics.close();
      assertThat(meters.getMeters()).as("close() removes every meter it bound").isEmpty();
      again.circuitBreaker("later", this::breaker);
      assertThat(meters.getMeters()).as("nothing followed after close()").isEmpty();
      again.close();
    }
  }

  @Test
  void two_trees_in_one_meter_registry_keep_their_breakers_apart() {
    try (SupervisorTree a = tree("a");
        SupervisorTree b = tree("b");
        RecoveryRegistry ra = RecoveryRegistry.of(a.context());
        RecoveryRegistry rb = RecoveryRegistry.of(b.context());
        SelfhealMetrics ma = SelfhealMetrics.bindTo(meters, a);
        SelfhealMetrics mb = SelfhealMetrics.bindTo(meters, b)) {
      ra.circuitBreaker("payments", this::breaker).transitionTo(CircuitBreaker.State.FORCED_OPEN, Actor.operator("test"));
      rb.circuitBreaker("payments", this::breaker);
      assertThat(meters.scrape())
          .contains("selfheal_circuit_state{name=\"payments\",state=\"forced_open\",tree=\"a\"} 1.0")
          .contains("selfheal_circuit_state{name=\"payments\",state=\"closed\",tree=\"b\"} 1.0");
    }
  }
}
