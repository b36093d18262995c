package dev.selfheal.probes.anomaly;

import dev.selfheal.probes.internal.anomaly.ContextAnomalyDetector;

/**
 * An online anomaly detector for one metric stream: each call to {@link #score(double)} learns the sample
 * and answers how anomalous it is, in [0, 1], before the next sample is known (no look-ahead).
 *
 * <h2>What the score means</h2>
 * The detector learns the <em>shape</em> of the stream, not its statistics: it quantizes several views of
 * each sample (the value at three resolutions, its change, a fast and a slow smoothed level, its logarithm) on grids that
 * grow with the range seen so far, and counts the short sequences of bins (contexts) each view has shown.
 * A sample's score is the mean, over the views, of the fraction of its contexts never seen before, raised
 * towards 1 when the sample leaves the range seen so far, and weighted between 0.7 and 1 by how far the
 * sample lies from the stream's recent level (in units of its recent mean absolute deviation), so that a
 * novel but small wiggle ranks below a novel jump. So 0 means "seen all of this before", 1 "nothing
 * like this, in any view". The score is a frequency, not a per-stream z-score: it needs no per-stream
 * scale and one threshold serves every stream (this is what the Numenta Anomaly Benchmark's single
 * corpus-wide threshold measures).
 *
 * <p>After a score of at least {@link AnomalyDetectorConfig#alarmLevel()}, scores are multiplied by
 * {@link AnomalyDetectorConfig#restFactor()} for {@link AnomalyDetectorConfig#restSamples()} samples: one
 * anomaly is reported once, not once per sample while the model catches up with it (the "rest period" of
 * CAD OSE and the repeat-alarm suppression of the other top NAB entries). Each alarm also multiplies later
 * scores by {@link AnomalyDetectorConfig#fatigueFactor()}, fading over
 * {@link AnomalyDetectorConfig#fatigueSamples()} samples: a stream that keeps alarming is a noisy one. An
 * alarm that comes after a quiet spell (more than {@link AnomalyDetectorConfig#freshAfter()} samples since the
 * previous one) is news rather than the tail of the previous anomaly: its score is raised by
 * {@link AnomalyDetectorConfig#freshBoost()}, so that a stricter threshold keeps it and drops the restless
 * re-alarms that follow a rest period (it changes the ranking of alarms, never what is an alarm).
 *
 * <h2>Cost</h2>
 * O(1) time per sample (seven views × {@code contextOrder} hashed counters) and a fixed memory of about
 * {@code 7 × 2^tableBits × 2} bytes per stream (56 KiB with the defaults), allocated at construction; no
 * allocation per sample. A grid doubling (rare: at most log2 of the range's growth) clears that view's
 * table. The result is deterministic: the same samples give the same scores.
 *
 * <p>Samples are assumed evenly spaced; NaN and infinite samples are rejected.
 *
 * <p>This interface is not thread-safe: an instance belongs to one stream and one writer at a time.
 * {@link MetricWatch} serialises the samples of each stream it watches.
 */
public interface AnomalyDetector {

  /**
   * A detector with {@code config}.
   *
   * @param config the detector's settings
   * @return the detector
   */
  static AnomalyDetector create(AnomalyDetectorConfig config) {
    return new ContextAnomalyDetector(config);
  }

  /** {@return A detector with {@link AnomalyDetectorConfig#ofDefaults()} (the parameters scored on NAB)} */
  static AnomalyDetector ofDefaults() {
    return create(AnomalyDetectorConfig.ofDefaults());
  }

  /**
   * Learns {@code value} and returns its anomaly score in [0, 1].
   *
   * @param value the next value of the stream
   * @return the score
   * @throws IllegalArgumentException if {@code value} is NaN or infinite
   */
  double score(double value);

  /** {@return the number of samples scored so far} */
  long samples();

  /** {@return the configuration} */
  AnomalyDetectorConfig config();
}
