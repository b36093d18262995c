package dev.selfheal.bench.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed-limit oracle of ADAPTIVE-LIMITS.md section 4.5: for each phase, the smallest limit on the grid
 * {@code 1..4 L_analytic} (step 1 up to 64, then 5 %) whose steady-part goodput is at least 98 % of the best
 * goodput on the grid, with its goodput {@code G*} and admitted p99 {@code P*}.
 *
 * <p>To keep it affordable the grid is not run in full: a geometric subset (each point at least 25 % above the
 * previous one) finds the best goodput, then the knee is bisected on the full grid between the last subset
 * point below 98 % and the first at or above it, which assumes goodput grows with the limit below the knee
 * (it does for a fixed limit: one more slot never serves fewer calls before the plateau). If a bisection run
 * beats the best goodput, the threshold is raised and the search repeated.
 */
public final class Oracle {
  private final Scenario sc;
  private final int seed;
  private final Map<Integer, double[][]> cache = new HashMap<>();
  private int runs;

  public Oracle(Scenario sc, int seed) {
    this.sc = sc;
    this.seed = seed;
  }

  /** The grid of section 4.5 up to {@code 4 * max analytic limit}. */
  public static List<Integer> grid(int max) {
    List<Integer> g = new ArrayList<>();
    for (int l = 1; l <= Math.min(64, max); l++) {
      g.add(l);
    }
    int l = 64;
    while (l < max) {
      l = Math.max(l + 1, (int) Math.ceil(l * 1.05));
      g.add(l);
    }
    return g;
  }

  private double[][] at(int limit) {
    return cache.computeIfAbsent(limit, l -> {
      runs++;
      RunResult r = Simulation.run(sc, SimLimiter.fixed("fixed-" + l, l), seed);
      double[][] out = new double[2][sc.phases.size()];
      for (int i = 0; i < sc.phases.size(); i++) {
        out[0][i] = r.steadyGoodput(i);
        out[1][i] = r.steadyP99(i);
      }
      return out;
    });
  }

  /** The optimum of every phase. */
  public RunResult.Optimum[] optima() {
    double maxLa = 0;
    for (Scenario.Phase p : sc.phases) {
      maxLa = Math.max(maxLa, sc.analyticLimit(p.settings()));
    }
    List<Integer> grid = grid((int) Math.ceil(4 * maxLa));
    List<Integer> coarse = new ArrayList<>();
    for (int idx = 0; idx < grid.size(); idx++) {
      int l = grid.get(idx);
      if (coarse.isEmpty() || l >= coarse.get(coarse.size() - 1) * 1.25 || idx == grid.size() - 1) {
        coarse.add(l);
      }
    }
    RunResult.Optimum[] out = new RunResult.Optimum[sc.phases.size()];
    for (int i = 0; i < out.length; i++) {
      double best = 0;
      for (int l : coarse) {
        best = Math.max(best, at(l)[0][i]);
      }
      for (int round = 0; round < 3; round++) {
        double threshold = 0.98 * best;
        int hi = -1;
        for (int c = 0; c < coarse.size(); c++) {
          if (at(coarse.get(c))[0][i] >= threshold) {
            hi = grid.indexOf(coarse.get(c));
            break;
          }
        }
        int lo = -1;
        for (int c = coarse.size() - 1; c >= 0; c--) {
          int gi = grid.indexOf(coarse.get(c));
          if (gi < hi) {
            lo = gi;
            break;
          }
        }
        while (hi - lo > 1) {
          int mid = (lo + hi) >>> 1;
          if (at(grid.get(mid))[0][i] >= threshold) {
            hi = mid;
          } else {
            lo = mid;
          }
        }
        double seen = best;
        for (double[][] v : cache.values()) {
          seen = Math.max(seen, v[0][i]);
        }
        int l = grid.get(hi);
        out[i] = new RunResult.Optimum(l, at(l)[0][i], at(l)[1][i]);
        if (seen <= best) {
          break;
        }
        best = seen;
      }
    }
    return out;
  }

  /** Simulation runs spent so far. */
  public int runs() {
    return runs;
  }
}
