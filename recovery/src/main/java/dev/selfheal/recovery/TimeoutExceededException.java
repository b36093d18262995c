package dev.selfheal.recovery;

import java.time.Duration;

/**
 * A call did not complete within its {@link Timeout}. The work was interrupted (sync) or its future
 * cancelled (async); code that ignores interrupts may still be running on the timeout thread.
 */
public class TimeoutExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String timeout;
  private final Duration limit;

  public TimeoutExceededException(String timeout, Duration limit) {
    super("timeout '" + timeout + "': call did not complete within " + limit, null, false, true);
    this.timeout = timeout;
    this.limit = limit;
  }

  /** The name of the timeout policy. */
  public String timeout() {
    return timeout;
  }

  /** The limit that was exceeded. */
  public Duration limit() {
    return limit;
  }
}
