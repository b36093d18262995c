package dev.selfheal.recovery.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.event.Actor;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.RecoveryRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecoveryMetricsTest {
  private final ManualTicker ticker = new ManualTicker();
  private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private CircuitBreaker breaker(String name) {
    return CircuitBreaker.of(name, CircuitBreakerConfig.builder().slidingWindow(4).minimumNumberOfCalls(2)
        .failureRateThreshold(0.5).openFor(Duration.ofSeconds(30)).ticker(ticker).build());
  }

  @Test
  void policies_created_later_are_bound_and_removed_ones_leave_no_meter() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).exposeHealth(false).build();
        RecoveryMetrics metrics = RecoveryMetrics.of(registry)) {
      registry.bulkhead("db", BulkheadConfig.builder().maxConcurrentCalls(3).build());
      metrics.bindTo(meters);
      assertThat(meters.scrape()).contains("selfheal_bulkhead_max_permits{name=\"db\"} 3.0");

      CircuitBreaker cb = registry.circuitBreaker("payments", this::breaker);
      registry.retry("payments");
      registry.rateLimiter("api");
      registry.timeout("slow");
      assertThat(cb.tryAcquirePermission()).isTrue();
      cb.onError(0, new IllegalStateException("down"));
      assertThat(cb.tryAcquirePermission()).isTrue();
      cb.onError(0, new IllegalStateException("down"));
      assertThat(cb.tryAcquirePermission()).isFalse();
      String scrape = meters.scrape();
      assertThat(scrape)
          .contains("selfheal_circuit_state{name=\"payments\",state=\"open\"} 1.0")
          .contains("selfheal_circuit_state{name=\"payments\",state=\"closed\"} 0.0")
          .contains("selfheal_circuit_calls_total{name=\"payments\",outcome=\"failure\"} 2.0")
          .contains("selfheal_circuit_calls_total{name=\"payments\",outcome=\"rejected\"} 1.0")
          .contains("selfheal_circuit_failure_ratio{name=\"payments\"}")
          .contains("selfheal_retry_calls_total{name=\"payments\",outcome=\"success_without_retry\"} 0.0")
          .contains("selfheal_retry_budget_refusals_total{name=\"payments\"} 0.0")
          .contains("selfheal_ratelimiter_calls_total{name=\"api\",outcome=\"permitted\"} 0.0")
          .contains("selfheal_timeout_timeouts_total{name=\"slow\"} 0.0")
          .contains("selfheal_bulkhead_available_permits{name=\"db\"} 3.0")
          .contains("selfheal_bulkhead_calls_total{name=\"db\",outcome=\"rejected\"} 0.0");
      assertThat(metrics.boundInstances()).isEqualTo(5);
      for (Meter m : meters.getMeters()) {
        assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank();
        assertThat(m.getId().getBaseUnit()).as(m.getId().getName()).isNotBlank();
      }

      registry.remove("circuitbreaker", "payments", Actor.operator("test"));
      assertThat(meters.scrape()).doesNotContain("selfheal_circuit_");
      CircuitBreaker again = registry.circuitBreaker("payments", this::breaker);
      assertThat(meters.scrape()).contains("selfheal_circuit_state{name=\"payments\",state=\"closed\"} 1.0")
          .contains("selfheal_circuit_calls_total{name=\"payments\",outcome=\"failure\"} 0.0");
      assertThat(again).isNotSameAs(cb);
    }
    assertThat(meters.getMeters()).isEmpty(); // close() removed them all
  }

  @Test
  void evicted_instances_are_unbound_and_the_instance_cap_bounds_cardinality() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).exposeHealth(false)
        .maxInstancesPerKind(2).build();
        RecoveryMetrics metrics = RecoveryMetrics.of(registry, Tags.of("app", "shop"), 1)) {
      metrics.bindTo(meters);
      registry.bulkhead("tenant-1");
      ticker.advance(Duration.ofSeconds(1));
      registry.bulkhead("tenant-2");
      ticker.advance(Duration.ofSeconds(1));
      assertThat(metrics.boundInstances()).isEqualTo(1);
      registry.bulkhead("tenant-3"); // evicts tenant-1, the least recently used
      assertThat(metrics.boundInstances()).isEqualTo(1);
      assertThat(meters.scrape()).doesNotContain("tenant-1").contains("app=\"shop\"");
    }
  }

  @Test
  void a_fixed_set_is_bound_and_an_unknown_policy_is_refused_by_type() {
    Bulkhead b = Bulkhead.ofDefaults("solo");
    try (RecoveryMetrics metrics = RecoveryMetrics.of(b, breaker("cb"))) {
      metrics.bindTo(meters);
      assertThat(b.tryAcquire()).isTrue();
      assertThat(meters.scrape()).contains("selfheal_bulkhead_calls_total{name=\"solo\",outcome=\"permitted\"} 1.0");
      b.release();
      assertThatThrownBy(() -> metrics.bindTo(meters)).isInstanceOf(IllegalStateException.class);
    }
    assertThatThrownBy(() -> RecoveryMetrics.of("not a policy")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
  }
}
