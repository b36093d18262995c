package dev.selfheal.recovery;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The configuration of an {@link AdaptiveLimiter}: the range the limit may move in, where it starts, how
 * many samples make one adjustment window, and which failures count as drops.
 *
 * <pre>{@code
 * AdaptiveLimiterConfig cfg = AdaptiveLimiterConfig.builder().minLimit(2).maxLimit(500).build();
 * AdaptiveLimiter limiter = AdaptiveLimiter.of("payments", cfg);
 * }</pre>
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class AdaptiveLimiterConfig {
  private static final AdaptiveLimiterConfig DEFAULTS = builder().build();

  private final int initialLimit;
  private final int minLimit;
  private final int maxLimit;
  private final int windowSamples;
  private final Duration maxWindow;
  private final Duration minPause;
  private final Duration eventInterval;
  private final Predicate<Throwable> dropOn;
  private final boolean critical;
  private final boolean writableStackTrace;
  private final int latencySampling;

  private AdaptiveLimiterConfig(Builder b) {
    this.latencySampling = b.latencySampling;
    this.initialLimit = b.initialLimit;
    this.minLimit = b.minLimit;
    this.maxLimit = b.maxLimit;
    this.windowSamples = b.windowSamples;
    this.maxWindow = b.maxWindow;
    this.minPause = b.minPause;
    this.eventInterval = b.eventInterval;
    this.dropOn = b.dropOn;
    this.critical = b.critical;
    this.writableStackTrace = b.writableStackTrace;
  }

  /**
   * The defaults: start at 20 in slow start, limit within {@code [1, 1000]}; see each builder method.
   *
   * @return the default config
   */
  public static AdaptiveLimiterConfig ofDefaults() {
    return DEFAULTS;
  }

  /** {@return a new builder, every setting at its default} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a new builder holding this config's values} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.initialLimit = initialLimit;
    b.minLimit = minLimit;
    b.maxLimit = maxLimit;
    b.windowSamples = windowSamples;
    b.maxWindow = maxWindow;
    b.minPause = minPause;
    b.eventInterval = eventInterval;
    b.dropOn = dropOn;
    b.critical = critical;
    b.writableStackTrace = writableStackTrace;
    b.latencySampling = latencySampling;
    return b;
  }

  /** {@return one call in this many has its latency measured} */
  public int latencySampling() {
    return latencySampling;
  }

  /**
   * {@return the limit before the first adjustment; the limiter starts in slow start from here (doubling while the limit is reached and no queue forms)}
   */
  public int initialLimit() {
    return initialLimit;
  }

  /** {@return the lowest limit the rules may choose} */
  public int minLimit() {
    return minLimit;
  }

  /**
   * {@return the highest limit the rules (or an operator override) may choose: a hard cap, never exceeded by calls in flight}
   */
  public int maxLimit() {
    return maxLimit;
  }

  /**
   * {@return the fewest completed calls that close an adjustment window; a window also holds at least as many calls as the current limit (about one round trip)}
   */
  public int windowSamples() {
    return windowSamples;
  }

  /**
   * {@return a window with at least one completion closes after this long even with fewer samples (a slow service is still adjusted)}
   */
  public Duration maxWindow() {
    return maxWindow;
  }

  /**
   * {@return the shortest gap without any completion, while calls are in flight, that is treated as a stop-the-world pause (a GC): the time a call spent inside the pause is taken out of its latency sample}
   */
  public Duration minPause() {
    return minPause;
  }

  /**
   * {@return at most one {@link AdaptiveLimiter.LimitChanged} event per this interval (limit changes in between are folded into the next event)}
   */
  public Duration eventInterval() {
    return eventInterval;
  }

  /** {@return which failures of a guarded call are drops (the call was lost to overload: the limit shrinks)} */
  public Predicate<Throwable> dropOn() {
    return dropOn;
  }

  /** {@return whether saturation may pull the process's readiness down} */
  public boolean critical() {
    return critical;
  }

  /** {@return whether rejections carry a stack trace} */
  public boolean writableStackTrace() {
    return writableStackTrace;
  }

  @Override
  public String toString() {
    return "AdaptiveLimiterConfig{initialLimit=" + initialLimit + ", minLimit=" + minLimit + ", maxLimit=" + maxLimit
        + ", windowSamples=" + windowSamples + ", maxWindow=" + maxWindow + ", minPause=" + minPause
        + ", eventInterval=" + eventInterval + ", latencySampling=" + latencySampling + ", critical=" + critical
        + "}";
  }

  /** Builder of {@link AdaptiveLimiterConfig}. Not thread-safe. */
  public static final class Builder {
    private int initialLimit = 20;
    private int minLimit = 1;
    private int maxLimit = 1000;
    private int windowSamples = 32;
    private Duration maxWindow = Duration.ofSeconds(1);
    private Duration minPause = Duration.ofMillis(50);
    private Duration eventInterval = Duration.ofSeconds(1);
    private Predicate<Throwable> dropOn = Builder::isTimeout;
    private boolean critical;
    private boolean writableStackTrace;
    private int latencySampling = 64;

    private Builder() {}

    private static boolean isTimeout(Throwable t) {
      return t instanceof TimeoutException || t instanceof TimeoutExceededException;
    }

    /**
     * The limit before the first adjustment; the limiter starts in slow start from here (doubling while the
     * limit is reached and no queue forms). Default 20; range {@code [minLimit, maxLimit]}.
     *
     * @param initialLimit the limit before the first adjustment; the limiter starts in slow start from here (doubling while the limit is reached and no queue forms)
     * @return this builder
     */
    public Builder initialLimit(int initialLimit) {
      this.initialLimit = initialLimit;
      return this;
    }

    /**
     * The lowest limit the rules may choose. Default 1; range {@code [1, maxLimit]}.
     *
     * @param minLimit the lowest limit the rules may choose
     * @return this builder
     */
    public Builder minLimit(int minLimit) {
      this.minLimit = minLimit;
      return this;
    }

    /**
     * The highest limit the rules (or an operator override) may choose: a hard cap, never exceeded by calls in
     * flight. Default 1000; range {@code [minLimit, 1_000_000]}.
     *
     * @param maxLimit the highest limit the rules (or an operator override) may choose: a hard cap, never exceeded by calls in flight
     * @return this builder
     */
    public Builder maxLimit(int maxLimit) {
      this.maxLimit = maxLimit;
      return this;
    }

    /**
     * The fewest completed calls that close an adjustment window; a window also holds at least as many calls as
     * the current limit (about one round trip). Default 32; range {@code [4, 100_000]}.
     *
     * @param windowSamples the fewest completed calls that close an adjustment window; a window also holds at least as many calls as the current limit (about one round trip)
     * @return this builder
     */
    public Builder windowSamples(int windowSamples) {
      this.windowSamples = windowSamples;
      return this;
    }

    /**
     * A window with at least one completion closes after this long even with fewer samples (a slow service is
     * still adjusted). Default 1 s; range {@code [1 ms, 1 hour]}.
     *
     * @param maxWindow a window with at least one completion closes after this long even with fewer samples (a slow service is still adjusted)
     * @return this builder
     */
    public Builder maxWindow(Duration maxWindow) {
      this.maxWindow = maxWindow;
      return this;
    }

    /**
     * The shortest gap without any completion, while calls are in flight, that is treated as a stop-the-world
     * pause (a GC): the time a call spent inside the pause is taken out of its latency sample. Default 50 ms;
     * range {@code [1 ms, 1 minute]}.
     *
     * @param minPause the shortest gap without any completion, while calls are in flight, that is treated as a stop-the-world pause (a GC): the time a call spent inside the pause is taken out of its latency sample
     * @return this builder
     */
    public Builder minPause(Duration minPause) {
      this.minPause = minPause;
      return this;
    }

    /**
     * At most one {@link AdaptiveLimiter.LimitChanged} event per this interval (limit changes in between are
     * folded into the next event). Default 1 s; range {@code [0, 1 hour]}; zero publishes every change.
     *
     * @param eventInterval at most one {@link AdaptiveLimiter.LimitChanged} event per this interval (limit changes in between are folded into the next event)
     * @return this builder
     */
    public Builder eventInterval(Duration eventInterval) {
      this.eventInterval = eventInterval;
      return this;
    }

    /**
     * Which failures of a guarded call are drops (the call was lost to overload: the limit shrinks). Other
     * failures release the permit without a sample. Default: {@link TimeoutException} and
     * {@link TimeoutExceededException}.
     *
     * @param dropOn which failures of a guarded call are drops (the call was lost to overload: the limit shrinks)
     * @return this builder
     */
    public Builder dropOn(Predicate<Throwable> dropOn) {
      this.dropOn = dropOn;
      return this;
    }

    /**
     * Whether saturation may pull the process's readiness down. Default {@code false}.
     *
     * @param critical whether saturation may pull the process's readiness down
     * @return this builder
     */
    public Builder critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    /**
     * The most calls one latency sample may stand for (rounded down to a power of two). The limiter samples
     * every call while a window of {@link #windowSamples} samples spans about two latencies, and thins out to
     * one call in up to {@code n} (chosen with {@code ThreadLocalRandom}, or the generator given to
     * {@link AdaptiveLimiter#of(String, AdaptiveLimiterConfig, dev.selfheal.core.spi.Ticker,
     * java.util.random.RandomGenerator)}) only where more samples per window would be redundant: short calls
     * at high rates, where two ticker reads per call cost more than the permit itself. Unsampled calls only
     * take and return a permit. Default 64; range {@code [1, 1024]}; 1 samples every call (no randomness).
     *
     * @param n one call in {@code n} is measured
     * @return this builder
     */
    public Builder latencySampling(int n) {
      this.latencySampling = n;
      return this;
    }

    /**
     * Whether rejections carry a stack trace. Default {@code false} (cheaper).
     *
     * @param writableStackTrace whether rejections carry a stack trace
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
     * @throws IllegalArgumentException naming the field and the value when one is out of range or the
     *                                  combination of limits is inconsistent
     */
    public AdaptiveLimiterConfig build() {
      if (minLimit < 1) {
        throw new IllegalArgumentException("minLimit must be >= 1, was " + minLimit);
      }
      if (maxLimit < minLimit || maxLimit > 1_000_000) {
        throw new IllegalArgumentException("maxLimit must be within [minLimit=" + minLimit + ", 1000000], was "
            + maxLimit);
      }
      if (initialLimit < minLimit || initialLimit > maxLimit) {
        throw new IllegalArgumentException("initialLimit must be within [minLimit=" + minLimit + ", maxLimit="
            + maxLimit + "], was " + initialLimit);
      }
      if (windowSamples < 4 || windowSamples > 100_000) {
        throw new IllegalArgumentException("windowSamples must be within [4, 100000], was " + windowSamples);
      }
      Validation.durationWithin("maxWindow", maxWindow, Duration.ofMillis(1), Duration.ofHours(1));
      Validation.durationWithin("minPause", minPause, Duration.ofMillis(1), Duration.ofMinutes(1));
      Validation.durationWithin("eventInterval", eventInterval, Duration.ZERO, Duration.ofHours(1));
      Validation.notNull("dropOn", dropOn);
      if (latencySampling < 1 || latencySampling > 1024) {
        throw new IllegalArgumentException("latencySampling must be within [1, 1024], was " + latencySampling);
      }
      return new AdaptiveLimiterConfig(this);
    }
  }
}
