package dev.selfheal.probes.anomaly;

import java.util.Objects;

/**
 * The parameters of an {@link AnomalyDetector}. The defaults are the single parameter set scored on the
 * whole Numenta Anomaly Benchmark (see the README): use them unless you have measured better.
 *
 * <pre>{@code
 * AnomalyDetectorConfig config = AnomalyDetectorConfig.builder().restSamples(60).build();
 * }</pre>
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class AnomalyDetectorConfig {
  private static final AnomalyDetectorConfig DEFAULTS = builder().build();

  private final int contextOrder;
  private final double alarmLevel;
  private final int restSamples;
  private final double restFactor;
  private final double extremeScale;
  private final int tableBits;
  private final double fatigueFactor;
  private final int fatigueSamples;
  private final int freshAfter;
  private final double freshBoost;

  private AnomalyDetectorConfig(Builder b) {
    this.contextOrder = b.contextOrder;
    this.alarmLevel = b.alarmLevel;
    this.restSamples = b.restSamples;
    this.restFactor = b.restFactor;
    this.extremeScale = b.extremeScale;
    this.tableBits = b.tableBits;
    this.fatigueFactor = b.fatigueFactor;
    this.fatigueSamples = b.fatigueSamples;
    this.freshAfter = b.freshAfter;
    this.freshBoost = b.freshBoost;
  }

  /** {@return the defaults: the parameters scored on NAB} */
  public static AnomalyDetectorConfig ofDefaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from this configuration.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.contextOrder = contextOrder;
    b.alarmLevel = alarmLevel;
    b.restSamples = restSamples;
    b.restFactor = restFactor;
    b.extremeScale = extremeScale;
    b.tableBits = tableBits;
    b.fatigueFactor = fatigueFactor;
    b.fatigueSamples = fatigueSamples;
    b.freshAfter = freshAfter;
    b.freshBoost = freshBoost;
    return b;
  }

  /** {@return the longest sequence of bins (context) the detector remembers} */
  public int contextOrder() {
    return contextOrder;
  }

  /** {@return the score at or above which a sample is an alarm and starts a rest period} */
  public double alarmLevel() {
    return alarmLevel;
  }

  /** {@return how many samples after an alarm have their score damped} */
  public int restSamples() {
    return restSamples;
  }

  /** {@return the factor applied to scores during a rest period} */
  public double restFactor() {
    return restFactor;
  }

  /** {@return how far outside the range seen so far (as a fraction of that range) makes a new extreme clearly novel} */
  public double extremeScale() {
    return extremeScale;
  }

  /** {@return log2 of the number of counters per view} */
  public int tableBits() {
    return tableBits;
  }

  /** {@return the factor on scores per recent alarm (alarm fatigue)} */
  public double fatigueFactor() {
    return fatigueFactor;
  }

  /** {@return the time constant, in samples, over which an alarm's fatigue fades} */
  public int fatigueSamples() {
    return fatigueSamples;
  }

  /** Samples since the previous alarm after which an alarm is fresh news, not the previous one's tail. */
  public int freshAfter() {
    return freshAfter;
  }

  /** How much a fresh alarm's score is raised (times {@code 1 + freshBoost}, at most 1). */
  public double freshBoost() {
    return freshBoost;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnomalyDetectorConfig c && contextOrder == c.contextOrder && alarmLevel == c.alarmLevel
        && restSamples == c.restSamples && restFactor == c.restFactor && extremeScale == c.extremeScale
        && tableBits == c.tableBits && fatigueFactor == c.fatigueFactor && fatigueSamples == c.fatigueSamples
        && freshAfter == c.freshAfter && freshBoost == c.freshBoost;
  }

  @Override
  public int hashCode() {
    return Objects.hash(contextOrder, alarmLevel, restSamples, restFactor, extremeScale, tableBits, fatigueFactor,
        fatigueSamples, freshAfter, freshBoost);
  }

  @Override
  public String toString() {
    return "AnomalyDetectorConfig[contextOrder=" + contextOrder + ", alarmLevel=" + alarmLevel + ", restSamples="
        + restSamples + ", restFactor=" + restFactor + ", extremeScale=" + extremeScale + ", tableBits="
        + tableBits + ", fatigueFactor=" + fatigueFactor + ", fatigueSamples=" + fatigueSamples + ", freshAfter="
        + freshAfter + ", freshBoost=" + freshBoost + "]";
  }

  /** Builder of {@link AnomalyDetectorConfig}. Not thread-safe. */
  public static final class Builder {
    private int contextOrder = 2;
    private double alarmLevel = 0.22;
    private int restSamples = 200;
    private double restFactor = 0.4;
    private double extremeScale = 0.1;
    private int tableBits = 12;
    private double fatigueFactor = 0.93;
    private int fatigueSamples = 50_000;
    private int freshAfter = 300;
    private double freshBoost = 0.25;

    private Builder() {}

    /**
     * The longest context remembered, in samples. Default 2; valid 1 to 8.
     *
     * @param contextOrder the longest context remembered, in samples
     * @return this builder
     */
    public Builder contextOrder(int contextOrder) {
      this.contextOrder = contextOrder;
      return this;
    }

    /**
     * The score that counts as an alarm and starts a rest period. Default 0.22; valid (0, 1].
     *
     * @param alarmLevel the score that counts as an alarm and starts a rest period
     * @return this builder
     */
    public Builder alarmLevel(double alarmLevel) {
      this.alarmLevel = alarmLevel;
      return this;
    }

    /**
     * Samples damped after an alarm. Default 200; valid 0 (no rest) to 1,000,000.
     *
     * @param restSamples the rest samples
     * @return this builder
     */
    public Builder restSamples(int restSamples) {
      this.restSamples = restSamples;
      return this;
    }

    /**
     * Factor on scores during a rest period. Default 0.4; valid [0, 1] (1: no damping).
     *
     * @param restFactor factor on scores during a rest period
     * @return this builder
     */
    public Builder restFactor(double restFactor) {
      this.restFactor = restFactor;
      return this;
    }

    /**
     * The excess beyond the range seen so far, as a fraction of that range, at which a new extreme scores
     * 0.5 + 0.5 (1 - 1/e) = 0.82 in its view. Default 0.1; valid (0, 100].
     *
     * @param extremeScale the excess beyond the range seen so far, as a fraction of that range, at which a new extreme scores 0.5 + 0.5 (1 - 1/e) = 0.82 in its view
     * @return this builder
     */
    public Builder extremeScale(double extremeScale) {
      this.extremeScale = extremeScale;
      return this;
    }

    /**
     * Log2 of the counters per view (memory: 7 × 2^bits × 2 bytes). Default 12; valid 6 to 20.
     *
     * @param tableBits log2 of the counters per view (memory: 7 × 2^bits × 2 bytes)
     * @return this builder
     */
    public Builder tableBits(int tableBits) {
      this.tableBits = tableBits;
      return this;
    }

    /**
     * Alarm fatigue: every alarm multiplies later scores by this factor, fading over {@link #fatigueSamples}
     * (a stream that keeps alarming is a noisy stream, and its next alarm is less likely to matter). Default
     * 0.93; valid (0, 1] (1: no fatigue).
     *
     * @param fatigueFactor alarm fatigue: every alarm multiplies later scores by this factor, fading over {@link #fatigueSamples} (a stream that keeps alarming is a noisy stream, and its next alarm is less likely to matter)
     * @return this builder
     */
    public Builder fatigueFactor(double fatigueFactor) {
      this.fatigueFactor = fatigueFactor;
      return this;
    }

    /**
     * The time constant of alarm fatigue, in samples: the fatigue's distance from 1 shrinks by
     * {@code 1 - 1/fatigueSamples} a sample. Default 50,000; valid 1 to 100,000,000.
     *
     * @param fatigueSamples the time constant of alarm fatigue, in samples: the fatigue's distance from 1 shrinks by {@code 1 - 1/fatigueSamples} a sample
     * @return this builder
     */
    public Builder fatigueSamples(int fatigueSamples) {
      this.fatigueSamples = fatigueSamples;
      return this;
    }

    /**
     * An alarm more than this many samples after the previous one is fresh: the stream had been quiet, so it
     * is news rather than the previous anomaly's tail, and its score is raised by {@link #freshBoost}. Only
     * the ranking of alarms changes (what counts as an alarm, and the rest period, do not), so a stricter
     * threshold keeps fresh alarms and drops the restless re-alarms that follow a rest period. Default 300
     * (the rest period and 100 more); valid 0 to 1,000,000 (0: every alarm after the first is fresh).
     */
    public Builder freshAfter(int freshAfter) {
      this.freshAfter = freshAfter;
      return this;
    }

    /**
     * The factor on a fresh alarm's score is {@code 1 + freshBoost}, capped at 1. Default 0.25; valid [0, 10]
     * (0: alarms are not ranked by freshness).
     */
    public Builder freshBoost(double freshBoost) {
      this.freshBoost = freshBoost;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the immutable config
     * @throws IllegalArgumentException naming the field and the value, if a value is out of its range
     */
    public AnomalyDetectorConfig build() {
      if (contextOrder < 1 || contextOrder > 8) {
        throw new IllegalArgumentException("contextOrder must be in [1, 8], was " + contextOrder);
      }
      if (!(alarmLevel > 0 && alarmLevel <= 1)) {
        throw new IllegalArgumentException("alarmLevel must be in (0, 1], was " + alarmLevel);
      }
      if (restSamples < 0 || restSamples > 1_000_000) {
        throw new IllegalArgumentException("restSamples must be in [0, 1000000], was " + restSamples);
      }
      if (!(restFactor >= 0 && restFactor <= 1)) {
        throw new IllegalArgumentException("restFactor must be in [0, 1], was " + restFactor);
      }
      if (!(extremeScale > 0 && extremeScale <= 100)) {
        throw new IllegalArgumentException("extremeScale must be in (0, 100], was " + extremeScale);
      }
      if (tableBits < 6 || tableBits > 20) {
        throw new IllegalArgumentException("tableBits must be in [6, 20], was " + tableBits);
      }
      if (!(fatigueFactor > 0 && fatigueFactor <= 1)) {
        throw new IllegalArgumentException("fatigueFactor must be in (0, 1], was " + fatigueFactor);
      }
      if (fatigueSamples < 1 || fatigueSamples > 100_000_000) {
        throw new IllegalArgumentException("fatigueSamples must be in [1, 100000000], was " + fatigueSamples);
      }
      if (freshAfter < 0 || freshAfter > 1_000_000) {
        throw new IllegalArgumentException("freshAfter must be in [0, 1000000], was " + freshAfter);
      }
      if (!(freshBoost >= 0 && freshBoost <= 10)) {
        throw new IllegalArgumentException("freshBoost must be in [0, 10], was " + freshBoost);
      }
      return new AnomalyDetectorConfig(this);
    }
  }
}
