package dev.selfheal.bench.sim;

import java.util.Arrays;
import java.util.Locale;

/**
 * The recorded outcome of one run: the 100 ms time series, the per-second counters and latency histograms,
 * and the metrics of ADAPTIVE-LIMITS.md section 4.6 computed from them per phase. Immutable once built.
 */
public final class RunResult {
  private static final long SEC = 1_000_000_000L;
  public final Scenario scenario;
  public final String limiter;
  public final int seed;
  private final Recorder r;
  private final long served;
  private final long wasted;

  RunResult(Scenario scenario, String limiter, int seed, Recorder r, long served, long wasted) {
    this.scenario = scenario;
    this.limiter = limiter;
    this.seed = seed;
    this.r = r;
    this.served = served;
    this.wasted = wasted;
  }

  /** The optimal limit, goodput and admitted p99 of one phase, as the oracle found them. */
  public record Optimum(int limit, double goodput, double p99Nanos) {}

  /**
   * The section 4.6 metrics of one phase. Times are seconds from the phase's metrics start ({@code NaN}: did
   * not converge); goodput in calls per second over the phase's steady part. {@code afterChange}: the phase
   * follows a phase change, or is a cold start (a first phase without warmup): the phases issue #11's
   * convergence target ("within 2 s of virtual time after each phase change") speaks of.
   */
  public record PhaseMetrics(double goodput, double goodputRatio, double p50, double p99, double p999,
      double p99Ratio, long late, double rejectRate, double excessRejections, double convergeLimit,
      double convergeOutcome, double oscAmplitude, double oscCv, double reversalsPerMinute, double goodputP2P,
      double overshoot, double secondsAboveOvershoot, double wastedWork, boolean afterChange) {}

  /** Goodput (calls in time per second) over phase {@code i}'s steady part. */
  public double steadyGoodput(int i) {
    long from = scenario.steadyStart(i) / SEC;
    long to = scenario.phaseEnd(i) / SEC;
    long ok = 0;
    for (long s = from; s < to; s++) {
      ok += r.sOk[(int) s];
    }
    return (double) ok / Math.max(1, to - from);
  }

  /**
   * Mean time calls in time spent not being served (queueing, and a dependency's delay) over phase {@code i}'s
   * steady part, in nanoseconds: latency minus service demand.
   */
  public double steadyMeanWait(int i) {
    long lat = 0;
    long dem = 0;
    long n = 0;
    for (long s = scenario.steadyStart(i) / SEC; s < scenario.phaseEnd(i) / SEC; s++) {
      lat += r.sLatencySum[(int) s];
      dem += r.sDemandSum[(int) s];
      n += r.sOk[(int) s];
    }
    return n == 0 ? 0 : (double) (lat - dem) / n;
  }

  /** Admitted p99 (calls in time) over phase {@code i}'s steady part, in nanoseconds. */
  public double steadyP99(int i) {
    return steadyHistogram(i).quantile(0.99);
  }

  private Histogram steadyHistogram(int i) {
    Histogram h = new Histogram();
    for (long s = scenario.steadyStart(i) / SEC; s < scenario.phaseEnd(i) / SEC; s++) {
      h.addAll(r.sHist[(int) s]);
    }
    return h;
  }

  /**
   * Where convergence is measured from. Section 4.6: "the first time after a phase start"; section 4.4:
   * "metrics skip the first 10 s except where startup is the point". So the phase's metrics start: the end
   * of the warmup for the first phase (0 in S8, the cold start, whose file sets {@code warmup = 0s}), else
   * the phase change. Counting the warmup would score how fast a limiter leaves its initial limit in every
   * scenario, which only S8 asks for.
   */
  private long convergeFrom(int i) {
    return scenario.metricsStart(i);
  }

