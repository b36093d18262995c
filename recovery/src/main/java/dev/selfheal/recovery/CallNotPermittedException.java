package dev.selfheal.recovery;

/**
 * A policy refused a call without running it: a {@link CircuitOpenException}, a {@link BulkheadFullException}
 * (also thrown by an {@link AdaptiveLimiter} at its limit) or a {@link RateLimitExceededException}. Catch
 * this type to treat every refusal alike (shed load, answer 503, fall back); the call was not attempted, so
 * it had no side effect.
 *
 * <p><b>Stack trace.</b> Refusals are thrown on the hot path, when the system is already overloaded, so they
 * carry no stack trace by default: filling one costs microseconds per refused call and says only where the
 * policy was entered. Each refusing policy's config has the same switch, {@code writableStackTrace(boolean)}
 * (default {@code false}), for when the trace is worth it (debugging a caller that ignores refusals).
 *
 * <p>{@link TimeoutExceededException} is deliberately not a subtype: a timeout ran the call and the call
 * failed to finish in time, so it may have had side effects and is a failure, not a refusal (Resilience4j
 * draws the same line between its {@code CallNotPermittedException} and {@code TimeoutException}). Its stack
 * trace is configured the same way, through {@link TimeoutConfig.Builder#writableStackTrace(boolean)}.
 */
public abstract class CallNotPermittedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The refusing instance's name. */
  private final String policy;

  /**
   * @param policy the name of the policy instance that refused the call
   * @param message the detail message
   * @param writableStackTrace whether to fill the stack trace (the config's {@code writableStackTrace})
   */
  protected CallNotPermittedException(String policy, String message, boolean writableStackTrace) {
    super(message, null, false, writableStackTrace);
    this.policy = policy;
  }

  /** {@return the name of the policy instance that refused the call} */
  public String policy() {
    return policy;
  }
}
