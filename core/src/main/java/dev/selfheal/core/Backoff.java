package dev.selfheal.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a child waits before each restart (beyond OTP, which restarts at once): exponential, with
 * jitter, capped, and reset once the child has been stable long enough. The wait keeps a crashing
 * dependency from being hammered; every attempt still counts toward the supervisor's
 * {@link RestartIntensity}, recorded when the restart is decided.
 *
 * <p>Attempt {@code n} (1 for the first restart after a stable run) waits
 * {@code base(n) = min(max, initial * multiplier^(n-1))}, then jitter takes a uniformly random share of
 * up to {@code jitter} off it: the delay lies in {@code [base(n) * (1 - jitter), base(n)]}, so it is never
 * negative and never above {@code max}. A child that ran for at least {@code resetAfter} before failing
 * starts again at attempt 1.
 *
 * <p>Instances are immutable.
 */
public final class Backoff {
  private static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO, 1.0, 0.0, Duration.ZERO);

  private final Duration initial;
  private final Duration max;
  private final double multiplier;
  private final double jitter;
  private final Duration resetAfter;

  private Backoff(Duration initial, Duration max, double multiplier, double jitter, Duration resetAfter) {
    this.initial = initial;
    this.max = max;
    this.multiplier = multiplier;
    this.jitter = jitter;
    this.resetAfter = resetAfter;
  }

  /** {@return no backoff: restart at once, OTP's behaviour and the default} */
  public static Backoff none() {
    return NONE;
  }

  /**
   * Exponential backoff from {@code initial} doubling up to {@code max}, with 20% jitter, reset after
   * the child has run for {@code max * 2}.
   *
   * @param initial positive
   * @param max     at least {@code initial}
   * @return the backoff
   */
  public static Backoff exponential(Duration initial, Duration max) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("backoff initial must be > 0, was " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff max must be >= initial (" + initial + "), was " + max);
    }
    return new Backoff(initial, max, 2.0, 0.2, max.multipliedBy(2));
  }

  /**
   * The growth factor per attempt; at least 1. Default 2.
   *
   * @param multiplier the growth factor per attempt
   * @return a copy of this backoff with that factor
   */
  public Backoff withMultiplier(double multiplier) {
    requireExponential("multiplier");
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("backoff multiplier must be a finite number >= 1, was " + multiplier);
    }
    return new Backoff(initial, max, multiplier, jitter, resetAfter);
  }

  /**
   * The share of the delay that jitter may take off, in {@code [0, 1]}. Default 0.2.
   *
   * @param jitter the share of the delay jitter may take off
   * @return a copy of this backoff with that jitter
   */
  public Backoff withJitter(double jitter) {
    requireExponential("jitter");
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("backoff jitter must be within [0, 1], was " + jitter);
    }
    return new Backoff(initial, max, multiplier, jitter, resetAfter);
  }

  /**
   * How long a child must run before its attempt count resets; positive. Default {@code 2 * max}.
   *
   * @param stablePeriod how long a child must run before its attempt count resets
   * @return a copy of this backoff with that period
   */
  public Backoff resetAfter(Duration stablePeriod) {
    requireExponential("resetAfter");
    Objects.requireNonNull(stablePeriod, "stablePeriod");
    if (stablePeriod.isNegative() || stablePeriod.isZero()) {
      throw new IllegalArgumentException("backoff resetAfter must be > 0, was " + stablePeriod);
    }
    return new Backoff(initial, max, multiplier, jitter, stablePeriod);
  }

  private void requireExponential(String field) {
    if (this == NONE) {
      throw new IllegalStateException("Backoff.none() has no " + field + "; start from Backoff.exponential(initial, max)");
    }
  }

  /** {@return whether this is {@link #none()}: restart at once} */
  public boolean isNone() {
    return this == NONE;
  }

  /** {@return the delay before the first restart after a stable run} */
  public Duration initial() {
    return initial;
  }

  /** {@return the cap of the growing delay} */
  public Duration max() {
    return max;
  }

  /** {@return the growth factor per attempt} */
  public double multiplier() {
    return multiplier;
  }

  /** {@return the share of the delay that jitter may take off, in {@code [0, 1]}} */
  public double jitter() {
    return jitter;
  }

  /** {@return how long a child must run before its attempt count resets} */
  public Duration resetAfter() {
    return resetAfter;
  }

  /**
   * The delay before restart attempt {@code attempt}, in nanoseconds.
   *
   * @param attempt 1 for the first restart after a stable run; values below 1 are taken as 1
   * @param random  a uniform sample in {@code [0, 1)} that drives the jitter
   * @return the delay in nanoseconds, at least 0
   */
  public long delayNanos(int attempt, double random) {
    if (this == NONE) {
      return 0;
    }
    long maxNanos = max.toNanos();
    // In double space: initial * m^(n-1) overflows to infinity, never wraps negative; min() then caps it.
    double base = Math.min((double) maxNanos, initial.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1)));
    double r = random < 0 ? 0 : Math.min(random, 1.0);
    double delay = base * (1.0 - jitter * r);
    return Math.max(0L, Math.min(maxNanos, (long) delay));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Backoff b && b.initial.equals(initial) && b.max.equals(max)
        && b.multiplier == multiplier && b.jitter == jitter && b.resetAfter.equals(resetAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(initial, max, multiplier, jitter, resetAfter);
  }

  @Override
  public String toString() {
    return this == NONE ? "none"
        : "exponential(initial=" + initial + ", max=" + max + ", multiplier=" + multiplier + ", jitter="
            + jitter + ", resetAfter=" + resetAfter + ")";
  }
}
