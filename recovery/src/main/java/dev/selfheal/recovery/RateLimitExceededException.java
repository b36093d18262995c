package dev.selfheal.recovery;

/**
 * A call was refused because its rate limiter had no permit (within the configured wait). Skips the stack
 * trace unless the limiter's config keeps it ({@link RateLimiterConfig.Builder#writableStackTrace}).
 */
public class RateLimitExceededException extends CallNotPermittedException {
  private static final long serialVersionUID = 1L;

  private final String rateLimiter;

  public RateLimitExceededException(String rateLimiter, boolean writableStackTrace) {
    super(rateLimiter, "rate limiter '" + rateLimiter + "' does not permit further calls now", writableStackTrace);
    this.rateLimiter = rateLimiter;
  }

  /** The name of the rate limiter that refused the call. */
  public String rateLimiter() {
    return rateLimiter;
  }
}
