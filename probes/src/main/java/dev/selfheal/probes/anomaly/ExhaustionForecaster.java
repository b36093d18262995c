package dev.selfheal.probes.anomaly;

import dev.selfheal.probes.internal.anomaly.TrendFit;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An online forecast of when a bounded resource runs out: feed it timed samples of the resource's usage
 * and ask {@link #forecast()}.
 *
 * <h2>How</h2>
 * <ol>
 *   <li><b>Sawtooth.</b> A GC sawtooth (or any fast periodic refill) hides the trend in its peaks; what runs
 *       out is the floor. With {@code envelope(n)} the forecaster keeps only the minimum of each {@code n}
 *       consecutive samples (choose {@code n} at least one sawtooth period). Heap <em>after GC</em> (what
 *       {@link MetricWatch.Builder#heapAfterGc} reads) already is the floor: keep {@code n = 1}.
 *   <li><b>Trend.</b> Exponentially weighted least-squares fits over time of a line, a parabola and
 *       exponentials {@code c + A e^{kt}} (a grid of rates), with memory {@code memory} (older samples weigh
 *       {@code e^{-age/memory}}). A curve replaces the line only when the parabola's curvature is
 *       significant (|t| &gt; 4), so a straight leak and a flat sawtooth are not bent by noise; the curve is
 *       then the parabola or the exponential, whichever fits the floor with the smaller squared error, so a
 *       steadily accelerating leak is extrapolated as a parabola and a leak that grows with what it holds as
 *       an exponential. O(1) per sample, about eighty doubles of state.
 *   <li><b>Exhaustion.</b> The first time the fitted curve reaches the limit; a 95 % interval from the slope's
 *       standard error; {@code confidence} is the normal tail of the slope's t statistic (a flat sawtooth
 *       gives about 0.5, a leak near 1).
 * </ol>
 *
 * <p>This class is not thread-safe: one writer; {@link MetricWatch} serialises its calls.
 */
public final class ExhaustionForecaster {
  private final double limit;
  private final int envelope;
  private final TrendFit fit;
  private long nanosBase = Long.MIN_VALUE;
  private int inBucket;
  private double bucketMin;
  private long bucketMinNanos;

  private ExhaustionForecaster(double limit, Duration memory, int envelope) {
    this.limit = limit;
    this.envelope = envelope;
    this.fit = new TrendFit(memory.toNanos() / 1e9);
  }

  /**
   * A forecaster of a resource with {@code limit}.
   *
   * @param limit the resource's limit, finite
   * @param memory how far back the trend looks (the fit's time constant), positive
   * @param envelope keep the minimum of every {@code envelope} samples (1: every sample), 1 to 100,000
   * @return the forecaster
   * @throws IllegalArgumentException naming the parameter and the value
   */
  public static ExhaustionForecaster of(double limit, Duration memory, int envelope) {
    if (!Double.isFinite(limit)) {
      throw new IllegalArgumentException("limit must be finite, was " + limit);
    }
    Objects.requireNonNull(memory, "memory");
    if (memory.isNegative() || memory.isZero()) {
      throw new IllegalArgumentException("memory must be positive, was " + memory);
    }
    if (envelope < 1 || envelope > 100_000) {
      throw new IllegalArgumentException("envelope must be in [1, 100000], was " + envelope);
    }
    return new ExhaustionForecaster(limit, memory, envelope);
  }

  /** {@return the resource's limit} */
  public double limit() {
    return limit;
  }

  /**
   * Records the usage {@code value} at {@code nanos} (a monotonic time, such as a {@code Ticker}'s read).
   *
   * @param nanos the sample's time, on a monotonic clock, in nanoseconds
   * @param value the resource's use at that time
   * @throws IllegalArgumentException if {@code value} is not finite or time goes backwards
   */
  public void record(long nanos, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, was " + value);
    }
    if (nanosBase == Long.MIN_VALUE) {
      nanosBase = nanos;
    }
    if (inBucket == 0 || value < bucketMin) {
      bucketMin = value;
      bucketMinNanos = nanos;
    }
    if (++inBucket < envelope) {
      return;
    }
    inBucket = 0;
    fit.add((bucketMinNanos - nanosBase) / 1e9, bucketMin);
  }

  /**
   * {@return the forecast from the samples so far; before two points, a forecast with no exhaustion and confidence 0.5}
   */
  public ExhaustionForecast forecast() {
    TrendFit.Estimate e = fit.estimate();
    double remaining = limit - e.level();
    Optional<Duration> tte = seconds(e.secondsTo(remaining, e.slope()));
    double halfWidth = 1.96 * e.slopeError();
    Optional<Duration> earliest = seconds(e.secondsTo(remaining, e.slope() + halfWidth));
    Optional<Duration> latest = seconds(e.secondsTo(remaining, e.slope() - halfWidth));
    return new ExhaustionForecast(e.level(), limit, e.slope(), tte, earliest, latest, e.risingConfidence(),
        fit.points());
  }

  private static Optional<Duration> seconds(double s) {
    if (!(s >= 0) || s > 1e12) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos((long) (s * 1e9)));
  }
}
