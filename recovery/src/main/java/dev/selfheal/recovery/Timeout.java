package dev.selfheal.recovery;

import dev.selfheal.core.event.Actor;
import dev.selfheal.recovery.internal.Environment;
import dev.selfheal.recovery.internal.ThreadTimeout;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Bounds how long a call may take.
 *
 * <p><b>Sync</b> ({@link #get}, {@link #call}, {@link #run}): the work runs on one of this timeout's own
 * daemon threads ({@code selfheal-timeout-N}); the caller waits at most the limit and then gets a
 * {@link TimeoutExceededException}, even if the work ignores interrupts (failsafe #263). The work is
 * interrupted at the deadline, so it can see it was cancelled ({@code Thread.currentThread().isInterrupted()},
 * or an {@link InterruptedException} from a blocking call); work that ignores the interrupt keeps its thread
 * until it ends. The caller's MDC is carried to the work thread. Deadlines of sync calls are measured on the
 * JDK's clock (a thread cannot wait on an injected ticker).
 *
 * <p><b>Async</b> ({@link #getAsync}): the returned future completes exceptionally with
 * {@link TimeoutExceededException} at the deadline (on the scheduler) and the inner future is cancelled
 * (r4j #905).
 *
 * <p>Implementations are thread-safe. {@link #close()} stops the threads (interrupting work still running).
 */
public interface Timeout extends AutoCloseable {

  /**
   * A timeout outside any registry (its own threads, the JDK delayed executor for async deadlines).
   *
   * @param name the timeout's name
   * @param config its settings
   * @return the timeout
   */
  static Timeout of(String name, TimeoutConfig config) {
    return new ThreadTimeout(name, config, Environment.standalone());
  }

  /**
   * {@link #of} with {@link TimeoutConfig#ofDefaults()}.
   *
   * @param name the timeout's name
   * @return the timeout
   */
  static Timeout ofDefaults(String name) {
    return of(name, TimeoutConfig.ofDefaults());
  }

  /** {@return the instance's name} */
  String name();

  /** {@return the configuration in force} */
  TimeoutConfig config();

  /**
   * Runs {@code supplier} within the limit.
   *
   * @param <T> the call's result type
   * @param supplier the call
   * @return its result
   */
  <T> T get(Supplier<T> supplier);

  /**
   * Runs {@code callable} within the limit.
   *
   * @param <T> the call's result type
   * @param callable the call
   * @return its result
   * @throws Exception what the call throws
   */
  <T> T call(Callable<T> callable) throws Exception;

  /**
   * Runs {@code runnable} within the limit.
   *
   * @param runnable the call
   */
  void run(Runnable runnable);

  /**
   * Completes with the stage {@code supplier} returns, or exceptionally at the limit.
   *
   * @param <T> the call's result type
   * @param supplier starts the call and returns its stage
   * @return the call's outcome
   */
  <T> CompletableFuture<T> getAsync(Supplier<? extends CompletionStage<T>> supplier);

  /** {@return calls that ran past the limit} */
  long timedOutCalls();

  /** {@return calls that ended within the limit, with a result or with their own exception} */
  long completedCalls();

  /** The counters in one record (the shape every policy's {@code metrics()} has). */
  default TimeoutMetrics metrics() {
    return new TimeoutMetrics(completedCalls(), timedOutCalls());
  }

  /**
   * Takes a new limit for calls that start from now on. Journaled and published.
   *
   * @param config the new settings
   * @param actor who changes them, for the journal
   */
  void reconfigure(TimeoutConfig config, Actor actor);

  /**
   * {@link #reconfigure(TimeoutConfig, Actor)} by {@code Actor.operator("api")}, as on every policy.
   *
   * @param config the new settings
   */
  default void reconfigure(TimeoutConfig config) {
    reconfigure(config, ApiActor.API);
  }

  /** Stops this timeout's threads; calls made afterwards are refused. Idempotent. */
  @Override
  void close();
}
