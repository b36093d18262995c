package dev.selfheal.recovery.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.RateLimiter;
import dev.selfheal.recovery.RateLimiterConfig;
import dev.selfheal.recovery.RecoveryRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** resilience4j #2336: threads waiting for a rate-limiter permit overran the configured timeout. */
class Resilience4j2336Test {

  @Test
  void aPermitFurtherAwayThanTheWaitIsRefusedWithoutWaiting() {
    ManualTicker ticker = new ManualTicker(); // never moves: a waiting caller would hang
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).exposeHealth(false).build()) {
      RateLimiter limiter = registry.rateLimiter("r", RateLimiterConfig.builder().permitsPerPeriod(1)
          .period(Duration.ofSeconds(1)).burst(1).build());
      assertThat(limiter.tryAcquire()).isTrue();
      boolean got = assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> limiter.tryAcquire(Duration.ofMillis(999)));
      assertThat(got).isFalse();
      assertThat(limiter.rejectedCalls()).isEqualTo(1);
    }
  }

  @Test
  void aBoundedWaitOnTheSystemClockNeitherReturnsEarlyNorOverruns() throws Exception {
    RateLimiter limiter = RateLimiter.of("r", RateLimiterConfig.builder().permitsPerPeriod(1)
        .period(Duration.ofMillis(100)).burst(1).build());
    // start before the first permit: the next one is due ~100 ms after it, however long this thread is
    // descheduled in between (under load that gap alone made the wait look early)
    long start = System.nanoTime();
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire(Duration.ofSeconds(5))).isTrue();
    long waited = System.nanoTime() - start;
    assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(90).toNanos()); // next permit ~100 ms after the first
    assertThat(waited).isLessThan(Duration.ofSeconds(5).toNanos());
    start = System.nanoTime();
    assertThat(limiter.tryAcquire(Duration.ofMillis(10))).isFalse(); // ~100 ms away: refused at once
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(1).toNanos());
  }
}
