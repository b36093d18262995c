package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.Shutdown;

/**
 * Starts and stops the instances of one kind of child (service, worker, nested supervisor), each call
 * within its time bound. Called by the owning supervisor's actor only; a runner keeps no per-child state.
 */
interface ChildRunner {

  /** What {@link #start} returns when the start answered OTP's {@code ignore}. */
  Object IGNORED = new Object() {
    @Override
    public String toString() {
      return "ignore";
    }
  };

  /**
   * Creates a fresh instance for {@code ctx} and starts it.
   *
   * @return the running instance, or {@link #IGNORED}
   * @throws ChildStartException whatever went wrong, including "no thread could be created"
   */
  Object start(ChildRecord child, Context ctx);

  /**
   * Stops {@code instance} within {@code shutdown}; past it, interrupts and abandons it.
   *
   * @return {@code "shutdown"} when it stopped cleanly, else a sentence starting with {@code "killed"} or
   *     {@code "shutdown with error"}
   */
  String stop(Object instance, Shutdown shutdown);
}
