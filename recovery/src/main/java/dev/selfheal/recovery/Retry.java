package dev.selfheal.recovery;

import dev.selfheal.core.event.Actor;
import dev.selfheal.recovery.internal.BackoffRetry;
import dev.selfheal.recovery.internal.Environment;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Calls again after a failure (or a result its config rejects), with backoff, up to the configured attempts
 * and within the optional shared {@link RetryBudget}.
 *
 * <p><b>Outcome.</b> When attempts or budget run out, the last failure is thrown (or the last result is
 * returned), carrying the earlier attempts' failures as suppressed exceptions, oldest first (each distinct
 * exception once, at most {@value dev.selfheal.recovery.internal.Throwables#MAX_SUPPRESSED}). A failure the
 * config does not retry is thrown at once, as is.
 *
 * <p><b>Interruption.</b> An interrupt during the wait between attempts (or an attempt that ends with the
 * thread interrupted or with an {@link InterruptedException}) stops retrying at once: the last outcome is
 * thrown or returned, the {@link InterruptedException} is attached to it as suppressed, and the thread's
 * interrupt flag is set again.
 *
 * <p><b>Async.</b> {@link #getAsync} waits on the scheduler (no thread sleeps). Cancelling the returned future
 * cancels the attempt in flight and the pending retry; no later attempt starts.
 *
 * <p>Implementations are thread-safe; one instance serves any number of concurrent calls. The success path
 * allocates nothing.
 */
public interface Retry {

  /** A retry outside any registry (system ticker, JDK delayed executor for async waits). */
  static Retry of(String name, RetryConfig config) {
    return new BackoffRetry(name, config, Environment.standalone());
  }

  /** {@link #of} with {@link RetryConfig#ofDefaults()}. */
  static Retry ofDefaults(String name) {
    return of(name, RetryConfig.ofDefaults());
  }

  String name();

  RetryConfig config();

  <T> T get(Supplier<T> supplier);

  <T> T call(Callable<T> callable) throws Exception;

  void run(Runnable runnable);

  /** Retries an asynchronous call; {@code supplier} is invoked once per attempt. */
  <T> CompletableFuture<T> getAsync(Supplier<? extends CompletionStage<T>> supplier);

  /** Calls that succeeded at the first attempt. */
  long successfulCallsWithoutRetry();

  /** Calls that succeeded after at least one retry. */
  long successfulCallsWithRetry();

  /** Calls that failed after at least one retry (attempts, budget or interrupt ran out). */
  long failedCallsWithRetry();

  /** Calls that failed with an outcome not to be retried, or with no retry allowed. */
  long failedCallsWithoutRetry();

  /** Retries the budget refused. */
  long budgetRefusals();

  /** Attempts made, first tries included: retries are {@code attempts()} minus the calls. */
  long attempts();

  /** The counters in one record (the shape every policy's {@code metrics()} has). */
  default RetryMetrics metrics() {
    return new RetryMetrics(successfulCallsWithoutRetry(), successfulCallsWithRetry(), failedCallsWithRetry(),
        failedCallsWithoutRetry(), attempts(), budgetRefusals());
  }

  /** Takes a new configuration for calls that start from now on. Journaled and published. */
  void reconfigure(RetryConfig config, Actor actor);

  /** {@link #reconfigure(RetryConfig, Actor)} by {@code Actor.operator("api")}, as on every policy. */
  default void reconfigure(RetryConfig config) {
    reconfigure(config, ApiActor.API);
  }
}
