package dev.selfheal.recovery.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.RateLimiter;
import dev.selfheal.recovery.RateLimiterConfig;
import dev.selfheal.recovery.RecoveryRegistry;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import dev.selfheal.recovery.Timeout;
import dev.selfheal.recovery.TimeoutConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retry attempts, rate limiter available permits and timeout completed calls, as accessors and as meters. */
class PolicyCountersTest {
  private final ManualTicker ticker = new ManualTicker();
  private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void retry_attempts_count_first_tries_and_retries() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).exposeHealth(false).build();
        RecoveryMetrics metrics = RecoveryMetrics.of(registry)) {
      Retry retry = registry.retry("db", RetryConfig.builder().maxAttempts(3).fixedBackoff(Duration.ZERO).build());
      metrics.bindTo(meters);
      AtomicInteger calls = new AtomicInteger();
      assertThat(retry.get(() -> calls.incrementAndGet() < 3 ? fail() : "ok")).isEqualTo("ok");
      assertThat(retry.get(() -> "first")).isEqualTo("first");
      assertThat(retry.attempts()).isEqualTo(4);
      assertThat(meters.scrape()).contains("selfheal_retry_attempts_total{name=\"db\"} 4.0");
    }
  }

  private static String fail() {
    throw new IllegalStateException("down");
  }

  @Test
  void rate_limiter_available_permits_drop_with_each_permit_and_refill_with_time() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).exposeHealth(false).build();
        RecoveryMetrics metrics = RecoveryMetrics.of(registry)) {
      RateLimiter rl = registry.rateLimiter("api", RateLimiterConfig.builder().permitsPerPeriod(10)
          .period(Duration.ofSeconds(1)).burst(3).build());
      metrics.bindTo(meters);
      assertThat(rl.availablePermits()).isEqualTo(3);
      assertThat(rl.tryAcquire()).isTrue();
      assertThat(rl.tryAcquire()).isTrue();
      assertThat(rl.availablePermits()).isEqualTo(1);
      assertThat(meters.scrape()).contains("selfheal_ratelimiter_available_permits{name=\"api\"} 1.0");
      assertThat(rl.tryAcquire()).isTrue();
      assertThat(rl.availablePermits()).isZero();
      assertThat(rl.tryAcquire()).isFalse();
      ticker.advance(Duration.ofMillis(100)); // one interval: one permit back
      assertThat(rl.availablePermits()).isEqualTo(1);
      ticker.advance(Duration.ofSeconds(10)); // long idle: never more than the burst
      assertThat(rl.availablePermits()).isEqualTo(3);
    }
  }

  @Test
  void timeout_counts_calls_ended_within_the_limit_with_a_result_or_their_own_exception() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().exposeHealth(false).build();
        RecoveryMetrics metrics = RecoveryMetrics.of(registry)) {
      Timeout t = registry.timeout("slow", TimeoutConfig.builder().timeout(Duration.ofSeconds(30)).build());
      metrics.bindTo(meters);
      assertThat(t.get(() -> "ok")).isEqualTo("ok");
      assertThatThrownBy(() -> t.get(PolicyCountersTest::fail)).hasMessage("down");
      assertThat(t.getAsync(() -> java.util.concurrent.CompletableFuture.completedFuture("async")).join())
          .isEqualTo("async");
      assertThat(t.completedCalls()).isEqualTo(3);
      assertThat(t.timedOutCalls()).isZero();
      assertThat(meters.scrape()).contains("selfheal_timeout_completed_calls_total{name=\"slow\"} 3.0");
    }
  }
}
