package dev.selfheal.bench.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * {@code AdaptiveLimitBench --feasibility}: for a pair (scenario, anchor) that we lose, whether any fixed
 * limit on the oracle's grid would win it under {@link Comparison#wins} while meeting issue #11's targets
 * ({@link Comparison#meetsTargets}), on the same seeds. It tells a loss that a better limiter could turn
 * into a win from one that no limit can: the best a limiter can do at a given limit is what a fixed limit
 * does there, minus the cost of finding it.
 *
 * <p>Rules:
 * <ul>
 *   <li>The sweep runs {@code FixedLimit(L)} for every L of {@link Oracle#grid} (no subset, no monotonicity
 *       assumed), scored against the scenario's optima, like every limiter of the report.
 *   <li>Per phase, a candidate is an L whose phase-only row (medians over the seeds of that phase) meets the
 *       targets and wins against the anchor's row (the anchor's worst phase, as in the report). For a
 *       single-phase scenario that row is the row of the report: the verdict is exact.
 *   <li>A multi-phase scenario needs one L per phase: a limiter that knew the phase. The candidates are then
 *       verified by running that limiter ({@link #phased}: limit L_i from phase i's start) and scoring its
 *       whole row, transitions and convergence after each change included. It tries, per phase, the candidate
 *       with the lowest p99, then the lowest and the highest limit among the candidates.
 *   <li>Not winnable: the best goodput that any L reaches at a p99 at most the anchor's (and at most 2 P*,
 *       the target), in the phase where it falls short.
 * </ul>
 * A fixed limit's oscillation is 0, so the rule's second clause (within 0.5 % and a better oscillation)
 * counts for it against every anchor whose limit moves at all: the verdict says which clause won.
 */
public final class Feasibility {
  /** One bucket of {@link Histogram}: its quantiles are exact to about 1.6 %. */
  public static final double ROOM = 0.016;
  private final Scenario sc;
  private final List<RunResult.Optimum[]> optima;
  private final ExecutorService pool;
  private final List<Integer> grid;
  /** Per L: per seed, per phase metrics of FixedLimit(L). */
  private final Map<Integer, List<RunResult.PhaseMetrics[]>> sweep = new LinkedHashMap<>();

  /**
   * One pair's verdict.
   *
   * @param candidates per phase, the limits that meet the targets and win that phase (empty: none)
   * @param verified   the limits per phase of the row that won (null when not winnable)
   * @param row        that row, or the best verified attempt's (null for a single phase without candidates)
   * @param shortPhase the first phase without a candidate, or -1
   * @param bestGoodput in {@code shortPhase}, the best goodput / G* at p99 at most min(anchor's, 2 P*)
   *                   (NaN where no limit has such a p99)
   * @param bestLimit  the limit reaching it
   */
  public record Verdict(Comparison.Row anchor, List<List<Integer>> candidates, int[] verified, Comparison.Row row,
      int shortPhase, double bestGoodput, int bestLimit) {
    /** Whether some fixed limit (per phase) wins the pair while meeting the targets. */
    public boolean winnable() {
      return verified != null;
    }

    /** Whether it is winnable by the win's first clause: goodput at least and p99 at most the anchor's. */
    public boolean firstClause() {
      return winnable() && row.goodputRatio() >= anchor.goodputRatio() && row.p99Ratio() <= anchor.p99Ratio();
    }

    /**
     * Whether it is winnable by the first clause with a p99 at least one histogram bucket ({@link #ROOM}) under
     * the anchor's: a win an adaptive limiter could aim at, not a tie at the histogram's resolution (at its
     * own L_opt a fixed limit's p99 is P* exactly, so it "wins" every anchor at 1.00 P* by construction).
     */
    public boolean withRoom() {
      return firstClause() && row.p99Ratio() * (1 + ROOM) <= anchor.p99Ratio();
    }
  }

  private Feasibility(Scenario sc, List<RunResult.Optimum[]> optima, ExecutorService pool) {
    this.sc = sc;
    this.optima = optima;
    this.pool = pool;
    double maxLa = 0;
    for (Scenario.Phase p : sc.phases) {
      maxLa = Math.max(maxLa, sc.analyticLimit(p.settings()));
    }
    this.grid = Oracle.grid((int) Math.ceil(4 * maxLa));
  }

  /** Runs the sweep of {@code sc} (every grid limit on every seed) against {@code optima} (one per seed). */
  public static Feasibility sweep(Scenario sc, List<RunResult.Optimum[]> optima, ExecutorService pool)
      throws Exception {
    Feasibility f = new Feasibility(sc, optima, pool);
    Map<Integer, List<Future<RunResult.PhaseMetrics[]>>> futures = new LinkedHashMap<>();
    for (int l : f.grid) {
      futures.put(l, f.submit(SimLimiter.fixed("fixed-" + l, l)));
    }
    for (Map.Entry<Integer, List<Future<RunResult.PhaseMetrics[]>>> e : futures.entrySet()) {
      f.sweep.put(e.getKey(), collect(e.getValue()));
    }
    return f;
  }

  private List<Future<RunResult.PhaseMetrics[]>> submit(SimLimiter.Factory factory) {
    List<Future<RunResult.PhaseMetrics[]>> perSeed = new ArrayList<>();
    for (int s = 0; s < sc.seeds.size(); s++) {
      int seed = sc.seeds.get(s);
      RunResult.Optimum[] o = optima.get(s);
      perSeed.add(pool.submit(() -> {
        RunResult r = Simulation.run(sc, factory, seed);
        RunResult.PhaseMetrics[] pm = new RunResult.PhaseMetrics[o.length];
        for (int i = 0; i < o.length; i++) {
          pm[i] = r.metrics(i, o[i]);
        }
        return pm;
      }));
    }
    return perSeed;
  }

  private static List<RunResult.PhaseMetrics[]> collect(List<Future<RunResult.PhaseMetrics[]>> futures)
      throws Exception {
    List<RunResult.PhaseMetrics[]> out = new ArrayList<>();
    for (Future<RunResult.PhaseMetrics[]> f : futures) {
      out.add(f.get());
    }
    return out;
  }

  /** The row of FixedLimit(l) restricted to phase {@code i} (medians over seeds). */
  Comparison.Row phaseRow(int l, int i) {
    List<RunResult.PhaseMetrics[]> one = new ArrayList<>();
    for (RunResult.PhaseMetrics[] pm : sweep.get(l)) {
      one.add(new RunResult.PhaseMetrics[] {pm[i]});
    }
    return Comparison.reduce("fixed-" + l, one);
  }

  private static boolean good(Comparison.Row r, Comparison.Row anchor, boolean strict) {
    return Comparison.meetsTargets(r) && (strict
        ? r.goodputRatio() >= anchor.goodputRatio() && r.p99Ratio() <= anchor.p99Ratio()
        : Comparison.wins(r, anchor));
  }

  /**
   * The verdict for {@code anchor}'s row under {@link Comparison#wins}, or with {@code strict} under its first
   * clause alone (goodput at least and p99 at most the anchor's).
   */
  public Verdict judge(Comparison.Row anchor, boolean strict) throws Exception {
    int phases = sc.phases.size();
    List<List<Integer>> cands = new ArrayList<>();
    for (int i = 0; i < phases; i++) {
      List<Integer> c = new ArrayList<>();
      for (int l : grid) {
        if (good(phaseRow(l, i), anchor, strict)) {
          c.add(l);
        }
      }
      cands.add(c);
    }
    for (int i = 0; i < phases; i++) {
      if (cands.get(i).isEmpty()) {
        double pBound = Math.min(anchor.p99Ratio(), 2.0);
        double best = Double.NaN;
        int bestL = -1;
        for (int l : grid) {
          Comparison.Row r = phaseRow(l, i);
          if (r.p99Ratio() <= pBound && !(r.goodputRatio() <= best)) {
            best = r.goodputRatio();
            bestL = l;
          }
        }
        return new Verdict(anchor, cands, null, null, i, best, bestL);
      }
    }
    if (phases == 1) {
      int l = lowestP99(cands.get(0), 0);
      return new Verdict(anchor, cands, new int[] {l}, phaseRow(l, 0), -1, Double.NaN, -1);
    }
    Comparison.Row last = null;
    List<int[]> tries = new ArrayList<>();
    int[] slack = new int[phases];
    int[] low = new int[phases];
    int[] high = new int[phases];
    for (int i = 0; i < phases; i++) {
      List<Integer> c = cands.get(i);
      slack[i] = lowestP99(c, i);
      low[i] = c.get(0);
      high[i] = c.get(c.size() - 1);
    }
    tries.add(slack);
    tries.add(low);
    tries.add(high);
    for (int[] limits : tries) {
      Comparison.Row r = Comparison.reduce(name(limits), collect(submit(phased(sc, limits))));
      if (good(r, anchor, strict)) {
        return new Verdict(anchor, cands, limits, r, -1, Double.NaN, -1);
      }
      last = r;
    }
    return new Verdict(anchor, cands, null, last, -1, Double.NaN, -1);
  }

  /**
   * The most anchors one fixed limit (one per phase) wins while meeting the targets: the ceiling on the wins of
   * any limiter that settles on a limit per phase.
   *
   * @param limits the limits per phase
   * @param row    their row (for several phases: the run that switches at the phase changes)
   * @param won    the anchors that row wins (meeting the targets)
   */
  public record Best(int[] limits, Comparison.Row row, List<String> won) {}

  /**
   * {@link Best} over {@code anchors}: every tuple of grid limits is scored by the anchors it wins phase by
   * phase (the phase rows of {@link #judge}); the best tuple is then run, and its row decides.
   */
  public Best best(List<Comparison.Row> anchors) throws Exception {
    int phases = sc.phases.size();
    int n = grid.size();
    boolean[][][] ok = new boolean[anchors.size()][phases][n];
    for (int i = 0; i < phases; i++) {
      for (int g = 0; g < n; g++) {
        Comparison.Row r = phaseRow(grid.get(g), i);
        for (int a = 0; a < anchors.size(); a++) {
          ok[a][i][g] = good(r, anchors.get(a), false);
        }
      }
    }
    int[] idx = new int[phases];
    int[] bestIdx = idx.clone();
    int bestCount = -1;
    while (true) {
      int count = 0;
      for (boolean[][] perAnchor : ok) {
        boolean all = true;
        for (int i = 0; i < phases && all; i++) {
          all = perAnchor[i][idx[i]];
        }
        count += all ? 1 : 0;
      }
      if (count > bestCount) {
        bestCount = count;
        bestIdx = idx.clone();
      }
      int k = 0; // the next tuple, odometer-wise
      while (k < phases && ++idx[k] == n) {
        idx[k++] = 0;
      }
      if (k == phases) {
        break;
      }
    }
    int[] limits = new int[phases];
    for (int i = 0; i < phases; i++) {
      limits[i] = grid.get(bestIdx[i]);
    }
    Comparison.Row r = phases == 1 ? phaseRow(limits[0], 0)
        : Comparison.reduce(name(limits), collect(submit(phased(sc, limits))));
    List<String> won = new ArrayList<>();
    for (Comparison.Row a : anchors) {
      if (good(r, a, false)) {
        won.add(a.limiter());
      }
    }
    return new Best(limits, r, won);
  }

  /** The report's line for {@link #best}. */
  public static String line(String scenario, Best b, int anchors, int ours) {
    if (b.won().isEmpty()) {
      return String.format(Locale.ROOT, "%s: no fixed limit wins any of the %d anchors (meeting the targets); ours"
          + " %d%n", scenario, anchors, ours);
    }
    return String.format(Locale.ROOT, "%s: the best fixed limit, L = %s (%.4f G* at %.3f P*), wins %d of %d %s;"
        + " ours %d%n", scenario, name(b.limits()).substring(6), b.row().goodputRatio(), b.row().p99Ratio(),
        b.won().size(), anchors, b.won(), ours);
  }

  /** The candidate with the lowest p99 (the most room under the anchor's), the higher goodput on a tie. */
  private int lowestP99(List<Integer> cands, int i) {
    int best = cands.get(0);
    for (int l : cands) {
      Comparison.Row r = phaseRow(l, i);
      Comparison.Row b = phaseRow(best, i);
      if (r.p99Ratio() < b.p99Ratio() || r.p99Ratio() == b.p99Ratio() && r.goodputRatio() > b.goodputRatio()) {
        best = l;
      }
    }
    return best;
  }

  private static String name(int[] limits) {
    StringBuilder b = new StringBuilder("fixed-");
    for (int i = 0; i < limits.length; i++) {
      b.append(i == 0 ? "" : "/").append(limits[i]);
    }
    return b.toString();
  }

  /** A fixed limit per phase ({@link SimLimiter#perPhase}), named by its limits. */
  static SimLimiter.Factory phased(Scenario sc, int[] limits) {
    return SimLimiter.perPhase(name(limits), sc, limits);
  }

  /**
   * One line for the report: "winnable by fixed L in [a..b]" or "no fixed limit wins: ...", under the full
   * rule; where only the second clause wins, {@code strict} (the verdict under the first clause) follows.
   */
  public String line(String pair, Verdict v, Verdict strict) {
    String head = String.format(Locale.ROOT, "%-32s (anchor %.4f G* at %.3f P*): ", pair, v.anchor().goodputRatio(),
        v.anchor().p99Ratio());
    String s = head + text(v);
    if (v.winnable() && !v.firstClause()) {
      s = s.stripTrailing() + "   first clause alone: " + text(strict);
    }
    return s;
  }

  private String text(Verdict v) {
    Comparison.Row a = v.anchor();
    if (v.winnable()) {
      Comparison.Row r = v.row();
      StringBuilder b = new StringBuilder("winnable by fixed L in ");
      for (int i = 0; i < v.candidates().size(); i++) {
        b.append(i == 0 ? "" : " / ").append(ranges(v.candidates().get(i)));
      }
      return b.append(String.format(Locale.ROOT, "%s; L = %s: %.4f G* at %.3f P*, %s%n",
          v.candidates().size() > 1 ? " (per phase)" : "", name(v.verified()).substring(6), r.goodputRatio(),
          r.p99Ratio(), v.withRoom() ? "goodput >= and p99 <= with room"
              : v.firstClause() ? "goodput >= and p99 <= within 1.6 %" : "second clause (within 0.5 %, steadier)"))
          .toString();
    }
    if (v.shortPhase() < 0) {
      Comparison.Row r = v.row();
      return String.format(Locale.ROOT, "no phased fixed limit wins: every phase has candidates, but none"
          + " of the 3 phased runs tried wins (the last: %.4f G* at %.2f P*, conv %.1f s)%n", r.goodputRatio(),
          r.p99Ratio(), r.convergeOutcome());
    }
    String where = sc.phases.size() > 1 ? " in phase " + v.shortPhase() : "";
    if (Double.isNaN(v.bestGoodput())) {
      return String.format(Locale.ROOT, "no fixed limit wins%s: none has p99 <= %.2f P*%n", where,
          Math.min(a.p99Ratio(), 2.0));
    }
    return String.format(Locale.ROOT, "no fixed limit wins%s: best goodput at p99 <= %.2f P* is %.4f G*"
        + " (L = %d)%n", where, Math.min(a.p99Ratio(), 2.0), v.bestGoodput(), v.bestLimit());
  }

  /** {@code [16..19, 21]}: the candidates as runs of consecutive grid points. */
  String ranges(List<Integer> ls) {
    StringBuilder b = new StringBuilder("[");
    int k = 0;
    while (k < ls.size()) {
      int j = k;
      while (j + 1 < ls.size() && grid.indexOf(ls.get(j + 1)) == grid.indexOf(ls.get(j)) + 1) {
        j++;
      }
      b.append(k == 0 ? "" : ", ").append(ls.get(k)).append(j > k ? ".." + ls.get(j) : "");
      k = j + 1;
    }
    return b.append(']').toString();
  }
}
