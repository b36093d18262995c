package dev.selfheal.probes.internal.anomaly;

import dev.selfheal.probes.anomaly.AnomalyDetector;
import dev.selfheal.probes.anomaly.AnomalyDetectorConfig;

/**
 * The multi-view contextual novelty detector described on {@link AnomalyDetector}: seven {@link Channel}s
 * (value at 4, 16 and 64 bins; difference, fast and slow smoothed level and logarithm at 16 bins each),
 * their novelty averaged, weighted by the sample's {@link Magnitude}, damped by alarm fatigue, then the rest
 * period; an alarm after a quiet spell (more than {@code freshAfter} samples since the previous one) is raised
 * by {@code freshBoost}.
 *
 * <pre>{@code
 *            score >= alarmLevel (reported × (1 + freshBoost) if fresh)
 *   ALERT ─────────────────────────────────────────────────────► RESTING  (scores × restFactor)
 *     ▲                                                            │ restSamples samples later
 *     └────────────────────────────────────────────────────────────┘
 * }</pre>
 *
 * <p>Not thread-safe (one writer per stream).
 */
public final class ContextAnomalyDetector implements AnomalyDetector {
  private static final int MIN_COUNT = 1;
  private static final double FORGOTTEN = 1e-12;

  private final AnomalyDetectorConfig config;
  private final Channel[] channels;
  private final Magnitude magnitude = new Magnitude();
  private final double fatigueDecay;
  private long samples;
  private long lastAlarm = Long.MIN_VALUE / 2;
  /**
   * The fatigue factor on scores: times fatigueFactor at each alarm, its distance from 1 shrinking by
   * fatigueDecay a sample (one multiply-add; no exp or pow per sample).
   */
  private double fatigue = 1;

  public ContextAnomalyDetector(AnomalyDetectorConfig config) {
    this.config = config;
    this.fatigueDecay = 1 - 1.0 / config.fatigueSamples();
    int k = config.contextOrder();
    int t = config.tableBits();
    double e = config.extremeScale();
    this.channels = new Channel[] {
        new Channel(Channel.Feature.VALUE, 2, k, t, MIN_COUNT, e),
        new Channel(Channel.Feature.VALUE, 4, k, t, MIN_COUNT, e),
        new Channel(Channel.Feature.VALUE, 6, k, t, MIN_COUNT, e),
        new Channel(Channel.Feature.DIFFERENCE, 4, k, t, MIN_COUNT, e),
        new Channel(Channel.Feature.SMOOTHED, 4, k, t, MIN_COUNT, e),
        new Channel(Channel.Feature.LOG, 4, k, t, MIN_COUNT, e),
        new Channel(Channel.Feature.SLOW, 4, k, t, MIN_COUNT, e),
    };
  }

  @Override
  public double score(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, was " + value);
    }
    samples++;
    double sum = 0;
    for (Channel c : channels) {
      sum += c.observe(value);
    }
    double raw = sum / channels.length * magnitude.weight(value);
    raw *= fatigue;
    double tired = (1 - fatigue) * fatigueDecay;
    fatigue = tired < FORGOTTEN ? 1 : 1 - tired; // never let it crawl through subnormals, which are slow
    if (samples - lastAlarm <= config.restSamples()) {
      return raw * config.restFactor();
    }
    if (raw >= config.alarmLevel()) {
      boolean fresh = samples - lastAlarm > config.freshAfter();
      lastAlarm = samples;
      fatigue *= config.fatigueFactor();
      if (fresh) {
        return Math.min(1, raw * (1 + config.freshBoost()));
      }
    }
    return raw;
  }

  @Override
  public long samples() {
    return samples;
  }

  @Override
  public AnomalyDetectorConfig config() {
    return config;
  }
}
