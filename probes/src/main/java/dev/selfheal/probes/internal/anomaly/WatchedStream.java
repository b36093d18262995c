package dev.selfheal.probes.internal.anomaly;

import dev.selfheal.probes.anomaly.AnomalyDetector;
import dev.selfheal.probes.anomaly.AnomalyDetectorConfig;
import dev.selfheal.probes.anomaly.ExhaustionForecast;
import dev.selfheal.probes.anomaly.ExhaustionForecaster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The state of one watched stream: where its samples come from, its detector, its forecaster (if limited),
 * its recent values for the evidence, and its warm-up. {@link #record} is lock-free (adders); everything else
 * runs on the owning watch's sampling thread, under the watch's lock.
 */
final class WatchedStream {
  static final int RECENT = 8;

  final StreamSpec spec;
  private final AnomalyDetectorConfig detectorConfig;
  private final Duration forecastMemory;
  private final DoubleAdder sum = new DoubleAdder();
  private final LongAdder count = new LongAdder();
  private final double[] recent = new double[RECENT];
  private int recentCount;
  private AnomalyDetector detector;
  private ExhaustionForecaster forecaster;
  private double lastTotal = Double.NaN;
  private boolean exhaustionRaised;

  WatchedStream(StreamSpec spec, AnomalyDetectorConfig detectorConfig, Duration forecastMemory) {
    this.spec = spec;
    this.detectorConfig = detectorConfig;
    this.forecastMemory = forecastMemory;
    reset();
  }

  /** Forgets everything learned (a new instance started). */
  void reset() {
    detector = AnomalyDetector.create(detectorConfig);
    forecaster = Double.isNaN(spec.limit()) ? null : ExhaustionForecaster.of(spec.limit(), forecastMemory, 1);
    recentCount = 0;
    exhaustionRaised = false;
    lastTotal = Double.NaN;
  }

  void record(double value) {
    sum.add(value);
    count.increment();
  }

  /** This period's sample, or NaN when there is none (a recorded stream without values, a first total). */
  double take() {
    if (spec.gauge() == null) {
      long n = count.sumThenReset();
      double s = sum.sumThenReset();
      return n == 0 ? Double.NaN : s / n;
    }
    double v = spec.gauge().getAsDouble();
    if (!spec.cumulative()) {
      return v;
    }
    double increase = Double.isNaN(lastTotal) ? Double.NaN : v - lastTotal;
    lastTotal = v;
    return increase;
  }

  /** Learns {@code value}; returns its anomaly score. */
  double score(long nanos, double value) {
    System.arraycopy(recent, 1, recent, 0, RECENT - 1);
    recent[RECENT - 1] = value;
    recentCount = Math.min(RECENT, recentCount + 1);
    if (forecaster != null) {
      forecaster.record(nanos, value);
    }
    return detector.score(value);
  }

  long samples() {
    return detector.samples();
  }

  ExhaustionForecast forecast() {
    return forecaster == null ? null : forecaster.forecast();
  }

  /** Whether a new exhaustion warning should be raised now: true once per episode. */
  boolean exhaustionEdge(boolean exhausting) {
    boolean edge = exhausting && !exhaustionRaised;
    exhaustionRaised = exhausting;
    return edge;
  }

  List<Double> recent() {
    List<Double> list = new ArrayList<>(recentCount);
    for (int i = RECENT - recentCount; i < RECENT; i++) {
      list.add(recent[i]);
    }
    return list;
  }
}