  public PhaseMetrics metrics(int i, Optimum o) {
    long ss = scenario.steadyStart(i) / SEC;
    long pe = scenario.phaseEnd(i) / SEC;
    long dur = Math.max(1, pe - ss);
    Histogram h = steadyHistogram(i);
    double g = steadyGoodput(i);
    long late = 0;
    long offered = 0;
    long rejected = 0;
    for (long s = ss; s < pe; s++) {
      late += r.sLate[(int) s];
      offered += r.sOffered[(int) s];
      rejected += r.sRejected[(int) s];
    }
    double excess = (rejected - Math.max(0, offered - o.goodput() * dur)) / dur;
    double p99 = h.quantile(0.99);
    // limit-based convergence (4.6.4): "the first time after a phase start from which the limit stays within
    // L_opt +- max(1, 0.1 L_opt) for at least 5 s"
    int t0 = (int) (convergeFrom(i) / Simulation.TICK_NANOS);
    int tEnd = (int) (scenario.phaseEnd(i) / Simulation.TICK_NANOS);
    double band = Math.max(1, 0.1 * o.limit());
    double convLimit = Double.NaN;
    int run = 0;
    for (int k = t0; k < tEnd; k++) {
      run = Math.abs(r.tLimit[k] - o.limit()) <= band ? run + 1 : 0;
      if (run >= 50) {
        convLimit = (k - 49 - t0) * 0.1;
        break;
      }
    }
    // outcome-based (4.6.4): "the first time from which every 1 s bucket has G >= 0.9 G* and p99 <= 1.5 P* for
    // 5 consecutive buckets"; G is a bucket's calls completed in time (4.6.1), p99 theirs (4.6.2)
    double convOutcome = Double.NaN;
    int ok = 0;
    for (long s = convergeFrom(i) / SEC; s < pe; s++) {
      boolean good = r.sOk[(int) s] >= 0.9 * o.goodput() && r.sHist[(int) s].quantile(0.99) <= 1.5 * o.p99Nanos();
      ok = good ? ok + 1 : 0;
      if (ok >= 5) {
        convOutcome = s - 4 - convergeFrom(i) / SEC;
        break;
      }
    }
    // oscillation over the steady part
    int a = (int) (scenario.steadyStart(i) / Simulation.TICK_NANOS);
    double[] lim = new double[Math.max(1, tEnd - a)];
    for (int k = a; k < tEnd; k++) {
      lim[k - a] = r.tLimit[k];
    }
    double[] sorted = lim.clone();
    Arrays.sort(sorted);
    double amp = (sorted[(int) Math.floor(0.95 * (sorted.length - 1))] - sorted[(int) Math.floor(0.05 * (sorted.length
        - 1))]) / o.limit();
    double mean = Arrays.stream(lim).average().orElse(0);
    double var = Arrays.stream(lim).map(x -> (x - mean) * (x - mean)).average().orElse(0);
    double cv = mean == 0 ? 0 : Math.sqrt(var) / mean;
    int reversals = 0;
    int dir = 0;
    for (int k = 1; k < lim.length; k++) {
      int d = Double.compare(lim[k], lim[k - 1]);
      if (d != 0) {
        if (dir != 0 && d != dir) {
          reversals++;
        }
        dir = d;
      }
    }
    double minutes = lim.length * 0.1 / 60;
    int gMin = Integer.MAX_VALUE;
    int gMax = 0;
    for (long s = ss; s < pe; s++) {
      gMin = Math.min(gMin, r.sOk[(int) s]);
      gMax = Math.max(gMax, r.sOk[(int) s]);
    }
    // overshoot (4.6.6): "the maximum of limit / L_opt after a step down or a cold start": from the phase's
    // start, warmup included (the cold start is in it)
    double overshoot = 0;
    int above = 0;
    for (int k = (int) (scenario.phases.get(i).startNanos() / Simulation.TICK_NANOS); k < tEnd; k++) {
      overshoot = Math.max(overshoot, (double) r.tLimit[k] / o.limit());
      if (r.tInflight[k] > 1.5 * o.limit()) {
        above++;
      }
    }
    return new PhaseMetrics(g, g / o.goodput(), h.quantile(0.5), p99, h.quantile(0.999), p99 / o.p99Nanos(), late,
        offered == 0 ? 0 : (double) rejected / offered, excess, convLimit, convOutcome, amp, cv,
        reversals / Math.max(1e-9, minutes), (gMax - gMin) / o.goodput(), overshoot, above * 0.1,
        served == 0 ? 0 : (double) wasted / served, i > 0 || scenario.warmup == 0);
  }

  /** The 100 ms time series as CSV (section 4.1), byte-identical for identical runs. */
  public String csv() {
    StringBuilder b = new StringBuilder(
        "t,offered,admitted,rejected,completed_ok,completed_late,inflight,limit,p50_win,p99_win,true_Lopt\n");
    for (int k = 0; k < r.tOffered.length; k++) {
      b.append(String.format(Locale.ROOT, "%.1f,%d,%d,%d,%d,%d,%d,%d,%.3f,%.3f,%.1f%n", (k + 1) * 0.1, r.tOffered[k],
          r.tAdmitted[k], r.tRejected[k], r.tOk[k], r.tLate[k], r.tInflight[k], r.tLimit[k], r.tP50[k] / 1e6,
          r.tP99[k] / 1e6, r.tLopt[k]));
    }
    return b.toString();
  }

  /** A JSON summary of the run, per phase, against the given optima. */
  public String summaryJson(Optimum[] optima) {
    StringBuilder b = new StringBuilder();
    b.append("{\"scenario\":\"").append(scenario.name).append("\",\"limiter\":\"").append(limiter)
        .append("\",\"seed\":").append(seed).append(",\"phases\":[");
    for (int i = 0; i < scenario.phases.size(); i++) {
      PhaseMetrics m = metrics(i, optima[i]);
      if (i > 0) {
        b.append(',');
      }
      b.append(String.format(Locale.ROOT, "{\"phase\":%d,\"Lopt\":%d,\"Gstar\":%.2f,\"Pstar_ms\":%.3f,"
              + "\"goodput\":%.2f,\"goodput_ratio\":%.4f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,"
              + "\"p99_ratio\":%.4f,\"late\":%d,\"reject_rate\":%.4f,\"excess_rejections_per_s\":%.2f,"
              + "\"converge_limit_s\":%s,\"converge_outcome_s\":%s,\"osc_amplitude\":%.4f,\"osc_cv\":%.4f,"
              + "\"reversals_per_min\":%.2f,\"goodput_p2p\":%.4f,\"overshoot\":%.3f,\"inflight_above_1_5_s\":%.1f,"
              + "\"wasted_work\":%.5f}",
          i, optima[i].limit(), optima[i].goodput(), optima[i].p99Nanos() / 1e6, m.goodput(), m.goodputRatio(),
          m.p50() / 1e6, m.p99() / 1e6, m.p999() / 1e6, m.p99Ratio(), m.late(), m.rejectRate(), m.excessRejections(),
          json(m.convergeLimit()), json(m.convergeOutcome()), m.oscAmplitude(), m.oscCv(), m.reversalsPerMinute(),
          m.goodputP2P(), m.overshoot(), m.secondsAboveOvershoot(), m.wastedWork()));
    }
    return b.append("]}\n").toString();
  }

  private static String json(double v) {
    return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.1f", v);
  }
}
