package dev.selfheal.recovery;

import java.time.Duration;

/**
 * The configuration of a {@link Timeout}.
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class TimeoutConfig {
  private final Duration timeout;
  private final boolean writableStackTrace;

  private TimeoutConfig(Builder b) {
    this.timeout = b.timeout;
    this.writableStackTrace = b.writableStackTrace;
  }

  /** {@return the defaults: 1 second, with stack traces} */
  public static TimeoutConfig ofDefaults() {
    return builder().build();
  }

  /**
   * A config with the given limit.
   *
   * @param timeout the limit of a call
   * @return the config
   */
  public static TimeoutConfig of(Duration timeout) {
    return builder().timeout(timeout).build();
  }

  /** {@return a new builder, every setting at its default} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a new builder holding this config's values} */
  public Builder toBuilder() {
    return new Builder().timeout(timeout).writableStackTrace(writableStackTrace);
  }

  /** {@return the limit of a call} */
  public Duration timeout() {
    return timeout;
  }

  /**
   * {@return whether {@link TimeoutExceededException}s carry a stack trace: the same switch as the refusing policies' (see {@link CallNotPermittedException})}
   */
  public boolean writableStackTrace() {
    return writableStackTrace;
  }

  @Override
  public String toString() {
    return "TimeoutConfig{timeout=" + timeout + ", writableStackTrace=" + writableStackTrace + "}";
  }

  /** Builder of {@link TimeoutConfig}. Not thread-safe. */
  public static final class Builder {
    private Duration timeout = Duration.ofSeconds(1);
    private boolean writableStackTrace = true;

    private Builder() {}

    /**
     * How long a call may run. Default 1 second; range {@code (0, 1 day]}.
     *
     * @param timeout how long a call may run
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Whether {@link TimeoutExceededException}s carry a stack trace: the same switch as the refusing
     * policies' (see {@link CallNotPermittedException}). Default {@code true}, unlike theirs: a timeout is a
     * failure of a call that ran, rare next to refusals under overload, and its trace shows the caller that
     * waited.
     *
     * @param writableStackTrace whether {@link TimeoutExceededException}s carry a stack trace: the same switch as the refusing policies' (see {@link CallNotPermittedException})
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
     * @throws IllegalArgumentException naming the field and the value when it is out of range
     */
    public TimeoutConfig build() {
      Validation.positive("timeout", timeout, Duration.ofDays(1));
      return new TimeoutConfig(this);
    }
  }
}
