package dev.selfheal.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --feasibility} on small scenarios (4 workers, so the grid is 1..16, and 8 then 4 workers; 3 seeds,
 * 40 s per phase): its verdicts against a brute force over the grid, and the phased limit it verifies with.
 */
class FeasibilityTest {
  private static final Scenario ONE = Scenario.parse("name = small\nworkers = 4\nservice.mean = 10ms\n"
      + "rate = 2mu\nduration = 40s\nwarmup = 10s\nseeds = 1-3\n", List.of());
  private static final Scenario TWO = Scenario.parse("name = small2\nworkers = 8\nservice.mean = 10ms\n"
      + "rate = 1.5mu\nduration = 80s\nwarmup = 10s\nseeds = 1-3\nat 40s: workers = 4\n", List.of());
  private static ExecutorService pool;
  private static List<RunResult.Optimum[]> oneOptima;
  private static Feasibility oneSweep;

  @BeforeAll
  static void start() throws Exception {
    pool = Comparison.pool(2);
    oneOptima = optima(ONE);
    oneSweep = Feasibility.sweep(ONE, oneOptima, pool);
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
  }

  private static List<RunResult.Optimum[]> optima(Scenario sc) {
    List<RunResult.Optimum[]> o = new ArrayList<>();
    for (int seed : sc.seeds) {
      o.add(new Oracle(sc, seed).optima());
    }
    return o;
  }

  /** An anchor's row as the report has it: worst-phase medians, with its oscillation and convergence. */
  private static Comparison.Row anchor(double goodput, double p99, double osc) {
    return anchor("anchor", goodput, p99, osc);
  }

  private static Comparison.Row anchor(String name, double goodput, double p99, double osc) {
    return new Comparison.Row(name, goodput, goodput, goodput, p99, 0, Double.NaN, Double.NaN, osc, 0, 0,
        List.of());
  }

  private static Comparison.Row fixedRow(Scenario sc, List<RunResult.Optimum[]> optima, SimLimiter.Factory f) {
    List<RunResult.PhaseMetrics[]> perSeed = new ArrayList<>();
    for (int s = 0; s < sc.seeds.size(); s++) {
      RunResult r = Simulation.run(sc, f, sc.seeds.get(s));
      RunResult.PhaseMetrics[] pm = new RunResult.PhaseMetrics[sc.phases.size()];
      for (int i = 0; i < pm.length; i++) {
        pm[i] = r.metrics(i, optima.get(s)[i]);
      }
      perSeed.add(pm);
    }
    return Comparison.reduce(f.name(), perSeed);
  }

  @Test
  void aSinglePhaseVerdictIsTheBruteForceOverTheGrid() throws Exception {
    Comparison.Row a = anchor(0.99, 1.5, 0.3);
    Feasibility.Verdict v = oneSweep.judge(a, false);
    List<Integer> brute = new ArrayList<>();
    for (int l : Oracle.grid(16)) {
      Comparison.Row r = fixedRow(ONE, oneOptima, SimLimiter.fixed("fixed-" + l, l));
      if (Comparison.meetsTargets(r) && Comparison.wins(r, a)) {
        brute.add(l);
      }
    }
    assertThat(brute).isNotEmpty();
    assertThat(v.winnable()).isTrue();
    assertThat(v.candidates()).containsExactly(brute);
    assertThat(brute).contains(v.verified()[0]);
    assertThat(oneSweep.line("small vs anchor", v, v)).contains("winnable by fixed L in [");
  }

  @Test
  void anAnchorThatShedsIsNotWinnableAndTheBestGoodputAtItsP99IsReported() throws Exception {
    // below the p99 of any limit: the service time's own p99 is about P*
    Feasibility.Verdict none = oneSweep.judge(anchor(0.4, 0.5, 0.3), false);
    assertThat(none.winnable()).isFalse();
    assertThat(none.bestGoodput()).isNaN();
    assertThat(oneSweep.line("small vs shedder", none, none))
        .contains("no fixed limit wins: none has p99 <= 0.50 P*");
    // more goodput than any limit reaches (and no oscillation, so the second clause cannot apply)
    Feasibility.Verdict more = oneSweep.judge(anchor(1.2, 1.5, 0), false);
    assertThat(more.winnable()).isFalse();
    double best = 0;
    for (int l : Oracle.grid(16)) {
      Comparison.Row r = fixedRow(ONE, oneOptima, SimLimiter.fixed("fixed-" + l, l));
      if (r.p99Ratio() <= 1.5) {
        best = Math.max(best, r.goodputRatio());
      }
    }
    assertThat(more.bestGoodput()).isEqualTo(best);
    assertThat(oneSweep.line("small vs more", more, more))
        .contains("no fixed limit wins: best goodput at p99 <= 1.50 P*");
  }

  @Test
  void theBestFixedLimitWinsWhatItCanAndSaysWhich() throws Exception {
    Comparison.Row easy = anchor("easy", 0.99, 1.5, 0.3);
    Comparison.Row shedder = anchor("shedder", 0.4, 0.5, 0.3);
    Feasibility.Best b = oneSweep.best(List.of(shedder, easy));
    assertThat(b.won()).containsExactly("easy");
    assertThat(oneSweep.judge(easy, false).candidates().get(0)).contains(b.limits()[0]);
    Comparison.Row r = fixedRow(ONE, oneOptima, SimLimiter.fixed("fixed", b.limits()[0]));
    assertThat(Comparison.meetsTargets(r) && Comparison.wins(r, easy)).isTrue();
    assertThat(Feasibility.line("small", b, 2, 0)).contains("wins 1 of 2 [easy]; ours 0");
  }

  @Test
  void aMultiPhaseWinIsVerifiedWithOneLimitPerPhase() throws Exception {
    List<RunResult.Optimum[]> two = optima(TWO);
    Feasibility f2 = Feasibility.sweep(TWO, two, pool);
    Comparison.Row a = anchor(0.99, 1.5, 0.3);
    Feasibility.Verdict v = f2.judge(a, false);
    assertThat(v.winnable()).as(f2.line("small2", v, v)).isTrue();
    assertThat(v.verified()).hasSize(2);
    Comparison.Row r = fixedRow(TWO, two, Feasibility.phased(TWO, v.verified()));
    assertThat(Comparison.meetsTargets(r)).isTrue();
    assertThat(Comparison.wins(r, a)).isTrue();
    assertThat(r.goodputRatio()).isEqualTo(v.row().goodputRatio());
    // the limit in force per phase, from the run's time series (t = 20 s and 60 s)
    String[] csv = Simulation.run(TWO, Feasibility.phased(TWO, v.verified()), 1).csv().split("\n");
    assertThat(csv[200].split(",")[7]).isEqualTo(String.valueOf(v.verified()[0]));
    assertThat(csv[600].split(",")[7]).isEqualTo(String.valueOf(v.verified()[1]));
  }
}
