package dev.selfheal.core;

/**
 * An instance that can be reset in place (reconnect, clear a cache) without being restarted: the
 * {@link RecoveryPlan.Action#RESET} step of a {@link RecoveryPlan} calls {@link #recover()}.
 *
 * <p>Called on the supervisor's thread: it must be quick and must not block for long (the supervisor
 * answers nothing else meanwhile). Throwing means the reset failed: the plan's next step is decided at once.
 */
public interface Recoverable {

  /**
   * Resets this instance in place.
   *
   * @throws Exception a failed reset: the plan goes on to its next step
   */
  void recover() throws Exception;
}
