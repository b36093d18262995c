package dev.selfheal.probes.anomaly;

import java.time.Duration;
import java.util.Optional;

/**
 * When a bounded resource (heap after GC against its max, a bounded queue, a pool, file descriptors) will
 * run out at its current trend, as estimated by an {@link ExhaustionForecaster}.
 *
 * @param level the trend's value now (the fitted curve, not the last sample)
 * @param limit the resource's limit
 * @param slopePerSecond the trend's rise per second now (negative when falling)
 * @param timeToExhaustion when the trend reaches the limit; empty when it does not (flat or falling trend, or
 *     a curve that turns before the limit)
 * @param earliest the earliest exhaustion within the slope's 95 % confidence interval (empty like above)
 * @param latest the latest exhaustion within that interval; empty when the interval's low end never gets there
 * @param confidence the probability, from the slope's t statistic, that the resource is really rising (0.5
 *     for no evidence either way, near 1 for a clear leak)
 * @param samples the samples the estimate rests on
 */
public record ExhaustionForecast(
    double level,
    double limit,
    double slopePerSecond,
    Optional<Duration> timeToExhaustion,
    Optional<Duration> earliest,
    Optional<Duration> latest,
    double confidence,
    long samples) {

  /**
   * Whether the resource is forecast to run out within {@code horizon} with at least {@code minConfidence}.
   *
   * @param horizon how far ahead
   * @param minConfidence the confidence required, in {@code [0, 1]}
   * @return whether the forecast says so
   */
  public boolean exhaustsWithin(Duration horizon, double minConfidence) {
    return confidence >= minConfidence && timeToExhaustion.isPresent()
        && timeToExhaustion.get().compareTo(horizon) <= 0;
  }
}
