package dev.selfheal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The library without Micrometer on the class path: runs in its own Surefire execution ({@code no-micrometer}
 * in core's pom) that removes micrometer-core and the Prometheus registry from the test class path.
 */
class NoMicrometerTest {

  @Test
  void a_tree_heals_and_counts_with_micrometer_absent() {
    assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
        .isInstanceOf(ClassNotFoundException.class);
    Lifecycle lc = new Lifecycle();
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, Duration.ofSeconds(60))
        .child(lc.service("a")).build();
    try (Harness h = new Harness(spec)) {
      HealingMetrics m = HealingMetrics.attach(h.tree);
      h.start();
      h.crashAndAwaitRestart("app/a");
      assertThat(m.restarts()).isEqualTo(1);
      assertThat(m.timeToRecovery().count()).isEqualTo(1);
    }
  }
}
