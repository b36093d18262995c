package dev.selfheal.probes;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how often a probe runs, and how many results it takes to change its verdict: Kubernetes'
 * {@code initialDelaySeconds}, {@code periodSeconds}, {@code timeoutSeconds}, {@code successThreshold} and
 * {@code failureThreshold}, with Kubernetes' defaults and rules, at nanosecond resolution.
 *
 * <pre>{@code
 * ProbeConfig liveness = ProbeConfig.builder(ProbeKind.LIVENESS)
 *     .initialDelay(Duration.ofSeconds(5))
 *     .period(Duration.ofSeconds(10))
 *     .timeout(Duration.ofSeconds(1))
 *     .failureThreshold(3)
 *     .build();                    // validates here
 * }</pre>
 *
 * <p>Rules, checked by {@link Builder#build()}: period and timeout are positive; the initial delay is zero or
 * positive; both thresholds are at least 1; liveness and startup probes have a success threshold of exactly
 * 1 (as Kubernetes requires). A bad value is an {@link IllegalArgumentException} naming the field and the
 * value.
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class ProbeConfig {
  /** Kubernetes' default period: 10 s. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);
  /** Kubernetes' default timeout: 1 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  /** Kubernetes' default failure threshold: 3. */
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;

  private final ProbeKind kind;
  private final Duration initialDelay;
  private final Duration period;
  private final Duration timeout;
  private final int successThreshold;
  private final int failureThreshold;

  private ProbeConfig(Builder b) {
    this.kind = b.kind;
    this.initialDelay = b.initialDelay;
    this.period = b.period;
    this.timeout = b.timeout;
    this.successThreshold = b.successThreshold;
    this.failureThreshold = b.failureThreshold;
  }

  /**
   * A builder for a probe of {@code kind}, starting from Kubernetes' defaults.
   *
   * @param kind a builder for a probe of {@code kind}, starting from Kubernetes' defaults
   * @return a new builder
   */
  public static Builder builder(ProbeKind kind) {
    return new Builder(Objects.requireNonNull(kind, "kind"));
  }

  /**
   * Kubernetes' defaults for {@code kind}: no initial delay, period 10 s, timeout 1 s, thresholds 1 and 3.
   *
   * @param kind the probe's kind
   * @return the config
   */
  public static ProbeConfig ofDefaults(ProbeKind kind) {
    return builder(kind).build();
  }

  /** {@return a new builder holding this config's values} */
  public Builder toBuilder() {
    return new Builder(kind)
        .initialDelay(initialDelay)
        .period(period)
        .timeout(timeout)
        .successThreshold(successThreshold)
        .failureThreshold(failureThreshold);
  }

  /** {@return the kind of probe this config is for} */
  public ProbeKind kind() {
    return kind;
  }

  /** {@return how long after the instance started the first run is due} */
  public Duration initialDelay() {
    return initialDelay;
  }

  /** {@return time between the starts of two runs} */
  public Duration period() {
    return period;
  }

  /** {@return how long one run may take before it counts as failed} */
  public Duration timeout() {
    return timeout;
  }

  /** {@return consecutive passes that turn a failed probe back to passing} */
  public int successThreshold() {
    return successThreshold;
  }

  /** {@return consecutive failures that make the probe's verdict fail} */
  public int failureThreshold() {
    return failureThreshold;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProbeConfig c && kind == c.kind && initialDelay.equals(c.initialDelay)
        && period.equals(c.period) && timeout.equals(c.timeout) && successThreshold == c.successThreshold
        && failureThreshold == c.failureThreshold;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, initialDelay, period, timeout, successThreshold, failureThreshold);
  }

  @Override
  public String toString() {
    return "ProbeConfig[" + kind + ", initialDelay=" + initialDelay + ", period=" + period + ", timeout=" + timeout
        + ", successThreshold=" + successThreshold + ", failureThreshold=" + failureThreshold + "]";
  }

  /** Builder of {@link ProbeConfig}. Not thread-safe. Values are checked in {@link #build()}. */
  public static final class Builder {
    private final ProbeKind kind;
    private Duration initialDelay = Duration.ZERO;
    private Duration period = DEFAULT_PERIOD;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int successThreshold = 1;
    private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;

    private Builder(ProbeKind kind) {
      this.kind = kind;
    }

    /**
     * Delay between the instance's start and the probe's first run (Kubernetes {@code initialDelaySeconds}).
     * Default 0; valid range: zero or positive. For liveness and readiness behind a startup probe, the first
     * run is due at this delay after the instance started, or as soon as startup succeeds if that is later.
     *
     * @param initialDelay delay between the instance's start and the probe's first run (Kubernetes {@code initialDelaySeconds})
     * @return this builder
     */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay");
      return this;
    }

    /**
     * Time between the starts of two runs ({@code periodSeconds}). Default 10 s; valid range: positive.
     *
     * @param period time between the starts of two runs ({@code periodSeconds})
     * @return this builder
     */
    public Builder period(Duration period) {
      this.period = Objects.requireNonNull(period, "period");
      return this;
    }

    /**
     * How long one run may take ({@code timeoutSeconds}); a run that takes longer is a failure with reason
     * "timed out after ...", and its thread is interrupted. Default 1 s; valid range: positive.
     *
     * @param timeout how long one run may take ({@code timeoutSeconds}); a run that takes longer is a failure with reason "timed out after ...", and its thread is interrupted
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Consecutive passes needed to count as passing after a failure ({@code successThreshold}). Default 1;
     * valid range: at least 1, and exactly 1 for liveness and startup probes.
     *
     * @param successThreshold consecutive passes needed to count as passing after a failure ({@code successThreshold})
     * @return this builder
     */
    public Builder successThreshold(int successThreshold) {
      this.successThreshold = successThreshold;
      return this;
    }

    /**
     * Consecutive failures that make the verdict fail ({@code failureThreshold}). Default 3; valid range: at
     * least 1.
     *
     * @param failureThreshold consecutive failures that make the verdict fail ({@code failureThreshold})
     * @return this builder
     */
    public Builder failureThreshold(int failureThreshold) {
      this.failureThreshold = failureThreshold;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the immutable config
     * @throws IllegalArgumentException naming the field and the bad value
     */
    public ProbeConfig build() {
      if (initialDelay.isNegative()) {
        throw new IllegalArgumentException("initialDelay must be >= 0, was " + initialDelay);
      }
      requirePositive("period", period);
      requirePositive("timeout", timeout);
      if (successThreshold < 1) {
        throw new IllegalArgumentException("successThreshold must be >= 1, was " + successThreshold);
      }
      if (failureThreshold < 1) {
        throw new IllegalArgumentException("failureThreshold must be >= 1, was " + failureThreshold);
      }
      if (kind != ProbeKind.READINESS && successThreshold != 1) {
        throw new IllegalArgumentException("successThreshold must be 1 for a " + kind + " probe (as in Kubernetes), was "
            + successThreshold);
      }
      return new ProbeConfig(this);
    }

    private static void requirePositive(String field, Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be > 0, was " + value);
      }
    }
  }
}
