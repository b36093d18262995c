package dev.selfheal.recovery.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.recovery.Timeout;
import dev.selfheal.recovery.TimeoutConfig;
import dev.selfheal.recovery.TimeoutExceededException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * resilience4j #905 / #1530: the timeout fired but the running work was not cancelled, so its thread stayed
 * busy. Sync work is interrupted; an async inner future is cancelled.
 */
class Resilience4j905Test {

  @Test
  void syncTimeoutInterruptsTheWorkSoItsThreadIsFreed() {
    AtomicBoolean interrupted = new AtomicBoolean();
    try (Timeout timeout = Timeout.of("t", TimeoutConfig.of(Duration.ofMillis(30)))) {
      assertThatThrownBy(() -> timeout.run(() -> {
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          interrupted.set(true);
        }
      })).isInstanceOf(TimeoutExceededException.class);
      await().untilTrue(interrupted);
    }
  }

  @Test
  void asyncTimeoutCancelsTheInnerFuture() {
    try (Timeout timeout = Timeout.of("t", TimeoutConfig.of(Duration.ofMillis(30)))) {
      CompletableFuture<String> inner = new CompletableFuture<>();
      CompletableFuture<String> f = timeout.getAsync(() -> inner);
      assertThatThrownBy(() -> f.get()).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TimeoutExceededException.class);
      assertThat(inner).isCancelled();
    }
  }
}
