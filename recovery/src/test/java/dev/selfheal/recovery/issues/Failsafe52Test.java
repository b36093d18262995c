package dev.selfheal.recovery.issues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.RecoveryRegistry;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * failsafe #52 and #266: cancelling the returned future neither stopped scheduled retries nor reached the
 * user's inner future.
 */
class Failsafe52Test {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).scheduler(scheduler)
      .exposeHealth(false).build();
  private final Retry retry = registry.retry("r", RetryConfig.builder().maxAttempts(10)
      .fixedBackoff(Duration.ofSeconds(1)).build());

  @Test
  void cancellingStopsThePendingRetry() {
    AtomicInteger attempts = new AtomicInteger();
    CompletableFuture<String> f = retry.getAsync(() -> {
      attempts.incrementAndGet();
      return CompletableFuture.failedFuture(new IllegalStateException());
    });
    assertThat(scheduler.pending()).isEqualTo(1);
    f.cancel(true);
    assertThat(scheduler.pending()).isZero();
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(attempts).hasValue(1);
  }

  @Test
  void cancellingCancelsTheAttemptInFlight() {
    List<CompletableFuture<String>> inners = new ArrayList<>();
    CompletableFuture<String> f = retry.getAsync(() -> {
      CompletableFuture<String> inner = inners.size() == 0
          ? CompletableFuture.failedFuture(new IllegalStateException()) : new CompletableFuture<>();
      inners.add(inner);
      return inner;
    });
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(inners).hasSize(2);
    f.cancel(true);
    assertThat(inners.get(1)).isCancelled();
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(inners).hasSize(2);
  }
}
