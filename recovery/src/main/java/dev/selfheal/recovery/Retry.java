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

  /**
   * A retry outside any registry (system ticker, JDK delayed executor for async waits).
   *
   * @param name the retry's name
   * @param config its settings
   * @return the retry
   */
  static Retry of(String name, RetryConfig config) {
    return new BackoffRetry(name, config, Environment.standalone());
  }

  /**
   * {@link #of} with {@link RetryConfig#ofDefaults()}.
   *
   * @param name the retry's name
   * @return the retry
   */
  static Retry ofDefaults(String name) {
    return of(name, RetryConfig.ofDefaults());
  }

  /** {@return the instance's name} */
  String name();

  /** {@return the configuration in force} */
  RetryConfig config();

  /**
   * Runs {@code supplier}, again after each retried failure, until it succeeds or the attempts run out.
   *
   * @param <T> the call's result type
   * @param supplier the call
   * @return the first successful result
   */
  <T> T get(Supplier<T> supplier);

  /**
   * Runs {@code callable}, again after each retried failure, until it succeeds or the attempts run out.
   *
   * @param <T> the call's result type
   * @param callable the call
   * @return the first successful result
   * @throws Exception the last failure
   */
  <T> T call(Callable<T> callable) throws Exception;

  /**
   * Runs {@code runnable}, again after each retried failure, until it succeeds or the attempts run out.
   *
   * @param runnable the call
   */
  void run(Runnable runnable);

  /**
   * Retries an asynchronous call; {@code supplier} is invoked once per attempt.
   *
   * @param <T> the call's result type
   * @param supplier starts one attempt and returns its stage
   * @return the outcome of the last attempt
   */
  <T> CompletableFuture<T> getAsync(Supplier<? extends CompletionStage<T>> supplier);

  /** {@return calls that succeeded at the first attempt} */
  long successfulCallsWithoutRetry();

  /** {@return calls that succeeded after at least one retry} */
  long successfulCallsWithRetry();

  /** {@return calls that failed after at least one retry (attempts, budget or interrupt ran out)} */
  long failedCallsWithRetry();

  /** {@return calls that failed with an outcome not to be retried, or with no retry allowed} */
  long failedCallsWithoutRetry();

  /** {@return retries the budget refused} */
  long budgetRefusals();

  /** {@return attempts made, first tries included: retries are {@code attempts()} minus the calls} */
  long attempts();

  /** The counters in one record (the shape every policy's {@code metrics()} has). */
  default RetryMetrics metrics() {
    return new RetryMetrics(successfulCallsWithoutRetry(), successfulCallsWithRetry(), failedCallsWithRetry(),
        failedCallsWithoutRetry(), attempts(), budgetRefusals());
  }

  /**
   * Takes a new configuration for calls that start from now on. Journaled and published.
   *
   * @param config the new settings
   * @param actor who changes them, for the journal
   */
  void reconfigure(RetryConfig config, Actor actor);

  /**
   * {@link #reconfigure(RetryConfig, Actor)} by {@code Actor.operator("api")}, as on every policy.
   *
   * @param config the new settings
   */
  default void reconfigure(RetryConfig config) {
    reconfigure(config, ApiActor.API);
  }
}
