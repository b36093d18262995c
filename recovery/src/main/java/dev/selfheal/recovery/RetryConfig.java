package dev.selfheal.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The configuration of a {@link Retry}: how many attempts, how long to wait between them, which outcomes to
 * retry, and the optional shared {@link RetryBudget}.
 *
 * <p><b>Backoff.</b> Retry {@code n} (1 before the second attempt) waits
 * {@code base(n) = min(maxDelay, initialDelay * multiplier^(n-1))}: the first wait is exactly
 * {@code initialDelay} (no off-by-one), and large {@code n} saturates at {@code maxDelay} (no overflow).
 * {@link Jitter} then spreads it; the result always lies in {@code [minDelay(), maxDelay]}, never negative.
 *
 * <pre>{@code
 * RetryConfig cfg = RetryConfig.builder()
 *     .maxAttempts(4)
 *     .exponentialBackoff(Duration.ofMillis(50), 2.0, Duration.ofSeconds(2))
 *     .jitter(RetryConfig.Jitter.FULL)
 *     .retryOn(IOException.class)
 *     .build();
 * }</pre>
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class RetryConfig {
  private static final RetryConfig DEFAULTS = builder().build();

  /** How the wait is randomised (after the AWS Architecture Blog's "Exponential Backoff And Jitter"). */
  public enum Jitter {
    /** No randomness: the wait is {@code base(n)}. */
    NONE,
    /** Uniform in {@code [0, base(n)]}. */
    FULL,
    /** {@code base(n)/2} plus uniform in {@code [0, base(n)/2]}. */
    EQUAL,
    /** Uniform in {@code [initialDelay, 3 * previousWait]}, capped at {@code maxDelay}; ignores the multiplier. */
    DECORRELATED
  }

  private final int maxAttempts;
  private final long initialDelayNanos;
  private final long maxDelayNanos;
  private final double multiplier;
  private final Jitter jitter;
  private final Predicate<Throwable> retryOnException;
  private final Predicate<Object> retryOnResult;
  private final RetryBudget budget;

  private RetryConfig(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialDelayNanos = b.initialDelay.toNanos();
    this.maxDelayNanos = b.maxDelay.toNanos();
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
    this.retryOnException = b.retryOnException;
    this.retryOnResult = b.retryOnResult;
    this.budget = b.budget;
  }

  /**
   * The defaults: 3 attempts, a fixed 500 ms wait, no jitter, retry on any {@link Exception}, no budget.
   *
   * @return the default config
   */
  public static RetryConfig ofDefaults() {
    return DEFAULTS;
  }

  /** {@return a new builder, every setting at its default} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a new builder holding this config's values} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.initialDelay = Duration.ofNanos(initialDelayNanos);
    b.maxDelay = Duration.ofNanos(maxDelayNanos);
    b.multiplier = multiplier;
    b.jitter = jitter;
    b.retryOnException = retryOnException;
    b.retryOnResult = retryOnResult;
    b.budget = budget;
    return b;
  }

  /** {@return the attempts in total, the first call included} */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@return the wait before the first retry} */
  public Duration initialDelay() {
    return Duration.ofNanos(initialDelayNanos);
  }

  /** {@return the cap of the wait} */
  public Duration maxDelay() {
    return Duration.ofNanos(maxDelayNanos);
  }

  /** {@return the growth factor per retry} */
  public double multiplier() {
    return multiplier;
  }

  /** {@return how waits are randomised} */
  public Jitter jitter() {
    return jitter;
  }

  /** {@return which failures are retried} */
  public Predicate<Throwable> retryOnException() {
    return retryOnException;
  }

  /** {@return the result predicate, or null when results are never retried} */
  public Predicate<Object> retryOnResult() {
    return retryOnResult;
  }

  /**
   * The shared budget, or null when retries are limited by {@link #maxAttempts()} only.
   *
   * @return the budget, or null
   */
  public RetryBudget budget() {
    return budget;
  }

  /** {@return the shortest wait this config can produce: 0 for FULL jitter, half the initial delay for EQUAL} */
  public Duration minDelay() {
    return Duration.ofNanos(minDelayNanos());
  }

  long minDelayNanos() {
    switch (jitter) {
      case FULL:
        return 0;
      case EQUAL:
        return initialDelayNanos / 2;
      default:
        return initialDelayNanos;
    }
  }

  /**
   * {@code base(n)} in nanoseconds: {@code min(maxDelay, initialDelay * multiplier^(n-1))}, for n >= 1.
   *
   * @param retry the retry's number, from 1
   * @return the wait before jitter, in nanoseconds
   */
  public long baseDelayNanos(int retry) {
    if (retry <= 1 || multiplier == 1.0) {
      return Math.min(initialDelayNanos, maxDelayNanos);
    }
    double d = initialDelayNanos * Math.pow(multiplier, retry - 1.0);
    // NaN is impossible (finite factors >= 0); +Infinity and anything >= max saturate
    return d >= maxDelayNanos ? maxDelayNanos : (long) d;
  }

  /**
   * The wait before retry {@code retry} (1-based), given the previous wait (decorrelated jitter only) and a
   * random number {@code u} in {@code [0, 1)}. Pure: the property tests drive it with any inputs.
   *
   * @param retry the retry's number, from 1
   * @param previousDelayNanos the previous wait, in nanoseconds
   * @param u a uniform sample in {@code [0, 1)}
   * @return the wait, in nanoseconds
   */
  public long delayNanos(int retry, long previousDelayNanos, double u) {
    long d;
    switch (jitter) {
      case FULL:
        d = (long) (baseDelayNanos(retry) * u);
        break;
      case EQUAL: {
        long base = baseDelayNanos(retry);
        long half = base / 2;
        d = half + (long) ((base - half) * u);
        break;
      }
      case DECORRELATED: {
        long prev = Math.max(previousDelayNanos, initialDelayNanos);
        double upper = Math.min((double) maxDelayNanos, prev * 3.0);
        d = (long) (initialDelayNanos + (upper - initialDelayNanos) * u);
        break;
      }
      default:
        d = baseDelayNanos(retry);
    }
    // clamp: rounding never pushes outside [minDelay, maxDelay]
    return Math.max(minDelayNanos(), Math.min(d, maxDelayNanos));
  }

  /**
   * {@link #delayNanos(int, long, double)} with a thread-local random number (allocates nothing).
   *
   * @param retry the retry's number, from 1
   * @param previousDelayNanos the previous wait, in nanoseconds
   * @return the wait, in nanoseconds
   */
  public long nextDelayNanos(int retry, long previousDelayNanos) {
    if (jitter == Jitter.NONE) {
      return baseDelayNanos(retry);
    }
    return delayNanos(retry, previousDelayNanos, ThreadLocalRandom.current().nextDouble());
  }

  @Override
  public String toString() {
    return "RetryConfig{maxAttempts=" + maxAttempts + ", initialDelay=" + initialDelay() + ", multiplier="
        + multiplier + ", maxDelay=" + maxDelay() + ", jitter=" + jitter + ", budget=" + (budget != null) + "}";
  }

  /** Builder of {@link RetryConfig}. Not thread-safe. */
  public static final class Builder {
    private static final Duration MAX = Duration.ofDays(1);

    private int maxAttempts = 3;
    private Duration initialDelay = Duration.ofMillis(500);
    private Duration maxDelay = Duration.ofMillis(500);
    private double multiplier = 1.0;
    private Jitter jitter = Jitter.NONE;
    private Predicate<Throwable> retryOnException = t -> t instanceof Exception;
    private Predicate<Object> retryOnResult;
    private RetryBudget budget;

    private Builder() {}

    /**
     * Attempts in total, the first call included. Default 3; range {@code [1, Integer.MAX_VALUE]}.
     *
     * @param maxAttempts the max attempts
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The same wait before every retry. Default 500 ms; range {@code [0, 1 day]}.
     *
     * @param delay the same wait before every retry
     * @return this builder
     */
    public Builder fixedBackoff(Duration delay) {
      this.initialDelay = delay;
      this.maxDelay = delay;
      this.multiplier = 1.0;
      return this;
    }

    /**
     * Waits growing by {@code multiplier} from {@code initialDelay} up to {@code maxDelay}. Defaults: a fixed
     * 500 ms. Ranges: initialDelay {@code [0, 1 day]}; multiplier finite, {@code [1, 1000]}; maxDelay
     * {@code [initialDelay, 1 day]}.
     *
     * @return this builder
     * @param initialDelay the wait before the first retry
     * @param multiplier the growth factor per retry
     * @param maxDelay the cap of the wait
     */
    public Builder exponentialBackoff(Duration initialDelay, double multiplier, Duration maxDelay) {
      this.initialDelay = initialDelay;
      this.multiplier = multiplier;
      this.maxDelay = maxDelay;
      return this;
    }

    /**
     * How waits are randomised. Default {@link Jitter#NONE}.
     *
     * @param jitter how waits are randomised
     * @return this builder
     */
    public Builder jitter(Jitter jitter) {
      this.jitter = jitter;
      return this;
    }

    /**
     * Retry only failures that are instances of one of {@code types}. Default: any {@link Exception}.
     *
     * @param types retry only failures that are instances of one of {@code types}
     * @return this builder
     */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... types) {
      Validation.notNull("retryOn", types);
      List<Class<? extends Throwable>> copy = new ArrayList<>(types.length);
      for (Class<? extends Throwable> type : types) {
        copy.add(Validation.notNull("retryOn", type));
      }
      List<Class<? extends Throwable>> list = List.copyOf(copy);
      this.retryOnException = t -> {
        for (Class<? extends Throwable> type : list) {
          if (type.isInstance(t)) {
            return true;
          }
        }
        return false;
      };
      return this;
    }

    /**
     * Retry failures this predicate accepts. Default: any {@link Exception} (never an {@link Error}).
     *
     * @param predicate retry failures this predicate accepts
     * @return this builder
     */
    public Builder retryOnException(Predicate<Throwable> predicate) {
      this.retryOnException = predicate;
      return this;
    }

    /**
     * Also retry results this predicate accepts (the last one is returned when attempts run out). Default: none.
     *
     * @param predicate also retry results this predicate accepts (the last one is returned when attempts run out)
     * @return this builder
     */
    public Builder retryOnResult(Predicate<Object> predicate) {
      this.retryOnResult = predicate;
      return this;
    }

    /**
     * A budget shared with other retries; a retry the budget refuses is not made. Default: none.
     *
     * @param budget a budget shared with other retries; a retry the budget refuses is not made
     * @return this builder
     */
    public Builder budget(RetryBudget budget) {
      this.budget = budget;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the immutable config
     * @throws IllegalArgumentException naming the field and the value when one is out of range
     */
    public RetryConfig build() {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
      }
      Validation.durationWithin("initialDelay", initialDelay, Duration.ZERO, MAX);
      Validation.durationWithin("maxDelay", maxDelay, Duration.ZERO, MAX);
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new IllegalArgumentException("maxDelay must be >= initialDelay (" + initialDelay + "), was " + maxDelay);
      }
      if (!(multiplier >= 1.0 && multiplier <= 1000.0)) {
        throw new IllegalArgumentException("multiplier must be within [1, 1000], was " + multiplier);
      }
      Validation.notNull("jitter", jitter);
      Validation.notNull("retryOnException", retryOnException);
      return new RetryConfig(this);
    }
  }
}
