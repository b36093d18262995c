package dev.selfheal.recovery;

import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of a {@link Bulkhead}: how many calls may run at once and how long a call may wait for a
 * permit.
 *
 * <pre>{@code
 * BulkheadConfig cfg = BulkheadConfig.builder().maxConcurrentCalls(10).maxWait(Duration.ofMillis(50)).build();
 * }</pre>
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class BulkheadConfig {
  private static final BulkheadConfig DEFAULTS = builder().build();

  private final int maxConcurrentCalls;
  private final Duration maxWait;
  private final boolean critical;
  private final boolean writableStackTrace;

  private BulkheadConfig(Builder b) {
    this.maxConcurrentCalls = b.maxConcurrentCalls;
    this.maxWait = b.maxWait;
    this.critical = b.critical;
    this.writableStackTrace = b.writableStackTrace;
  }

  /** {@return the defaults: 25 concurrent calls, no wait, not critical, no stack traces on rejection} */
  public static BulkheadConfig ofDefaults() {
    return DEFAULTS;
  }

  /** {@return a new builder, every setting at its default} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a new builder holding this config's values} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxConcurrentCalls = maxConcurrentCalls;
    b.maxWait = maxWait;
    b.critical = critical;
    b.writableStackTrace = writableStackTrace;
    return b;
  }

  /** {@return how many calls may hold a permit at once} */
  public int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  /** {@return how long a call waits for a permit before {@link BulkheadFullException}} */
  public Duration maxWait() {
    return maxWait;
  }

  /** {@return whether this bulkhead's health may pull the process's readiness down} */
  public boolean critical() {
    return critical;
  }

  /** {@return whether {@link BulkheadFullException}s carry a stack trace} */
  public boolean writableStackTrace() {
    return writableStackTrace;
  }

  @Override
  public String toString() {
    return "BulkheadConfig{maxConcurrentCalls=" + maxConcurrentCalls + ", maxWait=" + maxWait + ", critical="
        + critical + "}";
  }

  /** Builder of {@link BulkheadConfig}. Not thread-safe. */
  public static final class Builder {
    private int maxConcurrentCalls = 25;
    private Duration maxWait = Duration.ZERO;
    private boolean critical;
    private boolean writableStackTrace;

    private Builder() {}

    /**
     * How many calls may hold a permit at once. Default 25; range {@code [1, Integer.MAX_VALUE]}.
     *
     * @param maxConcurrentCalls how many calls may hold a permit at once
     * @return this builder
     */
    public Builder maxConcurrentCalls(int maxConcurrentCalls) {
      this.maxConcurrentCalls = maxConcurrentCalls;
      return this;
    }

    /**
     * How long a call waits for a permit before {@link BulkheadFullException}. Default {@link Duration#ZERO}
     * (fail at once); range {@code [0, 1 day]}; nanosecond resolution.
     *
     * @param maxWait how long a call waits for a permit before {@link BulkheadFullException}
     * @return this builder
     */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = maxWait;
      return this;
    }

    /**
     * Whether this bulkhead's health may pull the process's readiness down. Default {@code false}; leave it
     * false for a downstream that every replica shares.
     *
     * @param critical whether this bulkhead's health may pull the process's readiness down
     * @return this builder
     */
    public Builder critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    /**
     * Whether {@link BulkheadFullException}s carry a stack trace. Default {@code false} (cheaper).
     *
     * @param writableStackTrace whether {@link BulkheadFullException}s carry a stack trace
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
     * @throws IllegalArgumentException naming the field and the value when one is out of range
     */
    public BulkheadConfig build() {
      if (maxConcurrentCalls < 1) {
        throw new IllegalArgumentException("maxConcurrentCalls must be >= 1, was " + maxConcurrentCalls);
      }
      Validation.durationWithin("maxWait", maxWait, Duration.ZERO, Duration.ofDays(1));
      return new BulkheadConfig(this);
    }
  }
}
