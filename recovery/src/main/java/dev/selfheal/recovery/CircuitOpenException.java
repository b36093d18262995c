package dev.selfheal.recovery;

/**
 * A call was rejected because its circuit breaker is OPEN or FORCED_OPEN (or HALF_OPEN with every
 * trial permit taken). Thrown on the hot path, so it skips the stack trace unless the breaker is
 * configured to keep it ({@link CircuitBreakerConfig.Builder#writableStackTrace}).
 */
public class CircuitOpenException extends CallNotPermittedException {
  private static final long serialVersionUID = 1L;

  /** The refusing breaker's name. */
  private final String breaker;
  private final transient CircuitBreaker.State state;

  /**
   * A refused call.
   *
   * @param breaker the refusing breaker's name
   * @param state the state it refused in
   * @param writableStackTrace whether the exception records a stack trace
   */
  public CircuitOpenException(String breaker, CircuitBreaker.State state, boolean writableStackTrace) {
    super(breaker, "circuit breaker '" + breaker + "' is " + state + " and does not permit further calls",
        writableStackTrace);
    this.breaker = breaker;
    this.state = state;
  }

  /** {@return the name of the breaker that rejected the call} */
  public String breaker() {
    return breaker;
  }

  /** {@return the breaker's state at rejection} */
  public CircuitBreaker.State state() {
    return state;
  }
}
