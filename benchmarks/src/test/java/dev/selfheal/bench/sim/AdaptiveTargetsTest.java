package dev.selfheal.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #11's targets, asserted over the deterministic simulator (not a timing test): our limiter on every
 * built-in scenario, seeds 1-5, scored against the oracle's optima and the deterministic anchors' rows
 * (Gradient2 windowed, with minLimit 1, AIMD) stored in {@code oracle-optima.csv}. That file is what
 * {@code AdaptiveLimitBench --oracle-file} writes; entries are keyed by a hash of the scenario's source, so an
 * edited scenario fails here until the file is regenerated. Re-running the oracle's grid here would cost
 * minutes; {@link #theStoredOracleIsWhatTheOracleComputes} recomputes one entry instead.
 *
 * <p>Where a target is not reached the assertion holds the honest figure reached (see the README), never a
 * weakened definition.
 */
class AdaptiveTargetsTest {
  private static String stored;
  private static final Map<String, Comparison.Row> OURS = new LinkedHashMap<>();

  @BeforeAll
  static void runOurs() throws Exception {
    try (InputStream in = AdaptiveTargetsTest.class.getResourceAsStream("/oracle-optima.csv")) {
      stored = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, RunResult.Optimum[]> optima = OracleFile.parse(stored);
    ExecutorService pool = Comparison.pool(2);
    try {
      Map<String, List<Future<RunResult.PhaseMetrics[]>>> futures = new LinkedHashMap<>();
      for (String id : Scenario.BUILTIN) {
        Scenario sc = Scenario.builtin(id, List.of());
        List<Future<RunResult.PhaseMetrics[]>> perSeed = new ArrayList<>();
        for (int seed : sc.seeds) {
          RunResult.Optimum[] o = optima.get(OracleFile.key(sc, seed));
          assertThat(o).as("stored optimum of %s seed %d: regenerate oracle-optima.csv with AdaptiveLimitBench"
              + " --oracle-file", id, seed).isNotNull();
          perSeed.add(pool.submit(() -> {
            RunResult r = Simulation.run(sc, Comparison.OURS, seed);
            RunResult.PhaseMetrics[] pm = new RunResult.PhaseMetrics[o.length];
            for (int i = 0; i < o.length; i++) {
              pm[i] = r.metrics(i, o[i]);
            }
            return pm;
          }));
        }
        futures.put(id, perSeed);
      }
      for (Map.Entry<String, List<Future<RunResult.PhaseMetrics[]>>> e : futures.entrySet()) {
        List<RunResult.PhaseMetrics[]> pms = new ArrayList<>();
        for (Future<RunResult.PhaseMetrics[]> f : e.getValue()) {
          pms.add(f.get());
        }
        OURS.put(e.getKey(), Comparison.reduce(Comparison.OURS.name(), pms));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @AfterAll
  static void clear() {
    OURS.clear();
  }

  private static Comparison.Row ours(String id) {
    return OURS.get(id);
  }

  private static List<Comparison.Row> anchors(String id) {
    List<Comparison.Row> a = OracleFile.anchors(stored, Scenario.builtin(id, List.of()));
    assertThat(a).as("stored anchors of %s", id).hasSize(3);
    return a;
  }

  @Test
  void goodputAndLatencyTargets() {
    for (String id : Scenario.BUILTIN) {
      Comparison.Row r = ours(id);
      EXPECT.get(id).check(id, r);
    }
  }

  @Test
  void winsAgainstTheDeterministicAnchors() {
    for (String id : Scenario.BUILTIN) {
      for (Comparison.Row a : anchors(id)) {
        boolean expectedWin = !EXPECTED_LOSSES.contains(id + " vs " + a.limiter());
        assertThat(Comparison.wins(ours(id), a)).as("%s vs %s", id, a.limiter()).isEqualTo(expectedWin);
      }
    }
  }

  /** Issue #11's "no loss on goodput in any": where we serve less than an anchor, by how much at most. */
  @Test
  void goodputAgainstTheDeterministicAnchors() {
    for (String id : Scenario.BUILTIN) {
      for (Comparison.Row a : anchors(id)) {
        String pair = id + " vs " + a.limiter();
        Double margin = EXPECTED_GOODPUT_LOSSES.get(pair);
        assertThat(Comparison.losesGoodput(ours(id), a)).as("%s: less goodput", pair).isEqualTo(margin != null);
        if (margin != null) {
          assertThat(a.goodputRatio() - ours(id).goodputRatio()).as("%s: goodput lost (share of G*)", pair)
              .isLessThanOrEqualTo(margin);
        }
      }
    }
  }

  @Test
  void theStoredOracleIsWhatTheOracleComputes() throws IOException {
    Scenario sc = Scenario.builtin("S2a", List.of());
    RunResult.Optimum[] o = new Oracle(sc, 1).optima();
    RunResult.Optimum[] s = OracleFile.parse(stored).get(OracleFile.key(sc, 1));
    assertThat(s).hasSameSizeAs(o);
    for (int i = 0; i < o.length; i++) {
      assertThat(s[i].limit()).isEqualTo(o[i].limit());
      assertThat(s[i].goodput()).isCloseTo(o[i].goodput(), org.assertj.core.api.Assertions.within(1e-3));
      assertThat(s[i].p99Nanos()).isCloseTo(o[i].p99Nanos(), org.assertj.core.api.Assertions.within(0.1));
    }
  }

  /** What one scenario must reach (medians over seeds 1-5 of the worst phase). */
  private record Expect(double minGoodput, double maxP99, double maxConverge) {
    void check(String id, Comparison.Row r) {
      assertThat(r.goodputRatio()).as("%s goodput / G*", id).isGreaterThanOrEqualTo(minGoodput);
      assertThat(r.p99Ratio()).as("%s p99 / P*", id).isLessThanOrEqualTo(maxP99);
      Scenario sc = Scenario.builtin(id, List.of());
      if (sc.phases.size() == 1 && sc.warmup > 0) { // no phase change, no cold start: nothing to converge after
        assertThat(r.convergeOutcome()).as("%s convergence (s)", id).isNaN();
      } else {
        assertThat(r.convergeOutcome()).as("%s convergence (s)", id).isLessThanOrEqualTo(maxConverge);
      }
    }
  }

  private static final Expect TARGET = new Expect(0.98, 2.0, 2.0);
  private static final Map<String, Expect> EXPECT = new LinkedHashMap<>();
  private static final List<String> EXPECTED_LOSSES = new ArrayList<>();
  private static final Map<String, Double> EXPECTED_GOODPUT_LOSSES = new LinkedHashMap<>();

  static {
    for (String id : Scenario.BUILTIN) {
      EXPECT.put(id, TARGET); // every target reached (README, "Adaptive concurrency limit")
    }
    // The strict win of section 4.6 (goodput >= AND p99 <=, or better convergence/oscillation within 0.5 %);
    // README: why most of these cannot be won by construction
    EXPECTED_LOSSES.addAll(List.of(
        "S1 vs aimd", "S1-ps vs g2-windowed", "S1-ps vs g2-windowed-min1", "S2a vs aimd",
        "S2b vs g2-windowed", "S2b vs g2-windowed-min1", "S2b vs aimd", "S3a vs aimd",
        "S3b vs g2-windowed", "S3b vs g2-windowed-min1",
        "S4 vs g2-windowed", "S4 vs g2-windowed-min1", "S4 vs aimd",
        "S4b vs g2-windowed", "S4b vs g2-windowed-min1", "S4b vs aimd",
        "S5 vs g2-windowed", "S5 vs g2-windowed-min1", "S5 vs aimd",
        "S5b vs g2-windowed", "S5b vs g2-windowed-min1", "S5b vs aimd",
        "S7 vs g2-windowed", "S7 vs g2-windowed-min1",
        "S8 vs g2-windowed", "S8 vs g2-windowed-min1", "S8 vs aimd"));
    // Less goodput than the anchor (a share of G*, rounded up): every one an anchor holding more calls in
    // flight, which in M/G/c never serves fewer; all but S3b vs g2-windowed (p99 1.17 P* against our 1.26,
    // converged in 11 s against our 2 s) at 1.02 to 6.6 times our p99 (README)
    EXPECTED_GOODPUT_LOSSES.put("S1 vs aimd", 0.002);
    EXPECTED_GOODPUT_LOSSES.put("S1-ps vs g2-windowed", 0.001);
    EXPECTED_GOODPUT_LOSSES.put("S1-ps vs g2-windowed-min1", 0.001);
    EXPECTED_GOODPUT_LOSSES.put("S2a vs g2-windowed", 0.006);
    EXPECTED_GOODPUT_LOSSES.put("S2a vs g2-windowed-min1", 0.006);
    EXPECTED_GOODPUT_LOSSES.put("S2a vs aimd", 0.006);
    EXPECTED_GOODPUT_LOSSES.put("S2b vs g2-windowed", 0.005);
    EXPECTED_GOODPUT_LOSSES.put("S2b vs g2-windowed-min1", 0.005);
    EXPECTED_GOODPUT_LOSSES.put("S2b vs aimd", 0.014);
    EXPECTED_GOODPUT_LOSSES.put("S3a vs aimd", 0.004);
    EXPECTED_GOODPUT_LOSSES.put("S3b vs g2-windowed", 0.002);
    EXPECTED_GOODPUT_LOSSES.put("S3b vs aimd", 0.003);
    EXPECTED_GOODPUT_LOSSES.put("S4 vs g2-windowed", 0.024);
    EXPECTED_GOODPUT_LOSSES.put("S4 vs g2-windowed-min1", 0.024);
    EXPECTED_GOODPUT_LOSSES.put("S4 vs aimd", 0.136);
    EXPECTED_GOODPUT_LOSSES.put("S4b vs aimd", 0.058);
    EXPECTED_GOODPUT_LOSSES.put("S5 vs g2-windowed", 0.004);
    EXPECTED_GOODPUT_LOSSES.put("S5 vs g2-windowed-min1", 0.004);
    EXPECTED_GOODPUT_LOSSES.put("S5 vs aimd", 0.028);
    EXPECTED_GOODPUT_LOSSES.put("S5b vs g2-windowed", 0.003);
    EXPECTED_GOODPUT_LOSSES.put("S5b vs g2-windowed-min1", 0.003);
    EXPECTED_GOODPUT_LOSSES.put("S5b vs aimd", 0.005);
    EXPECTED_GOODPUT_LOSSES.put("S7 vs g2-windowed", 0.001);
    EXPECTED_GOODPUT_LOSSES.put("S7 vs g2-windowed-min1", 0.001);
    EXPECTED_GOODPUT_LOSSES.put("S7 vs aimd", 0.003);
  }

}
