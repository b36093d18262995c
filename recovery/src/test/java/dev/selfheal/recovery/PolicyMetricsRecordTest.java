package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue #9: every policy answers {@code metrics()} with one immutable record of what its counters hold. */
class PolicyMetricsRecordTest {
  private final ManualTicker ticker = new ManualTicker();
  private final RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker)
      .scheduler(new ManualScheduler(ticker)).exposeHealth(false).build();

  @Test
  void bulkheadMetricsArePermitsAndCalls() {
    Bulkhead b = registry.bulkhead("b", BulkheadConfig.builder().maxConcurrentCalls(2).build());
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.metrics()).isEqualTo(new BulkheadMetrics(0, 2, 2, 1));
    b.release();
    assertThat(b.metrics().availablePermits()).isEqualTo(1);
  }

  @Test
  void retryMetricsAreCallsByResultAttemptsAndRefusals() {
    Retry r = registry.retry("r", RetryConfig.builder().maxAttempts(3).fixedBackoff(Duration.ZERO).build());
    int[] n = {0};
    assertThat(r.get(() -> {
      if (++n[0] < 2) {
        throw new IllegalStateException("once");
      }
      return "ok";
    })).isEqualTo("ok");
    assertThat(r.get(() -> "first")).isEqualTo("first");
    assertThatThrownBy(() -> r.run(() -> {
      throw new IllegalStateException("always");
    })).hasMessage("always");
    assertThat(r.metrics()).isEqualTo(new RetryMetrics(1, 1, 1, 0, 6, 0));
  }

  @Test
  void rateLimiterMetricsArePermitsAndCalls() {
    RateLimiter rl = registry.rateLimiter("rl", RateLimiterConfig.builder().permitsPerPeriod(1)
        .period(Duration.ofSeconds(1)).burst(2).build());
    assertThat(rl.tryAcquire()).isTrue();
    assertThat(rl.tryAcquire()).isTrue();
    assertThat(rl.tryAcquire()).isFalse();
    assertThat(rl.metrics()).isEqualTo(new RateLimiterMetrics(0, 2, 1));
    ticker.advance(Duration.ofSeconds(1));
    assertThat(rl.metrics().availablePermits()).isEqualTo(1);
  }

  @Test
  void timeoutMetricsAreCompletedAndTimedOutCalls() {
    try (Timeout t = Timeout.of("t", TimeoutConfig.of(Duration.ofSeconds(30)))) {
      assertThat(t.get(() -> "ok")).isEqualTo("ok");
      assertThat(t.metrics()).isEqualTo(new TimeoutMetrics(1, 0));
    }
  }
}
