package dev.selfheal.core;

/**
 * An instance that can be reset in place (reconnect, clear a cache) without being restarted: the
 * {@link RecoveryPlan.Action#RESET} step of a {@link RecoveryPlan} calls {@link #recover()}.
 *
 * <p>Called on a {@code selfheal-lifecycle} thread, never on the supervisor's, while the instance keeps
 * serving: the supervisor goes on answering meanwhile. Bounded by the step's
 * {@link RecoveryPlan.Step.Builder#timeout timeout} (default 5 s): past it the thread is interrupted and
 * abandoned (Java cannot kill it; a {@code recover()} that ignores interruption keeps it). Throwing, or not
 * returning in time, means the reset failed: journaled {@code child.reset-failed}, and the plan's next step
 * is decided at once. A success says nothing by itself: the step's {@code deadline} judges the outcome.
 * Must be safe to call while calls run on the instance.
 */
public interface Recoverable {

  /**
   * Resets this instance in place.
   *
   * @throws Exception a failed reset: the plan goes on to its next step
   */
  void recover() throws Exception;
}
