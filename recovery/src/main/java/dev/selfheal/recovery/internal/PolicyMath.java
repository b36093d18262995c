package dev.selfheal.recovery.internal;

import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.RateLimiterConfig;
import dev.selfheal.recovery.RetryConfig;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The arithmetic the policies derive from their configs: the wait in OPEN, whether a breaker window can be
 * kept, the retry waits and the rate limiter's spacing. It lived on the public configs; a config holds
 * settings only, so these implementation helpers are here (#13). Pure functions of their arguments (the
 * property tests drive {@link #delayNanos} with any inputs), thread-safe.
 */
public final class PolicyMath {
  private PolicyMath() {}

  /**
   * The wait in OPEN for the {@code n}-th consecutive opening (n from 1), in nanoseconds:
   * {@code min(openFor * multiplier^(n-1), maxOpenFor)}, never overflowing.
   */
  public static long openForNanos(CircuitBreakerConfig c, int n) {
    return cappedGrowth(c.openFor().toNanos(), c.openForMultiplier(), c.maxOpenFor().toNanos(), n);
  }

  /** Whether a window built for {@code old} can keep counting for {@code now} (same type and size). */
  public static boolean sameWindow(CircuitBreakerConfig now, CircuitBreakerConfig old) {
    return now.windowType() == old.windowType()
        && (now.windowType() == CircuitBreakerConfig.WindowType.COUNT_BASED ? now.windowCalls() == old.windowCalls()
            : now.windowDuration().equals(old.windowDuration()));
  }

  /** {@code base(n)} in nanoseconds: {@code min(maxDelay, initialDelay * multiplier^(n-1))}, for n >= 1. */
  public static long baseDelayNanos(RetryConfig c, int retry) {
    return cappedGrowth(c.initialDelay().toNanos(), c.multiplier(), c.maxDelay().toNanos(), retry);
  }

  /** {@code min(base * multiplier^(n-1), cap)} for n from 1, never overflowing. */
  private static long cappedGrowth(long base, double multiplier, long cap, int n) {
    if (n <= 1 || multiplier == 1.0) {
      return Math.min(base, cap);
    }
    double grown = base * Math.pow(multiplier, n - 1.0);
    // NaN is impossible (finite factors >= 0); +Infinity and anything >= cap saturate
    return grown >= cap ? cap : (long) grown;
  }

  /**
   * The wait before retry {@code retry} (1-based), given the previous wait (decorrelated jitter only) and a
   * random number {@code u} in {@code [0, 1)}.
   */
  public static long delayNanos(RetryConfig c, int retry, long previousDelayNanos, double u) {
    long initial = c.initialDelay().toNanos();
    long max = c.maxDelay().toNanos();
    long d;
    switch (c.jitter()) {
      case FULL:
        d = (long) (baseDelayNanos(c, retry) * u);
        break;
      case EQUAL: {
        long base = baseDelayNanos(c, retry);
        long half = base / 2;
        d = half + (long) ((base - half) * u);
        break;
      }
      case DECORRELATED: {
        long prev = Math.max(previousDelayNanos, initial);
        double upper = Math.min((double) max, prev * 3.0);
        d = (long) (initial + (upper - initial) * u);
        break;
      }
      default:
        d = baseDelayNanos(c, retry);
    }
    // clamp: rounding never pushes outside [minDelay, maxDelay]
    return Math.max(c.minDelay().toNanos(), Math.min(d, max));
  }

  /** {@link #delayNanos} with a thread-local random number. */
  public static long nextDelayNanos(RetryConfig c, int retry, long previousDelayNanos) {
    if (c.jitter() == RetryConfig.Jitter.NONE) {
      return baseDelayNanos(c, retry);
    }
    return delayNanos(c, retry, previousDelayNanos, ThreadLocalRandom.current().nextDouble());
  }

  /** The spacing between two permits at the steady rate, in nanoseconds. */
  public static long intervalNanos(RateLimiterConfig c) {
    return c.period().toNanos() / c.permitsPerPeriod();
  }
}
