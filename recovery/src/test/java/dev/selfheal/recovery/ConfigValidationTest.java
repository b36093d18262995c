package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid field gives an IllegalArgumentException that names the field and the bad value. */
class ConfigValidationTest {

  static Stream<Arguments> badFields() {
    return Stream.of(
        bad("maxConcurrentCalls", "0", () -> BulkheadConfig.builder().maxConcurrentCalls(0).build()),
        bad("maxWait", "PT-1S", () -> BulkheadConfig.builder().maxWait(Duration.ofSeconds(-1)).build()),
        bad("maxWait", "PT48H", () -> BulkheadConfig.builder().maxWait(Duration.ofDays(2)).build()),
        bad("maxWait", "null", () -> BulkheadConfig.builder().maxWait(null).build()),
        bad("permitsPerPeriod", "0", () -> RateLimiterConfig.builder().permitsPerPeriod(0).build()),
        bad("period", "PT0S", () -> RateLimiterConfig.builder().period(Duration.ZERO).build()),
        bad("burst", "0", () -> RateLimiterConfig.builder().burst(0).build()),
        bad("maxWait", "PT-0.001S", () -> RateLimiterConfig.builder().maxWait(Duration.ofMillis(-1)).build()),
        bad("permitsPerPeriod", "2000", () -> RateLimiterConfig.builder().permitsPerPeriod(2000)
            .period(Duration.ofNanos(1000)).build()),
        bad("maxAttempts", "0", () -> RetryConfig.builder().maxAttempts(0).build()),
        bad("initialDelay", "PT-1S", () -> RetryConfig.builder().fixedBackoff(Duration.ofSeconds(-1)).build()),
        bad("maxDelay", "PT0.5S", () -> RetryConfig.builder()
            .exponentialBackoff(Duration.ofSeconds(1), 2, Duration.ofMillis(500)).build()),
        bad("multiplier", "0.5", () -> RetryConfig.builder()
            .exponentialBackoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(5)).build()),
        bad("multiplier", "NaN", () -> RetryConfig.builder()
            .exponentialBackoff(Duration.ofSeconds(1), Double.NaN, Duration.ofSeconds(5)).build()),
        bad("jitter", "null", () -> RetryConfig.builder().jitter(null).build()),
        bad("retryOnException", "null", () -> RetryConfig.builder().retryOnException(null).build()),
        bad("ttl", "PT0.5S", () -> RetryBudgetConfig.builder().ttl(Duration.ofMillis(500)).build()),
        bad("minRetriesPerSecond", "-1", () -> RetryBudgetConfig.builder().minRetriesPerSecond(-1).build()),
        bad("retryRatio", "-0.1", () -> RetryBudgetConfig.builder().retryRatio(-0.1).build()),
        bad("timeout", "PT0S", () -> TimeoutConfig.builder().timeout(Duration.ZERO).build()),
        bad("evictIdleAfter", "PT0S", () -> RecoveryRegistry.builder().evictIdleAfter(Duration.ZERO)),
        bad("maxInstancesPerKind", "0", () -> RecoveryRegistry.builder().maxInstancesPerKind(0)));
  }

  private static Arguments bad(String field, String value, Executable build) {
    return Arguments.of(field, value, build);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badFields")
  void namesFieldAndValue(String field, String value, Executable build) {
    assertThatThrownBy(build::execute).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(field).hasMessageContaining(value);
  }

  @Test
  void defaultsAreValidAndToBuilderRoundTrips() {
    assertThat(BulkheadConfig.ofDefaults().toBuilder().build().maxConcurrentCalls()).isEqualTo(25);
    assertThat(RateLimiterConfig.ofDefaults().burst()).isEqualTo(50);
    assertThat(RateLimiterConfig.builder().permitsPerPeriod(7).build().burst()).isEqualTo(7);
    assertThat(RetryConfig.ofDefaults().maxAttempts()).isEqualTo(3);
    RetryConfig c = RetryConfig.builder().exponentialBackoff(Duration.ofMillis(10), 3, Duration.ofSeconds(1))
        .jitter(RetryConfig.Jitter.EQUAL).build();
    RetryConfig copy = c.toBuilder().build();
    assertThat(copy.multiplier()).isEqualTo(3);
    assertThat(copy.maxDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(copy.jitter()).isEqualTo(RetryConfig.Jitter.EQUAL);
    assertThat(TimeoutConfig.ofDefaults().timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryBudgetConfig.ofDefaults().minRetriesPerSecond()).isEqualTo(10);
    assertThat(RetryBudgetConfig.ofDefaults().ttl()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void every_policy_has_ofDefaults_with_its_configs_defaults() {
    assertThat(Retry.ofDefaults("r").config().maxAttempts()).isEqualTo(RetryConfig.ofDefaults().maxAttempts());
    assertThat(RateLimiter.ofDefaults("l").config().burst()).isEqualTo(RateLimiterConfig.ofDefaults().burst());
    try (Timeout t = Timeout.ofDefaults("t")) {
      assertThat(t.name()).isEqualTo("t");
      assertThat(t.config().timeout()).isEqualTo(TimeoutConfig.ofDefaults().timeout());
    }
    assertThat(Bulkhead.ofDefaults("b").config().maxConcurrentCalls())
        .isEqualTo(BulkheadConfig.ofDefaults().maxConcurrentCalls());
  }
}
