package dev.selfheal.core;

import java.time.Duration;

/**
 * An immutable view of a distribution of durations, such as {@link HealingMetrics#timeToRecovery()}.
 *
 * <p>Buckets are log-linear (eight per power of two from about 1 ms to about 73 min), so a percentile is
 * exact to within 12.5 % above the true value: {@link #percentile} answers the upper bound of the bucket
 * holding the requested rank, never more than the {@link #max()}.
 */
public interface DurationHistogram {

  /** {@return durations recorded} */
  long count();

  /** {@return their sum, in nanoseconds} */
  long totalNanos();

  /** {@return the largest one, in nanoseconds (0 if none)} */
  long maxNanos();

  /**
   * The duration at or below which a fraction {@code p} of the records lie, in nanoseconds (0 if none).
   *
   * @param p the fraction, in {@code [0, 1]}
   * @return the duration, in nanoseconds
   */
  long percentileNanos(double p);

  /**
   * How many records were at most {@code nanos} (counting whole buckets only, so it never over-counts).
   *
   * @param nanos the bound, in nanoseconds
   * @return the count
   */
  long countAtOrBelow(long nanos);

  /**
   * {@link #percentileNanos} as a {@link Duration}.
   *
   * @param p the fraction, in {@code [0, 1]}
   * @return the duration
   */
  default Duration percentile(double p) {
    return Duration.ofNanos(percentileNanos(p));
  }

  /** {@return {@link #maxNanos()} as a {@link Duration}} */
  default Duration max() {
    return Duration.ofNanos(maxNanos());
  }
}
