package dev.selfheal.core;

/**
 * What a supervisor restarts when one child fails (OTP's {@code strategy} flag). Children always start
 * in declaration order and stop in reverse declaration order.
 */
public enum RestartStrategy {
  /** Only the failed child is restarted; siblings keep running. The default, as in OTP. */
  ONE_FOR_ONE,
  /**
   * Every other child is stopped in reverse order, then all are started in declaration order.
   * TEMPORARY bystanders are stopped and removed, not restarted; children stopped by an operator
   * (and not TEMPORARY) are started again.
   */
  ONE_FOR_ALL,
  /**
   * The children declared after the failed one are stopped in reverse order, then the failed child and
   * those after it are started in declaration order. Earlier siblings are untouched.
   */
  REST_FOR_ONE
}
