package dev.selfheal.bench;

import dev.selfheal.probes.anomaly.AnomalyDetector;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one sample through the anomaly detector in its steady state (one thread, one stream): a
 * daily-like cycle with noise and a spike every 5,000 samples, replayed from a pre-computed array after the
 * detector has learned it.
 *
 * <ul>
 *   <li>{@code baseline}: reading the next sample, what every variant pays.
 *   <li>{@code ewmaZScore}: an exponentially weighted mean and variance and a z-score, the cheapest
 *       statistical detector (the shape of NAB's windowed Gaussian), for scale.
 *   <li>{@code selfhealDetector}: {@link AnomalyDetector#score(double)} with the defaults scored on NAB.
 * </ul>
 *
 * <p>Expected (issue #10): at most 200 ns per sample and 0 B/op with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AnomalyDetectorBenchmark {
  private static final int SAMPLES = 1 << 16;

  private final double[] stream = new double[SAMPLES];
  private AnomalyDetector detector;
  private int next;
  private double mean;
  private double var = 1;

  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < SAMPLES; i++) {
      stream[i] = 100 + 40 * Math.sin(2 * Math.PI * i / 288.0) + 5 * rnd.nextGaussian() + (i % 5000 == 0 ? 400 : 0);
    }
    detector = AnomalyDetector.ofDefaults();
    for (int lap = 0; lap < 3; lap++) {
      for (double v : stream) {
        detector.score(v);
      }
    }
  }

  private double nextSample() {
    double v = stream[next];
    next = (next + 1) & (SAMPLES - 1);
    return v;
  }

  @Benchmark
  public double baseline() {
    return nextSample();
  }

  @Benchmark
  public double ewmaZScore() {
    double x = nextSample();
    double d = x - mean;
    mean += 0.01 * d;
    var = 0.99 * (var + 0.01 * d * d);
    return Math.abs(d) / Math.sqrt(var);
  }

  @Benchmark
  public double selfhealDetector() {
    return detector.score(nextSample());
  }
}
