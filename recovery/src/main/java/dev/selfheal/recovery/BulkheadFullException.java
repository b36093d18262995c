package dev.selfheal.recovery;

/**
 * A call was refused because its bulkhead had no free permit (within the configured wait). Thrown on the
 * hot path, so it skips the stack trace unless the bulkhead's config keeps it
 * ({@link BulkheadConfig.Builder#writableStackTrace}, {@link AdaptiveLimiterConfig.Builder#writableStackTrace}).
 */
public class BulkheadFullException extends CallNotPermittedException {
  private static final long serialVersionUID = 1L;

  /** The refusing bulkhead's name. */
  private final String bulkhead;

  /**
   * A refused call.
   *
   * @param bulkhead the refusing bulkhead's name
   * @param maxConcurrentCalls its limit when it refused
   * @param writableStackTrace whether the exception records a stack trace
   */
  public BulkheadFullException(String bulkhead, int maxConcurrentCalls, boolean writableStackTrace) {
    super(bulkhead, "bulkhead '" + bulkhead + "' is full (" + maxConcurrentCalls + " concurrent calls) and does"
        + " not permit further calls", writableStackTrace);
    this.bulkhead = bulkhead;
  }

  /** {@return the name of the bulkhead that refused the call} */
  public String bulkhead() {
    return bulkhead;
  }
}
