package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Probes without Micrometer on the class path (the parent pom's {@code no-micrometer} Surefire execution). */
class NoMicrometerTest {

  @Test
  void probes_run_and_count_with_micrometer_absent() {
    assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
        .isInstanceOf(ClassNotFoundException.class);
    FakeTree tree = new FakeTree();
    ProbeStatistics stats = ProbeStatistics.attach(tree);
    try (HealthMonitor monitor = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false)
        .probe(stats.instrument(ProbeSpec.liveness("app/db", Object.class, db -> ProbeResult.up()).build()))
        .build()) {
      monitor.start();
      tree.started("app/db", 2, new Object());
      tree.advance(Duration.ZERO);
      assertThat(stats.runs("app/db", ProbeKind.LIVENESS, ProbeStatistics.Outcome.PASSED)).isEqualTo(1);
    }
  }
}
