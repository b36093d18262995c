package dev.selfheal.recovery;

import java.time.Duration;

/**
 * The configuration of a {@link RetryBudget}: within any window of {@code ttl}, retries may be at most
 * {@code retryRatio} times the calls made plus {@code minRetriesPerSecond * ttl} (Finagle's
 * {@code RetryBudget(ttl, minRetriesPerSec, percentCanRetry)}).
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class RetryBudgetConfig {
  private final Duration ttl;
  private final int minRetriesPerSecond;
  private final double retryRatio;

  private RetryBudgetConfig(Builder b) {
    this.ttl = b.ttl;
    this.minRetriesPerSecond = b.minRetriesPerSecond;
    this.retryRatio = b.retryRatio;
  }

  /** {@return the defaults: a 10-second window, 10 retries per second, 20% of calls} */
  public static RetryBudgetConfig ofDefaults() {
    return builder().build();
  }

  /** {@return a new builder, every setting at its default} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a new builder holding this config's values} */
  public Builder toBuilder() {
    return new Builder().ttl(ttl).minRetriesPerSecond(minRetriesPerSecond).retryRatio(retryRatio);
  }

  /** {@return the window over which calls and retries are counted} */
  public Duration ttl() {
    return ttl;
  }

  /** {@return the retries always allowed per second of window, even with no calls} */
  public int minRetriesPerSecond() {
    return minRetriesPerSecond;
  }

  /** {@return the retries allowed per call made} */
  public double retryRatio() {
    return retryRatio;
  }

  @Override
  public String toString() {
    return "RetryBudgetConfig{ttl=" + ttl + ", minRetriesPerSecond=" + minRetriesPerSecond + ", retryRatio="
        + retryRatio + "}";
  }

  /** Builder of {@link RetryBudgetConfig}. Not thread-safe. */
  public static final class Builder {
    private Duration ttl = Duration.ofSeconds(10);
    private int minRetriesPerSecond = 10;
    private double retryRatio = 0.2;

    private Builder() {}

    /**
     * The window over which calls and retries are counted. Default 10 s; range {@code [1 s, 1 hour]}.
     *
     * @param ttl the window over which calls and retries are counted
     * @return this builder
     */
    public Builder ttl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    /**
     * Retries always allowed per second of window, even with no calls. Default 10; range {@code [0, 1,000,000]}.
     *
     * @param minRetriesPerSecond the min retries per second
     * @return this builder
     */
    public Builder minRetriesPerSecond(int minRetriesPerSecond) {
      this.minRetriesPerSecond = minRetriesPerSecond;
      return this;
    }

    /**
     * Retries allowed per call made, e.g. 0.2 for 20%. Default 0.2; range {@code [0, 1000]}.
     *
     * @param retryRatio the retry ratio
     * @return this builder
     */
    public Builder retryRatio(double retryRatio) {
      this.retryRatio = retryRatio;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the immutable config
     * @throws IllegalArgumentException naming the field and the value when one is out of range
     */
    public RetryBudgetConfig build() {
      Validation.durationWithin("ttl", ttl, Duration.ofSeconds(1), Duration.ofHours(1));
      if (minRetriesPerSecond < 0 || minRetriesPerSecond > 1_000_000) {
        throw new IllegalArgumentException("minRetriesPerSecond must be within [0, 1000000], was "
            + minRetriesPerSecond);
      }
      if (!(retryRatio >= 0.0 && retryRatio <= 1000.0)) {
        throw new IllegalArgumentException("retryRatio must be within [0, 1000], was " + retryRatio);
      }
      return new RetryBudgetConfig(this);
    }
  }
}
