package dev.selfheal.bench.sim;

import dev.selfheal.recovery.AdaptiveLimiterConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one scenario for every limiter on every seed against the oracle, and reduces the runs to one row per
 * limiter: medians over seeds of the per-phase extremes (worst goodput ratio, worst p99 ratio, slowest
 * convergence, largest oscillation). Also decides the targets and the wins of issue #11.
 */
public final class Comparison {
  /** Our limiter as the benchmark runs it: the library defaults. */
  public static final SimLimiter.Factory OURS = SimLimiter.adaptive("selfheal", AdaptiveLimiterConfig.ofDefaults());

  /**
   * One limiter's row: medians over seeds (and min/max of the goodput ratio). The convergence times are
   * those of the phases after a change (or a cold start, {@link RunResult.PhaseMetrics#afterChange}); NaN for
   * a scenario that has none; infinite where a seed did not converge.
   *
   * @param perSeed per seed, per phase metrics
   */
  public record Row(String limiter, double goodputRatio, double goodputMin, double goodputMax, double p99Ratio,
      double excessRejections, double convergeOutcome, double convergeLimit, double oscAmplitude, double overshoot,
      double wastedWork, List<RunResult.PhaseMetrics[]> perSeed) {}

  /** A scenario's result: the optima per seed and one row per limiter, ours first. */
  public record Result(Scenario scenario, List<RunResult.Optimum[]> optima, List<Row> rows, int oracleRuns) {
    public Row row(String limiter) {
      return rows.stream().filter(r -> r.limiter().equals(limiter)).findFirst().orElseThrow();
    }
  }

  private Comparison() {}

  /** The limiters of the report: ours, the anchors of section 4.7, then unlimited. */
  public static List<SimLimiter.Factory> limiters(Scenario sc) {
    List<SimLimiter.Factory> l = new ArrayList<>();
    l.add(OURS);
    l.addAll(NetflixLimiters.anchors(sc.deadline));
    l.add(SimLimiter.unlimited());
    return l;
  }

  public static Result run(Scenario sc, List<SimLimiter.Factory> limiters, ExecutorService pool,
      RunSink sink) throws Exception {
    return run(sc, limiters, pool, sink, null);
  }

  /** As {@link #run(Scenario, List, ExecutorService, RunSink)}, with the optima per seed given (null: the oracle's). */
  public static Result run(Scenario sc, List<SimLimiter.Factory> limiters, ExecutorService pool,
      RunSink sink, List<RunResult.Optimum[]> given) throws Exception {
    List<RunResult.Optimum[]> optima = new ArrayList<>();
    int oracleRuns = 0;
    if (given != null) {
      optima.addAll(given);
    } else {
      List<Future<Oracle>> oracles = new ArrayList<>();
      for (int seed : sc.seeds) {
        oracles.add(pool.submit(() -> {
          Oracle o = new Oracle(sc, seed);
          o.optima();
          return o;
        }));
      }
      for (Future<Oracle> f : oracles) {
        optima.add(f.get().optima());
        oracleRuns += f.get().runs();
      }
    }
    List<SimLimiter.Factory> all = new ArrayList<>(limiters);
    Map<String, List<Future<RunResult>>> runs = new LinkedHashMap<>();
    for (SimLimiter.Factory f : all) {
      List<Future<RunResult>> perSeed = new ArrayList<>();
      for (int seed : sc.seeds) {
        perSeed.add(pool.submit(() -> Simulation.run(sc, f, seed)));
      }
      runs.put(f.name(), perSeed);
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, List<Future<RunResult>>> e : runs.entrySet()) {
      List<RunResult.PhaseMetrics[]> perSeed = new ArrayList<>();
      for (int s = 0; s < sc.seeds.size(); s++) {
        RunResult r = e.getValue().get(s).get();
        RunResult.Optimum[] o = optima.get(s);
        RunResult.PhaseMetrics[] pm = new RunResult.PhaseMetrics[sc.phases.size()];
        for (int i = 0; i < pm.length; i++) {
          pm[i] = r.metrics(i, o[i]);
        }
        perSeed.add(pm);
        if (sink != null) {
          sink.accept(r, o);
        }
      }
      rows.add(reduce(e.getKey(), perSeed));
    }
    return new Result(sc, optima, rows, oracleRuns);
  }

  /** Receives every run (for CSV and JSON output). */
  public interface RunSink {
    void accept(RunResult run, RunResult.Optimum[] optima) throws Exception;
  }

  /** One row from per-seed, per-phase metrics (medians over seeds of the per-phase extremes). */
  public static Row reduce(String name, List<RunResult.PhaseMetrics[]> perSeed) {
    int n = perSeed.size();
    double[] g = new double[n];
    double[] p = new double[n];
    double[] ex = new double[n];
    double[] co = new double[n];
    double[] cl = new double[n];
    double[] osc = new double[n];
    double[] ov = new double[n];
    double[] w = new double[n];
    for (int s = 0; s < n; s++) {
      RunResult.PhaseMetrics[] pm = perSeed.get(s);
      g[s] = Double.MAX_VALUE;
      co[s] = Double.NaN;
      cl[s] = Double.NaN;
      for (RunResult.PhaseMetrics m : pm) {
        g[s] = Math.min(g[s], m.goodputRatio());
        p[s] = Math.max(p[s], m.p99Ratio());
        ex[s] = Math.max(ex[s], m.excessRejections());
        if (m.afterChange()) {
          co[s] = worst(co[s], m.convergeOutcome());
          cl[s] = worst(cl[s], m.convergeLimit());
        }
        osc[s] = Math.max(osc[s], m.oscAmplitude());
        ov[s] = Math.max(ov[s], m.overshoot());
        w[s] = m.wastedWork();
      }
    }
    return new Row(name, median(g), min(g), max(g), median(p), median(ex), median(co), median(cl), median(osc),
        median(ov), median(w), perSeed);
  }

