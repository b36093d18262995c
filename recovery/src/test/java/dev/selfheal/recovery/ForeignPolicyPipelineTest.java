package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.event.Actor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** One rule for every policy kind (#13): a pipeline accepts a Retry or a Fallback that Selfheal did not make. */
class ForeignPolicyPipelineTest {

  /** A user's Retry: delegates to Selfheal's and counts the calls it was given. */
  static final class CountingRetry implements Retry {
    final Retry delegate = Retry.of("inventory",
        RetryConfig.builder().maxAttempts(3).fixedBackoff(Duration.ZERO).build());
    final AtomicInteger calls = new AtomicInteger();

    @Override public String name() { return delegate.name(); }
    @Override public RetryConfig config() { return delegate.config(); }
    @Override public <T> T get(Supplier<T> supplier) { calls.incrementAndGet(); return delegate.get(supplier); }
    @Override public <T> T call(Callable<T> callable) throws Exception {
      calls.incrementAndGet();
      return delegate.call(callable);
    }
    @Override public void run(Runnable runnable) { calls.incrementAndGet(); delegate.run(runnable); }
    @Override public <T> CompletableFuture<T> getAsync(Supplier<? extends CompletionStage<T>> supplier) {
      calls.incrementAndGet();
      return delegate.getAsync(supplier);
    }
    @Override public long successfulCallsWithoutRetry() { return delegate.successfulCallsWithoutRetry(); }
    @Override public long successfulCallsWithRetry() { return delegate.successfulCallsWithRetry(); }
    @Override public long failedCallsWithRetry() { return delegate.failedCallsWithRetry(); }
    @Override public long failedCallsWithoutRetry() { return delegate.failedCallsWithoutRetry(); }
    @Override public long budgetRefusals() { return delegate.budgetRefusals(); }
    @Override public long attempts() { return delegate.attempts(); }
    @Override public void reconfigure(RetryConfig config, Actor actor) { delegate.reconfigure(config, actor); }
  }

  /** A user's Fallback: answers "stale" for any failure. */
  static final class StaleFallback implements Fallback<String> {
    final AtomicInteger fallbacks = new AtomicInteger();

    @Override public String get(Supplier<? extends String> supplier) {
      try {
        return supplier.get();
      } catch (RuntimeException e) {
        fallbacks.incrementAndGet();
        return "stale";
      }
    }
    @Override public String call(Callable<? extends String> callable) {
      try {
        return callable.call();
      } catch (Exception e) {
        fallbacks.incrementAndGet();
        return "stale";
      }
    }
    @Override public CompletableFuture<String> getAsync(Supplier<? extends CompletionStage<? extends String>> supplier) {
      return supplier.get().toCompletableFuture().<String>thenApply(v -> v).exceptionally(t -> {
        fallbacks.incrementAndGet();
        return "stale";
      });
    }
    @Override public long fallbacks() { return fallbacks.get(); }
  }

  @Test
  void a_foreign_retry_retries_the_rest_of_the_pipeline() {
    CountingRetry retry = new CountingRetry();
    Pipeline<String> pipeline = Pipeline.<String>builder().retry(retry).build();
    AtomicInteger attempts = new AtomicInteger();

    String result = pipeline.get(() -> {
      if (attempts.incrementAndGet() < 3) {
        throw new IllegalStateException("flaky");
      }
      return "ok";
    });

    assertThat(result).isEqualTo("ok");
    assertThat(attempts).hasValue(3);
    assertThat(retry.calls).as("the pipeline went through the user's Retry").hasValue(1);
  }

  @Test
  void a_foreign_fallback_answers_for_the_policies_inside_it() {
    StaleFallback fallback = new StaleFallback();
    Pipeline<String> pipeline = Pipeline.<String>builder().fallback(fallback).retry(new CountingRetry()).build();

    assertThat(pipeline.get(() -> {
      throw new IllegalStateException("down");
    })).isEqualTo("stale");
    assertThat(fallback.fallbacks()).isEqualTo(1);
  }

  @Test
  void a_foreign_retry_retries_an_asynchronous_call() {
    CountingRetry retry = new CountingRetry();
    Pipeline<String> pipeline = Pipeline.<String>builder().retry(retry).build();
    AtomicInteger attempts = new AtomicInteger();

    String result = pipeline.getAsync(() -> attempts.incrementAndGet() < 2
        ? CompletableFuture.<String>failedFuture(new IllegalStateException("flaky"))
        : CompletableFuture.completedFuture("ok")).join();

    assertThat(result).isEqualTo("ok");
    assertThat(attempts).hasValue(2);
  }
}
