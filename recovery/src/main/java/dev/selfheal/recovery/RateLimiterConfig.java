package dev.selfheal.recovery;

import java.time.Duration;

/**
 * The configuration of a {@link RateLimiter}: {@code permitsPerPeriod} permits per {@code period}, evenly
 * spaced, with up to {@code burst} permits available at once after a quiet spell.
 *
 * <pre>{@code
 * RateLimiterConfig cfg = RateLimiterConfig.builder()
 *     .permitsPerPeriod(100).period(Duration.ofSeconds(1)).burst(20).build();
 * }</pre>
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class RateLimiterConfig {
  private static final RateLimiterConfig DEFAULTS = builder().build();

  private final int permitsPerPeriod;
  private final Duration period;
  private final int burst;
  private final Duration maxWait;
  private final boolean writableStackTrace;

  private RateLimiterConfig(Builder b, int burst) {
    this.permitsPerPeriod = b.permitsPerPeriod;
    this.period = b.period;
    this.burst = burst;
    this.maxWait = b.maxWait;
    this.writableStackTrace = b.writableStackTrace;
  }

  /** {@return the defaults: 50 permits per second, a burst of 50, no wait} */
  public static RateLimiterConfig ofDefaults() {
    return DEFAULTS;
  }

  /** {@return a new builder, every setting at its default} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a new builder holding this config's values} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.permitsPerPeriod = permitsPerPeriod;
    b.period = period;
    b.burst = burst;
    b.maxWait = maxWait;
    b.writableStackTrace = writableStackTrace;
    return b;
  }

  /** {@return the permits per {@link #period()}} */
  public int permitsPerPeriod() {
    return permitsPerPeriod;
  }

  /** {@return the period the permits are spread over} */
  public Duration period() {
    return period;
  }

  /** {@return how many permits may be taken at once after a quiet spell} */
  public int burst() {
    return burst;
  }

  /** {@return how long a call may wait for a permit} */
  public Duration maxWait() {
    return maxWait;
  }

  /** {@return whether {@link RateLimitExceededException}s carry a stack trace} */
  public boolean writableStackTrace() {
    return writableStackTrace;
  }

  /** {@return the spacing between two permits at the steady rate, in nanoseconds} */
  public long intervalNanos() {
    return period.toNanos() / permitsPerPeriod;
  }

  @Override
  public String toString() {
    return "RateLimiterConfig{permitsPerPeriod=" + permitsPerPeriod + ", period=" + period + ", burst=" + burst
        + ", maxWait=" + maxWait + "}";
  }

  /** Builder of {@link RateLimiterConfig}. Not thread-safe. */
  public static final class Builder {
    private int permitsPerPeriod = 50;
    private Duration period = Duration.ofSeconds(1);
    private int burst = -1;
    private Duration maxWait = Duration.ZERO;
    private boolean writableStackTrace;

    private Builder() {}

    /**
     * Permits per {@link #period}. Default 50; range {@code [1, Integer.MAX_VALUE]}.
     *
     * @param permitsPerPeriod the permits per period
     * @return this builder
     */
    public Builder permitsPerPeriod(int permitsPerPeriod) {
      this.permitsPerPeriod = permitsPerPeriod;
      return this;
    }

    /**
     * The period the permits are spread over. Default 1 second; range {@code (0, 1 day]}.
     *
     * @param period the period the permits are spread over
     * @return this builder
     */
    public Builder period(Duration period) {
      this.period = period;
      return this;
    }

    /**
     * How many permits may be taken at once after a quiet spell. Default {@code permitsPerPeriod}; range
     * {@code [1, Integer.MAX_VALUE]}.
     *
     * @param burst how many permits may be taken at once after a quiet spell
     * @return this builder
     */
    public Builder burst(int burst) {
      this.burst = burst;
      return this;
    }

    /**
     * How long a call may wait for a permit. A call that would have to wait longer is refused at once, never
     * after overrunning the wait. Default {@link Duration#ZERO}; range {@code [0, 1 day]}.
     *
     * @param maxWait how long a call may wait for a permit
     * @return this builder
     */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = maxWait;
      return this;
    }

    /**
     * Whether {@link RateLimitExceededException}s carry a stack trace. Default {@code false}.
     *
     * @param writableStackTrace whether {@link RateLimitExceededException}s carry a stack trace
     * @return this builder
     */
    public Builder writableStackTrace(boolean writableStackTrace) {
      this.writableStackTrace = writableStackTrace;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the immutable config
     * @throws IllegalArgumentException naming the field and the value when one is out of range, or when
     *                                  {@code period / permitsPerPeriod} is below one nanosecond
     */
    public RateLimiterConfig build() {
      if (permitsPerPeriod < 1) {
        throw new IllegalArgumentException("permitsPerPeriod must be >= 1, was " + permitsPerPeriod);
      }
      Validation.positive("period", period, Duration.ofDays(1));
      int b = burst == -1 ? permitsPerPeriod : burst;
      if (b < 1) {
        throw new IllegalArgumentException("burst must be >= 1, was " + burst);
      }
      Validation.durationWithin("maxWait", maxWait, Duration.ZERO, Duration.ofDays(1));
      if (period.toNanos() / permitsPerPeriod < 1) {
        throw new IllegalArgumentException("permitsPerPeriod " + permitsPerPeriod + " per period " + period
            + " is more than one permit per nanosecond");
      }
      return new RateLimiterConfig(this, b);
    }
  }
}
