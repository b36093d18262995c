package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.probes.micrometer.ProbeMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Probe statistics and their meters, on a manual clock with checks run inline. */
class ProbeMetricsTest {
  final FakeTree tree = new FakeTree();
  final AtomicReference<ProbeResult> ready = new AtomicReference<>(ProbeResult.up());
  final AtomicBoolean slow = new AtomicBoolean();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  HealthMonitor monitor;

  @AfterEach
  void stop() {
    monitor.stop();
  }

  @Test
  void runs_timeouts_readiness_flips_and_reports_are_counted_and_scraped() {
    ProbeStatistics stats = ProbeStatistics.attach(tree);
    ProbeConfig live = ProbeConfig.builder(ProbeKind.LIVENESS).period(Duration.ofSeconds(10))
        .timeout(Duration.ofSeconds(1)).failureThreshold(2).build();
    ProbeConfig readiness = ProbeConfig.builder(ProbeKind.READINESS).period(Duration.ofSeconds(10))
        .failureThreshold(1).build();
    monitor = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false)
        .probe(stats.instrument(ProbeSpec.of("app/db", Object.class, live, db -> {
          if (slow.get()) {
            tree.ticker.advance(Duration.ofSeconds(2)); // the check takes twice its timeout
          }
          return ProbeResult.up();
        }).build()))
        .probe(stats.instrument(ProbeSpec.of("app/db", Object.class, readiness, db -> ready.get()).build()))
        .build();
    new ProbeMetrics(monitor, stats).bindTo(registry);
    monitor.start();
    tree.started("app/db", 2, new Object());
    tree.advance(Duration.ZERO);
    assertThat(stats.runs("app/db", ProbeKind.LIVENESS, ProbeStatistics.Outcome.PASSED)).isEqualTo(1);
    assertThat(registry.scrape())
        .contains("selfheal_component_ready{path=\"app/db\"} 1.0")
        .contains("selfheal_probe_status{kind=\"readiness\",path=\"app/db\"} 1.0")
        .contains("selfheal_health_status{probe=\"readiness\",status=\"up\"} 1.0");

    ready.set(ProbeResult.down("no connection"));
    slow.set(true);
    tree.advance(Duration.ofSeconds(10));
    tree.advance(Duration.ofSeconds(10));
    assertThat(stats.runs("app/db", ProbeKind.LIVENESS, ProbeStatistics.Outcome.TIMED_OUT)).isGreaterThanOrEqualTo(2);
    assertThat(stats.failuresReported("app/db")).isEqualTo(1);
    assertThat(stats.readinessChanges("app/db")).isGreaterThanOrEqualTo(1);
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("selfheal_component_ready{path=\"app/db\"} 0.0")
        .contains("selfheal_probe_status{kind=\"readiness\",path=\"app/db\"} 0.0")
        .contains("selfheal_probe_runs_total{kind=\"liveness\",outcome=\"timed_out\",path=\"app/db\"}")
        .contains("selfheal_probe_failures_reported_total{path=\"app/db\"} 1.0")
        .contains("selfheal_probe_readiness_changes_total{path=\"app/db\"}")
        .contains("selfheal_probe_duration_seconds_count{kind=\"liveness\",path=\"app/db\"}")
        .contains("selfheal_health_status{probe=\"readiness\",status=\"down\"} 1.0");
    for (Meter m : registry.getMeters()) {
      assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank();
    }
  }
}
