package dev.selfheal.core;

/**
 * What a child instance knows about its supervision, given to its factory (and to a worker's
 * {@code run}). Bound to one instance: calls made for an old generation are ignored after a restart.
 *
 * <p>This interface is thread-safe.
 */
public interface ChildContext {

  /** {@return the child's path in the tree, such as {@code app/db}} */
  String path();

  /** {@return which instance this is: 1 for the first start, incremented on every restart} */
  long generation();

  /** {@return whether the supervisor has asked this instance to stop. Workers should check it in their loop} */
  boolean stopRequested();

  /**
   * Reports that this instance has failed: the supervisor treats it as an abnormal exit and heals.
   *
   * @param cause why the instance failed
   */
  void fail(Throwable cause);

  /** Reports that this instance has finished normally (a service that has nothing left to do). */
  void exitNormally();

  /**
   * Reports a shutdown exit: a TRANSIENT child is then not restarted.
   *
   * @param reason why the instance shuts down
   */
  void exitShutdown(String reason);
}
