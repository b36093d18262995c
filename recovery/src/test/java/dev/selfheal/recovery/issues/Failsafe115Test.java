package dev.selfheal.recovery.issues;

import dev.selfheal.recovery.internal.PolicyMath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.recovery.RetryConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * failsafe #115 (jitter bigger than the delay made the wait negative), failsafe #97 (the first wait was
 * already multiplied), aws-sdk-java #874 (the exponential delay overflowed and went negative).
 */
class Failsafe115Test {

  @Test
  void jitterNeverMakesTheWaitNegative() {
    for (RetryConfig.Jitter jitter : RetryConfig.Jitter.values()) {
      RetryConfig c = RetryConfig.builder().exponentialBackoff(Duration.ofNanos(1), 2, Duration.ofNanos(3))
          .jitter(jitter).build();
      for (double u : new double[] {0.0, 0.5, 0.999999}) {
        assertThat(PolicyMath.delayNanos(c, 1, 0, u)).as("%s u=%s", jitter, u).isBetween(0L, 3L);
      }
    }
  }

  @Test
  void firstWaitIsTheInitialDelay() {
    RetryConfig c = RetryConfig.builder().exponentialBackoff(Duration.ofMillis(100), 2, Duration.ofSeconds(10)).build();
    assertThat(PolicyMath.nextDelayNanos(c, 1, 0)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(PolicyMath.nextDelayNanos(c, 2, 0)).isEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(PolicyMath.nextDelayNanos(c, 3, 0)).isEqualTo(Duration.ofMillis(400).toNanos());
  }

  @Test
  void largeAttemptNumbersSaturateAtTheCap() {
    RetryConfig c = RetryConfig.builder().exponentialBackoff(Duration.ofMillis(100), 2, Duration.ofSeconds(10)).build();
    assertThat(PolicyMath.nextDelayNanos(c, 64, 0)).isEqualTo(Duration.ofSeconds(10).toNanos());
    assertThat(PolicyMath.nextDelayNanos(c, Integer.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10).toNanos());
  }
}