  /** The slower of two convergence times, NaN for "none yet" and a NaN time (did not converge) infinite. */
  private static double worst(double sofar, double t) {
    double v = Double.isNaN(t) ? Double.POSITIVE_INFINITY : t;
    return Double.isNaN(sofar) ? v : Math.max(sofar, v);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  /**
   * Whether {@code ours} meets the targets (medians over seeds): goodput and p99 in every phase,
   * convergence "within 2 s of virtual time after each phase change" (none to meet in a scenario without one).
   */
  public static boolean meetsTargets(Row ours) {
    return ours.goodputRatio() >= 0.98 && ours.p99Ratio() <= 2.0
        && (Double.isNaN(ours.convergeOutcome()) || ours.convergeOutcome() <= 2.0);
  }

  /**
   * Section 4.6's win: "per scenario, a 'win' requires goodput >= anchor and p99 <= anchor, or a strictly
   * better convergence or oscillation without losing on the other two." Both rows are the scenario's worst
   * phase (median over seeds), so "per scenario" holds. The second clause would be contained in the first if
   * "without losing" meant "not worse at all", so it is read as "within 0.5 %" of the anchor's goodput and
   * p99 (a third of the histogram's 1.6 % resolution of a p99): a tie inside the measurement's resolution.
   */
  public static boolean wins(Row ours, Row anchor) {
    if (ours.goodputRatio() >= anchor.goodputRatio() && ours.p99Ratio() <= anchor.p99Ratio()) {
      return true;
    }
    boolean close = ours.goodputRatio() >= anchor.goodputRatio() * 0.995 && ours.p99Ratio() <= anchor.p99Ratio()
        * 1.005;
    return close && (ours.convergeOutcome() < anchor.convergeOutcome()
        || ours.oscAmplitude() < anchor.oscAmplitude() - TIE);
  }

  /**
   * Oscillations closer than this are a tie: amplitudes are ratios of whole limits (7/18 = 0.3889 in S1 for
   * both ours and windowed Gradient2), and the stored anchors' rows keep 6 decimals, so without it a rounding
   * of 1e-7 decided a "strictly better oscillation" in the stored-oracle scoring but not in the live one.
   */
  static final double TIE = 1e-6;

  /**
   * Issue #11's "no loss on goodput in any" scenario, against {@code anchor}: strictly less goodput / G* (the
   * same strict comparison as the win's first clause; ratios share G* per seed, so this compares goodput).
   */
  public static boolean losesGoodput(Row ours, Row anchor) {
    return ours.goodputRatio() < anchor.goodputRatio();
  }

  /** The table of one scenario, as printed by {@link AdaptiveLimitBench}. */
  public static String table(Result r) {
    StringBuilder b = new StringBuilder();
    Scenario sc = r.scenario();
    b.append("## ").append(sc.name).append("  (phases: ");
    for (int i = 0; i < sc.phases.size(); i++) {
      double[] l = new double[r.optima().size()];
      double[] g = new double[l.length];
      double[] p = new double[l.length];
      for (int s = 0; s < l.length; s++) {
        l[s] = r.optima().get(s)[i].limit();
        g[s] = r.optima().get(s)[i].goodput();
        p[s] = r.optima().get(s)[i].p99Nanos() / 1e6;
      }
      b.append(String.format(Locale.ROOT, "%s%ds: L_opt %.0f G* %.0f/s P* %.1f ms", i == 0 ? "" : "; ",
          sc.phases.get(i).startNanos() / 1_000_000_000L, median(l), median(g), median(p)));
    }
    b.append(")\n");
    b.append(String.format(Locale.ROOT, "| %-18s | %-17s | %7s | %9s | %9s | %9s | %6s | %6s |%n", "limiter",
        "G/G* (min-max)", "p99/P*", "excess/s", "conv out", "conv lim", "osc", "win"));
    b.append("|--------------------|-------------------|---------|-----------|-----------|-----------|--------|")
        .append("--------|\n");
    Row ours = r.rows().get(0);
    for (Row row : r.rows()) {
      String win = row == ours ? (meetsTargets(ours) ? "T ok" : "T no")
          : row.limiter().equals("unlimited") ? "" : (wins(ours, row) ? "yes" : "no")
              + (losesGoodput(ours, row) ? " G-" : "");
      String name = row.limiter() + (NetflixLimiters.deterministic(row.limiter()) ? "" : " ~");
      b.append(String.format(Locale.ROOT, "| %-18s | %5.3f (%.2f-%.2f) | %7.2f | %9.1f | %9s | %9s | %6.2f | %6s |%n",
          name, row.goodputRatio(), row.goodputMin(), row.goodputMax(), row.p99Ratio(), row.excessRejections(),
          secs(row.convergeOutcome()), secs(row.convergeLimit()), row.oscAmplitude(), win));
    }
    return b.toString();
  }

  private static String secs(double s) {
    return Double.isNaN(s) ? "n/a" : Double.isInfinite(s) ? "dnc" : String.format(Locale.ROOT, "%.1f s", s);
  }

  /** A pool for independent runs (each run stays single-threaded and deterministic). */
  public static ExecutorService pool(int threads) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "selfheal-sim");
      t.setDaemon(true);
      return t;
    });
  }
}
