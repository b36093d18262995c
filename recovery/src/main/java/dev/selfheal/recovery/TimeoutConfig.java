package dev.selfheal.recovery;

import java.time.Duration;

/**
 * The configuration of a {@link Timeout}.
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class TimeoutConfig {
  private final Duration timeout;

  private TimeoutConfig(Builder b) {
    this.timeout = b.timeout;
  }

  /** The defaults: 1 second. */
  public static TimeoutConfig ofDefaults() {
    return builder().build();
  }

  /** A config with the given limit. */
  public static TimeoutConfig of(Duration timeout) {
    return builder().timeout(timeout).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().timeout(timeout);
  }

  public Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return "TimeoutConfig{timeout=" + timeout + "}";
  }

  /** Builder of {@link TimeoutConfig}. Not thread-safe. */
  public static final class Builder {
    private Duration timeout = Duration.ofSeconds(1);

    private Builder() {}

    /** How long a call may run. Default 1 second; range {@code (0, 1 day]}. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the field and the value when it is out of range
     */
    public TimeoutConfig build() {
      Validation.positive("timeout", timeout, Duration.ofDays(1));
      return new TimeoutConfig(this);
    }
  }
}
