package dev.selfheal.recovery;

/**
 * A call was refused because its rate limiter had no permit (within the configured wait). Skips the stack
 * trace unless the limiter's config keeps it ({@link RateLimiterConfig.Builder#writableStackTrace}).
 */
public class RateLimitExceededException extends CallNotPermittedException {
  private static final long serialVersionUID = 1L;

  /** The refusing rate limiter's name. */
  private final String rateLimiter;

  /**
   * A refused call.
   *
   * @param rateLimiter the refusing rate limiter's name
   * @param writableStackTrace whether the exception records a stack trace
   */
  public RateLimitExceededException(String rateLimiter, boolean writableStackTrace) {
    super(rateLimiter, "rate limiter '" + rateLimiter + "' does not permit further calls now", writableStackTrace);
    this.rateLimiter = rateLimiter;
  }

  /** {@return the name of the rate limiter that refused the call} */
  public String rateLimiter() {
    return rateLimiter;
  }
}
