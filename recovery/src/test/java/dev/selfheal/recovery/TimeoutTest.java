package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.fake.TestMdc;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TimeoutTest {
  private final Timeout timeout = Timeout.of("t", TimeoutConfig.of(Duration.ofMillis(50)));

  @AfterEach
  void close() {
    timeout.close();
    MDC.clear();
  }

  @Test
  void returnsTheResultWithinTheLimitOnATimeoutThreadWithTheCallersMdc() {
    TestMdc.install();
    MDC.put("request", "7");
    AtomicReference<String> thread = new AtomicReference<>();
    AtomicReference<String> mdc = new AtomicReference<>();
    String out = timeout.get(() -> {
      thread.set(Thread.currentThread().getName());
      mdc.set(MDC.get("request"));
      return "ok";
    });
    assertThat(out).isEqualTo("ok");
    assertThat(thread.get()).startsWith("selfheal-timeout-");
    assertThat(mdc).hasValue("7");
  }

  @Test
  void failuresPassThroughUnwrapped() {
    assertThatThrownBy(() -> timeout.run(() -> {
      throw new IllegalStateException("inner");
    })).isInstanceOf(IllegalStateException.class).hasMessage("inner");
    assertThatThrownBy(() -> timeout.call(() -> {
      throw new java.io.IOException("io");
    })).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void interruptsWorkThatTimesOut() {
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    CountDownLatch never = new CountDownLatch(1);
    assertThatThrownBy(() -> timeout.run(() -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        sawInterrupt.set(true);
      }
    })).isInstanceOf(TimeoutExceededException.class).hasMessageContaining("PT0.05S");
    await().untilTrue(sawInterrupt);
    assertThat(timeout.timedOutCalls()).isEqualTo(1);
  }

  @Test
  void asyncCompletesAtTheDeadlineAndCancelsTheInnerFuture() {
    ManualTicker ticker = new ManualTicker();
    ManualScheduler scheduler = new ManualScheduler(ticker);
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).scheduler(scheduler)
        .exposeHealth(false).build()) {
      Timeout t = registry.timeout("a", TimeoutConfig.of(Duration.ofSeconds(2)));
      CompletableFuture<String> inner = new CompletableFuture<>();
      CompletableFuture<String> f = t.getAsync(() -> inner);
      scheduler.advance(Duration.ofMillis(1999));
      assertThat(f).isNotDone();
      scheduler.advance(Duration.ofMillis(1));
      assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TimeoutExceededException.class);
      assertThat(inner).isCancelled();
    }
  }

  @Test
  void asyncInTimeCancelsTheDeadline() throws Exception {
    ManualTicker ticker = new ManualTicker();
    ManualScheduler scheduler = new ManualScheduler(ticker);
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).scheduler(scheduler)
        .exposeHealth(false).build()) {
      Timeout t = registry.timeout("a", TimeoutConfig.of(Duration.ofSeconds(2)));
      CompletableFuture<String> f = t.getAsync(() -> CompletableFuture.completedFuture("fast"));
      assertThat(f.get()).isEqualTo("fast");
      assertThat(scheduler.pending()).isZero();
    }
  }

  @Test
  void closeStopsTheThreads() {
    timeout.get(() -> 1);
    timeout.close();
    assertThatThrownBy(() -> timeout.get(() -> 1)).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }
}
