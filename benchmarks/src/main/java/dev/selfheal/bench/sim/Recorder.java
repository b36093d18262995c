package dev.selfheal.bench.sim;

import java.util.Arrays;

/** Collects a run's counters per 100 ms tick and per second. Not thread-safe. */
final class Recorder {
  private final Scenario sc;
  private final String limiter;
  private final int seed;
  private final int ticks;
  private final int seconds;
  final int[] tOffered;
  final int[] tAdmitted;
  final int[] tRejected;
  final int[] tOk;
  final int[] tLate;
  final int[] tInflight;
  final int[] tLimit;
  final long[] tP50;
  final long[] tP99;
  final double[] tLopt;
  final int[] sOffered;
  final int[] sRejected;
  final int[] sOk;
  final int[] sLate;
  final Histogram[] sHist;
  final long[] sLatencySum;
  final long[] sDemandSum;
  private long[] window = new long[256];
  private int windowSize;
  private int tick;
  private long served;
  private long wasted;

  Recorder(Scenario sc, String limiter, int seed) {
    this.sc = sc;
    this.limiter = limiter;
    this.seed = seed;
    this.ticks = (int) (sc.duration / Simulation.TICK_NANOS);
    this.seconds = (int) (sc.duration / 1_000_000_000L);
    tOffered = new int[ticks];
    tAdmitted = new int[ticks];
    tRejected = new int[ticks];
    tOk = new int[ticks];
    tLate = new int[ticks];
    tInflight = new int[ticks];
    tLimit = new int[ticks];
    tP50 = new long[ticks];
    tP99 = new long[ticks];
    tLopt = new double[ticks];
    sOffered = new int[seconds];
    sRejected = new int[seconds];
    sOk = new int[seconds];
    sLate = new int[seconds];
    sHist = new Histogram[seconds];
    sLatencySum = new long[seconds];
    sDemandSum = new long[seconds];
    for (int i = 0; i < seconds; i++) {
      sHist[i] = new Histogram();
    }
  }

  private int t(long now) {
    return (int) Math.min(ticks - 1, now / Simulation.TICK_NANOS);
  }

  private int s(long now) {
    return (int) Math.min(seconds - 1, now / 1_000_000_000L);
  }

  void offered(long now) {
    tOffered[t(now)]++;
    sOffered[s(now)]++;
  }

  void rejected(long now) {
    tRejected[t(now)]++;
    sRejected[s(now)]++;
  }

  void admitted(long now) {
    tAdmitted[t(now)]++;
  }

  void ok(long now, long latency, long demand) {
    sLatencySum[s(now)] += latency;
    sDemandSum[s(now)] += demand;
    tOk[t(now)]++;
    sOk[s(now)]++;
    sHist[s(now)].add(latency);
    if (windowSize == window.length) {
      window = Arrays.copyOf(window, windowSize * 2);
    }
    window[windowSize++] = latency;
  }

  void late(long now, long demand) {
    tLate[t(now)]++;
    sLate[s(now)]++;
    wasted += demand;
  }

  void served(long demand) {
    served += demand;
  }

  void wasted(long demand) {
    wasted += demand;
  }

  /** Closes the tick ending at {@code now}. */
  void tick(long now, int inflight, int limit, double lopt) {
    int i = (int) (now / Simulation.TICK_NANOS) - 1;
    if (i < 0 || i >= ticks || i < tick) {
      return;
    }
    tick = i + 1;
    tInflight[i] = inflight;
    tLimit[i] = limit;
    tLopt[i] = lopt;
    if (windowSize > 0) {
      Arrays.sort(window, 0, windowSize);
      tP50[i] = window[(int) Math.min(windowSize - 1, Math.ceil(0.5 * windowSize) - 1)];
      tP99[i] = window[(int) Math.min(windowSize - 1, Math.max(0, Math.ceil(0.99 * windowSize) - 1))];
    }
    windowSize = 0;
  }

  RunResult result() {
    return new RunResult(sc, limiter, seed, this, served, wasted);
  }
}
