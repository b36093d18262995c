package dev.selfheal.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A supervisor's restart intensity: at most {@code maxRestarts} restarts within any {@code period}
 * (OTP's {@code intensity} and {@code period} flags). The default is OTP's: 1 restart in 5 seconds.
 *
 * <p><b>The rule, exactly.</b> Restarts are recorded, before they are attempted, at readings of the
 * supervisor's monotonic {@link dev.selfheal.core.spi.Ticker}. A restart recorded at {@code t0} is
 * in the window at {@code now} while {@code now - t0 <= period} (the edge is inclusive, as in OTP).
 * When recording a restart makes the window hold more than {@code maxRestarts} restarts, the supervisor
 * gives up: it stops all its children in reverse order and exits with reason {@code shutdown}, which its
 * parent handles as a child exit (escalation). A group restart (ONE_FOR_ALL, REST_FOR_ONE) counts once;
 * every retry of a failed restart counts; exits that do not lead to a restart never count.
 * {@code maxRestarts = 0} means the first restart-worthy exit makes the supervisor give up.
 *
 * <p>Instances are immutable.
 */
public final class RestartIntensity {
  private static final RestartIntensity DEFAULT = new RestartIntensity(1, Duration.ofSeconds(5));

  private final int maxRestarts;
  private final Duration period;

  private RestartIntensity(int maxRestarts, Duration period) {
    this.maxRestarts = maxRestarts;
    this.period = period;
  }

  /**
   * @param maxRestarts at least 0
   * @param period      positive
   * @return the intensity: more than {@code maxRestarts} restarts within any {@code period} escalate
   */
  public static RestartIntensity of(int maxRestarts, Duration period) {
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("maxRestarts must be >= 0, was " + maxRestarts);
    }
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be > 0, was " + period);
    }
    return new RestartIntensity(maxRestarts, period);
  }

  /** {@return OTP's default: 1 restart within 5 seconds} */
  public static RestartIntensity ofDefaults() {
    return DEFAULT;
  }

  /** {@return the restarts allowed within {@link #period()}} */
  public int maxRestarts() {
    return maxRestarts;
  }

  /** {@return the sliding period the restarts are counted in} */
  public Duration period() {
    return period;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RestartIntensity r && r.maxRestarts == maxRestarts && r.period.equals(period);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxRestarts, period);
  }

  @Override
  public String toString() {
    return maxRestarts + " in " + period;
  }
}
