package dev.selfheal.recovery;

import java.time.Duration;

/**
 * A call did not complete within its {@link Timeout}. The work was interrupted (sync) or its future
 * cancelled (async); code that ignores interrupts may still be running on the timeout thread.
 *
 * <p>A failure, not a refusal, so not a {@link CallNotPermittedException}: the call ran. Its stack trace is
 * kept unless {@link TimeoutConfig.Builder#writableStackTrace(boolean)} turns it off.
 */
public class TimeoutExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The timeout's name. */
  private final String timeout;
  /** The limit the call exceeded. */
  private final Duration limit;

  /**
   * A call that ran past its limit.
   *
   * @param timeout the timeout's name
   * @param limit the limit the call exceeded
   * @param writableStackTrace whether the exception records a stack trace
   */
  public TimeoutExceededException(String timeout, Duration limit, boolean writableStackTrace) {
    super("timeout '" + timeout + "': call did not complete within " + limit, null, false, writableStackTrace);
    this.timeout = timeout;
    this.limit = limit;
  }

  /** {@return the name of the timeout policy} */
  public String timeout() {
    return timeout;
  }

  /** {@return the limit that was exceeded} */
  public Duration limit() {
    return limit;
  }
}
