package dev.selfheal.core.spi;

/**
 * The health of one source or of an aggregate, ordered from best to worst so that aggregation is a
 * maximum: {@code UP < DEGRADED < DOWN}.
 */
public enum HealthStatus {
  /** Fully able to serve. */
  UP,
  /** Serving, but impaired (a half-open breaker, a saturated bulkhead, a non-critical dependency down). */
  DEGRADED,
  /** Not able to serve. */
  DOWN;

  /**
   * The worse of this and {@code other}.
   *
   * @param other the other status
   * @return the worse of the two
   */
  public HealthStatus worst(HealthStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
