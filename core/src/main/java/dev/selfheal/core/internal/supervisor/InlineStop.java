package dev.selfheal.core.internal.supervisor;

/**
 * A service instance whose stop may be run by the supervisor on its own thread, because it runs no user
 * code and honours its deadline (see {@link ServiceRunner}). Implemented by a supervised handle's gate: its
 * stop closes the gate and waits for the calls in flight.
 */
public interface InlineStop {

  /**
   * Whether stopping this instance now runs no user code, only {@link #stopWithin}.
   *
   * @return true if {@link #stopWithin} is the whole stop; false to call {@code stop()} on a lifecycle thread
   */
  boolean stopsWithoutUserCode();

  /**
   * Stops the instance, waiting at most {@code timeoutNanos}.
   *
   * @param timeoutNanos the most to wait; negative: no bound
   * @return whether it stopped within the bound (false: it is abandoned as it is)
   * @throws InterruptedException if the waiting thread was interrupted
   */
  boolean stopWithin(long timeoutNanos) throws InterruptedException;
}
