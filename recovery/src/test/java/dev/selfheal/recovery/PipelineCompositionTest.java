package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.fake.FakeCircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attempt count versus execution count per policy order (Failsafe's PolicyCompositionTest idea). */
class PipelineCompositionTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).scheduler(scheduler)
      .exposeHealth(false).build();

  @AfterEach
  void close() {
    registry.close();
  }

  private Retry retry(int attempts) {
    return registry.retry("retry-" + attempts, RetryConfig.builder().maxAttempts(attempts)
        .fixedBackoff(Duration.ZERO).build());
  }

  @Test
  void retrySevenAroundAFullBulkheadMakesSevenAttemptsAndNoExecution() {
    Bulkhead bulkhead = registry.bulkhead("full", BulkheadConfig.builder().maxConcurrentCalls(1).build());
    bulkhead.tryAcquire(); // full
    Pipeline<String> pipeline = Pipeline.<String>builder().retry(retry(7)).bulkhead(bulkhead).build();
    AtomicInteger executions = new AtomicInteger();
    assertThatThrownBy(() -> pipeline.get(() -> {
      executions.incrementAndGet();
      return "never";
    })).isInstanceOf(BulkheadFullException.class);
    assertThat(bulkhead.rejectedCalls()).as("attempts").isEqualTo(7);
    assertThat(executions).as("executions").hasValue(0);
    assertThat(bulkhead.availablePermits()).isZero(); // the permit held outside is untouched
  }

  @Test
  void retryAroundTimeoutTimedOutAttemptsSeeCancellation() {
    Timeout timeout = registry.timeout("t", TimeoutConfig.of(Duration.ofMillis(50)));
    Pipeline<String> pipeline = Pipeline.<String>builder().retry(retry(3)).timeout(timeout).build();
    AtomicInteger attempts = new AtomicInteger();
    List<Boolean> cancelled = new ArrayList<>();
    String out = pipeline.get(() -> {
      if (attempts.incrementAndGet() < 3) {
        try {
          new CountDownLatch(1).await(); // slow: only the timeout ends it
        } catch (InterruptedException e) {
          synchronized (cancelled) {
            cancelled.add(true);
          }
        }
        return "too late";
      }
      return "ok";
    });
    assertThat(out).isEqualTo("ok");
    assertThat(attempts).hasValue(3);
    assertThat(timeout.timedOutCalls()).isEqualTo(2);
    org.awaitility.Awaitility.await().until(() -> {
      synchronized (cancelled) {
        return cancelled.size() == 2;
      }
    });
  }

  @Test
  void retryAroundBreakerRecordsEachAttempt() {
    FakeCircuitBreaker breaker = new FakeCircuitBreaker("cb", 3, false);
    Pipeline<String> pipeline = Pipeline.<String>builder().retry(retry(3)).circuitBreaker(breaker).build();
    AtomicInteger attempts = new AtomicInteger();
    String out = pipeline.get(() -> {
      if (attempts.incrementAndGet() <= 2) {
        throw new IllegalStateException("fail");
      }
      return "ok";
    });
    assertThat(out).isEqualTo("ok");
    assertThat(breaker.failures).hasValue(2);
    assertThat(breaker.successes).hasValue(1);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.permitsOut).hasValue(0);
  }

  @Test
  void openBreakerRejectsEveryRetryAndFallbackAnswers() {
    FakeCircuitBreaker breaker = new FakeCircuitBreaker("cb", 1, false);
    Pipeline<String> pipeline = Pipeline.<String>builder().retry(retry(4)).circuitBreaker(breaker)
        .fallback(Fallback.<String>builder((f, r) -> "fallback:" + f.getClass().getSimpleName())
            .handle(CircuitOpenException.class).handle(IllegalStateException.class).build())
        .build();
    AtomicInteger executions = new AtomicInteger();
    String out = pipeline.get(() -> {
      executions.incrementAndGet();
      throw new IllegalStateException("down");
    });
    assertThat(out).isEqualTo("fallback:CircuitOpenException");
    assertThat(executions).hasValue(1);
    assertThat(breaker.rejections).hasValue(3);
  }

  @Test
  void defaultOrderIsDocumentedAndExplicitOrderIsKept() {
    Pipeline<Object> all = Pipeline.builder()
        .bulkhead(registry.bulkhead("b")).timeout(registry.timeout("t")).rateLimiter(registry.rateLimiter("r"))
        .circuitBreaker(new FakeCircuitBreaker("cb", 1, false)).retry(retry(2)).fallback(Fallback.ofValue("x"))
        .build();
    assertThat(all.order()).containsExactly("fallback", "retry", "circuitbreaker", "ratelimiter", "timeout",
        "bulkhead");
    Pipeline<Object> explicit = Pipeline.builder().explicitOrder().bulkhead(registry.bulkhead("b")).retry(retry(2))
        .build();
    assertThat(explicit.order()).containsExactly("bulkhead", "retry");
  }

  @Test
  void bulkheadOutsideRetryHoldsOnePermitForAllAttempts() {
    Bulkhead bulkhead = registry.bulkhead("one", BulkheadConfig.builder().maxConcurrentCalls(1).build());
    Pipeline<String> pipeline = Pipeline.<String>builder().explicitOrder().bulkhead(bulkhead).retry(retry(3)).build();
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> pipeline.get(() -> {
      attempts.incrementAndGet();
      assertThat(bulkhead.availablePermits()).isZero();
      throw new IllegalStateException();
    })).isInstanceOf(IllegalStateException.class);
    assertThat(attempts).hasValue(3);
    assertThat(bulkhead.permittedCalls()).isEqualTo(1);
    assertThat(bulkhead.availablePermits()).isEqualTo(1);
  }

  @Test
  void addingAKindTwiceIsRefused() {
    assertThatThrownBy(() -> Pipeline.builder().retry(retry(2)).retry(retry(3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry");
  }

  @Test
  void breakerDurationIsMeasuredOnTheTickerOnlyWhenAsked() {
    FakeCircuitBreaker slowAware = new FakeCircuitBreaker("cb", 5, true);
    Pipeline<String> pipeline = Pipeline.<String>builder().ticker(ticker).circuitBreaker(slowAware).build();
    pipeline.get(() -> {
      ticker.advance(Duration.ofMillis(250));
      return "x";
    });
    assertThat(slowAware.lastDuration).isEqualTo(Duration.ofMillis(250).toNanos());
    FakeCircuitBreaker plain = new FakeCircuitBreaker("cb2", 5, false);
    Pipeline.<String>builder().ticker(ticker).circuitBreaker(plain).build().get(() -> {
      ticker.advance(Duration.ofMillis(250));
      return "x";
    });
    assertThat(plain.lastDuration).isZero();
  }

  @Test
  void functionsRunnablesAndCallablesGoThroughTheSamePolicies() throws Exception {
    Bulkhead bulkhead = registry.bulkhead("b", BulkheadConfig.builder().maxConcurrentCalls(5).build());
    Pipeline<Integer> pipeline = Pipeline.<Integer>builder().retry(retry(2)).bulkhead(bulkhead).build();
    Function<String, Integer> length = pipeline.decorate(String::length);
    assertThat(length.apply("four")).isEqualTo(4);
    assertThat(pipeline.call(() -> 5)).isEqualTo(5);
    AtomicInteger ran = new AtomicInteger();
    pipeline.run(ran::incrementAndGet);
    assertThat(ran).hasValue(1);
    assertThat(bulkhead.permittedCalls()).isEqualTo(3);
  }

  @Test
  void asyncRetryAroundBreakerAndBulkheadEndsEveryPermit() throws Exception {
    FakeCircuitBreaker breaker = new FakeCircuitBreaker("cb", 10, false);
    Bulkhead bulkhead = registry.bulkhead("b", BulkheadConfig.builder().maxConcurrentCalls(2).build());
    Retry retry = registry.retry("r", RetryConfig.builder().maxAttempts(3).fixedBackoff(Duration.ofSeconds(1)).build());
    Pipeline<String> pipeline = Pipeline.<String>builder().retry(retry).circuitBreaker(breaker).bulkhead(bulkhead)
        .build();
    AtomicInteger attempts = new AtomicInteger();
    CompletableFuture<String> f = pipeline.getAsync(() -> attempts.incrementAndGet() < 3
        ? CompletableFuture.failedFuture(new IllegalStateException()) : CompletableFuture.completedFuture("ok"));
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(f.get()).isEqualTo("ok");
    assertThat(attempts).hasValue(3);
    assertThat(breaker.failures).hasValue(2);
    assertThat(breaker.successes).hasValue(1);
    assertThat(breaker.permitsOut).hasValue(0);
    assertThat(bulkhead.availablePermits()).isEqualTo(2);
  }

  @Test
  void cancellingAnAsyncCallReleasesBreakerAndBulkheadAndStopsRetries() {
    FakeCircuitBreaker breaker = new FakeCircuitBreaker("cb", 10, false);
    Bulkhead bulkhead = registry.bulkhead("b", BulkheadConfig.builder().maxConcurrentCalls(2).build());
    Retry retry = registry.retry("r", RetryConfig.builder().maxAttempts(5).fixedBackoff(Duration.ofSeconds(1)).build());
    Pipeline<String> pipeline = Pipeline.<String>builder().retry(retry).circuitBreaker(breaker).bulkhead(bulkhead)
        .build();
    List<CompletableFuture<String>> inners = new ArrayList<>();
    CompletableFuture<String> f = pipeline.getAsync(() -> {
      CompletableFuture<String> inner = new CompletableFuture<>();
      inners.add(inner);
      return inner;
    });
    assertThat(bulkhead.availablePermits()).isEqualTo(1);
    f.cancel(true);
    assertThat(inners).singleElement().satisfies(i -> assertThat(i).isCancelled());
    assertThat(breaker.releases).hasValue(1);
    assertThat(breaker.failures).hasValue(0);
    assertThat(breaker.permitsOut).hasValue(0);
    assertThat(bulkhead.availablePermits()).isEqualTo(2);
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(inners).hasSize(1);
  }

  @Test
  void asyncFailureInAnAttemptIsNotMaskedByTheBulkhead() {
    Bulkhead bulkhead = registry.bulkhead("b", BulkheadConfig.builder().maxConcurrentCalls(1).build());
    Pipeline<String> pipeline = Pipeline.<String>builder().bulkhead(bulkhead).build();
    CompletableFuture<String> f = pipeline.getAsync(() -> CompletableFuture.failedFuture(new IllegalStateException("x")));
    assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(bulkhead.availablePermits()).isEqualTo(1);
  }
}
