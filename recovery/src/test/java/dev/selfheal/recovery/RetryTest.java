package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.fake.TestMdc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RetryTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).scheduler(scheduler)
      .exposeHealth(false).build();

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  private static RetryConfig.Builder noWait(int attempts) {
    return RetryConfig.builder().maxAttempts(attempts).fixedBackoff(Duration.ZERO);
  }

  @Test
  void retriesUntilSuccessAndCounts() {
    Retry retry = registry.retry("r", noWait(3).build());
    AtomicInteger calls = new AtomicInteger();
    String out = retry.get(() -> {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("fail " + calls.get());
      }
      return "ok";
    });
    assertThat(out).isEqualTo("ok");
    assertThat(calls).hasValue(3);
    assertThat(retry.successfulCallsWithRetry()).isEqualTo(1);
    assertThat(retry.get(() -> "first")).isEqualTo("first");
    assertThat(retry.successfulCallsWithoutRetry()).isEqualTo(1);
  }

  @Test
  void throwsTheLastFailureWhenAttemptsRunOut() {
    Retry retry = registry.retry("r", noWait(4).build());
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> retry.run(() -> {
      throw new IllegalStateException("fail " + calls.incrementAndGet());
    })).hasMessage("fail 4");
    assertThat(retry.failedCallsWithRetry()).isEqualTo(1);
  }

  @Test
  void doesNotRetryWhatThePredicateRejects() {
    Retry retry = registry.retry("r", noWait(5).retryOn(IOException.class).build());
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> retry.call(() -> {
      calls.incrementAndGet();
      throw new IllegalArgumentException("no");
    })).isInstanceOf(IllegalArgumentException.class);
    assertThat(calls).hasValue(1);
    assertThat(retry.failedCallsWithoutRetry()).isEqualTo(1);
  }

  @Test
  void checkedExceptionsPassThroughCallUnwrapped() {
    Retry retry = registry.retry("r", noWait(2).build());
    assertThatThrownBy(() -> retry.call(() -> {
      throw new IOException("io");
    })).isInstanceOf(IOException.class).hasMessage("io");
  }

  @Test
  void retriesOnResultAndReturnsTheLastResult() {
    Retry retry = registry.retry("r", noWait(3).retryOnResult(r -> r == null).build());
    AtomicInteger calls = new AtomicInteger();
    Object out = retry.get(() -> calls.incrementAndGet() < 10 ? null : "late");
    assertThat(out).isNull();
    assertThat(calls).hasValue(3);
  }

  @Test
  void waitsTheBackoffOnTheTicker() throws Exception {
    Retry retry = registry.retry("r", RetryConfig.builder().maxAttempts(2).fixedBackoff(Duration.ofSeconds(5)).build());
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<Object> out = new AtomicReference<>();
    Thread t = new Thread(() -> out.set(retry.get(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException();
      }
      return "second";
    })), "selfheal-test-caller");
    t.start();
    org.awaitility.Awaitility.await().until(() -> calls.get() == 1 && t.getState() == Thread.State.TIMED_WAITING);
    ticker.advance(Duration.ofMillis(4999));
    assertThat(calls).hasValue(1);
    ticker.advance(Duration.ofMillis(1));
    t.join(10_000);
    assertThat(out).hasValue("second");
  }

  @Test
  void budgetSharedBetweenRetriesStopsRetryStorms() {
    RetryBudget budget = RetryBudget.of(RetryBudgetConfig.builder().minRetriesPerSecond(0).retryRatio(0.5).build(),
        ticker);
    Retry a = registry.retry("a", noWait(10).budget(budget).build());
    Retry b = registry.retry("b", noWait(10).budget(budget).build());
    AtomicInteger attempts = new AtomicInteger();
    for (int i = 0; i < 4; i++) {
      Retry r = i % 2 == 0 ? a : b;
      assertThatThrownBy(() -> r.run(() -> {
        attempts.incrementAndGet();
        throw new IllegalStateException();
      })).isInstanceOf(IllegalStateException.class);
    }
    // 4 calls * 0.5 = 2 retries in the window, shared by both retries
    assertThat(attempts).hasValue(4 + 2);
    assertThat(a.budgetRefusals() + b.budgetRefusals()).isEqualTo(4);
    assertThat(budget.refusedRetries()).isEqualTo(4);
  }

  @Test
  void asyncRetriesRunOnTheSchedulerWithTheCallersMdc() throws Exception {
    Retry retry = registry.retry("r", RetryConfig.builder().maxAttempts(3).fixedBackoff(Duration.ofSeconds(1)).build());
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<String> mdcSeen = new AtomicReference<>();
    TestMdc.install();
    MDC.put("request", "42");
    CompletableFuture<String> f = retry.getAsync(() -> {
      mdcSeen.set(MDC.get("request"));
      return calls.incrementAndGet() < 3 ? CompletableFuture.failedFuture(new IllegalStateException())
          : CompletableFuture.completedFuture("done");
    });
    MDC.clear();
    assertThat(calls).hasValue(1);
    assertThat(scheduler.pending()).isEqualTo(1);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(calls).hasValue(2);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(f.get()).isEqualTo("done");
    assertThat(mdcSeen).hasValue("42");
  }

  @Test
  void asyncExhaustedCompletesWithTheLastFailure() {
    Retry retry = registry.retry("r", noWait(2).build());
    CompletableFuture<String> f = retry.getAsync(() -> CompletableFuture.failedFuture(new UncheckedIOException(
        new IOException("x"))));
    scheduler.runDueTasks();
    assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UncheckedIOException.class);
  }

  @Test
  void anExhaustedRetryCarriesTheEarlierFailuresAsSuppressed() {
    Retry retry = registry.retry("r", noWait(3).build());
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> retry.get(() -> {
      throw new IllegalStateException("fail " + calls.incrementAndGet());
    })).hasMessage("fail 3").satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
        .containsExactly("fail 1", "fail 2"));
  }

  @Test
  void theSameExceptionThrownByEveryAttemptIsNotSuppressedByItself() {
    Retry retry = registry.retry("r", noWait(3).build());
    IllegalStateException same = new IllegalStateException("same");
    assertThatThrownBy(() -> retry.get(() -> {
      throw same;
    })).isSameAs(same);
    assertThat(same.getSuppressed()).isEmpty();
  }

  @Test
  void anExhaustedAsyncRetryCarriesTheEarlierFailuresAsSuppressed() {
    Retry retry = registry.retry("r", noWait(3).build());
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<Object> f = retry.getAsync(() -> CompletableFuture.failedFuture(
        new IllegalStateException("fail " + calls.incrementAndGet())));
    scheduler.runDueTasks();
    assertThat(f).isCompletedExceptionally();
    assertThatThrownBy(f::join).cause().hasMessage("fail 3").satisfies(e -> assertThat(e.getSuppressed())
        .extracting(Throwable::getMessage).containsExactly("fail 1", "fail 2"));
  }
}
