package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Recovery without Micrometer on the class path (the parent pom's {@code no-micrometer} Surefire execution). */
class NoMicrometerTest {

  @Test
  void policies_work_and_count_with_micrometer_absent() {
    assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
        .isInstanceOf(ClassNotFoundException.class);
    try (RecoveryRegistry registry = RecoveryRegistry.builder().exposeHealth(false).build()) {
      Pipeline<String> pipeline = Pipeline.<String>builder().bulkhead(registry.bulkhead("db"))
          .circuitBreaker(registry.circuitBreaker("db", CircuitBreaker::ofDefaults)).build();
      assertThat(pipeline.get(() -> "ok")).isEqualTo("ok");
      assertThat(registry.findCircuitBreaker("db").orElseThrow().metrics().successfulCalls()).isEqualTo(1);
    }
  }
}
