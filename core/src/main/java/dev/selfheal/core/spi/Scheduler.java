package dev.selfheal.core.spi;

/**
 * Runs a task once after a delay: the only way Selfheal waits (restart backoff, probe periods). Tests
 * inject a {@code ManualScheduler} (selfheal-test) so that waits are driven by a {@code ManualTicker}, not by sleeping.
 *
 * <p>Implementations must be thread-safe; tasks must be short (they normally just post a message).
 */
public interface Scheduler {

  /**
   * Schedules {@code task} to run once, {@code delayNanos} from now (0 or less: as soon as possible).
   *
   * @return a handle that cancels the task if it has not run yet
   * @param task what to run
   * @param delayNanos the delay, in nanoseconds
   */
  Cancellable schedule(Runnable task, long delayNanos);

  /** A scheduled task's handle. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not started; idempotent. */
    void cancel();
  }
}
