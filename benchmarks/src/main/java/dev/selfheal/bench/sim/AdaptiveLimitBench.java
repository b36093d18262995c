package dev.selfheal.bench.sim;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The command of issue #11: runs every scenario for ours, the Netflix anchors, the oracle and unlimited, and
 * prints one table per scenario.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.selfheal.bench.sim.AdaptiveLimitBench [options]
 *   --scenario ID      a built-in scenario (S1, S1-ps, S2a, S2b, S3a, S3b, S4, S4b, S5, S5b, S6, S7, S8); repeatable
 *   --file PATH        a scenario file (see {@link Scenario}); repeatable
 *   --set KEY=VALUE    overrides a key of every scenario, e.g. --set seeds=1-3, --set "at 30s: workers=8"
 *   --threads N        parallel runs (default 2); each run is single-threaded and deterministic
 *   --out DIR          writes DIR/SCENARIO/LIMITER-seedN.csv and .json for every run
 *   --oracle-file F    writes the oracle's optima (what AdaptiveTargetsTest reads) to F
 *   --stored-oracle F  runs ours only, scored against the optima and deterministic anchors stored in F (e.g.
 *                      benchmarks/src/test/resources/oracle-optima.csv): seconds instead of minutes, with
 *                      per-phase figures and the outcome convergence of the oracle's own fixed limit
 *   --feasibility      after each scenario's table, the most anchors one fixed limit on the oracle's grid (one
 *                      per phase) wins while meeting the targets, and for every anchor we do not win whether
 *                      some fixed limit would ({@link Feasibility}); with --stored-oracle, every limiter runs
 *                      against the stored optima (4-7 minutes for all scenarios)
 *   --anchors          with --stored-oracle: the full report (every limiter) against the stored optima, without
 *                      re-running the oracle (about 2 minutes)
 * </pre>
 * With no --scenario and no --file, runs all built-in scenarios.
 */
public final class AdaptiveLimitBench {
  private AdaptiveLimitBench() {}

  public static void main(String[] args) throws Exception {
    List<Scenario> scenarios = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<String> overrides = new ArrayList<>();
    int threads = 2;
    Path out = null;
    Path oracleFile = null;
    Path stored = null;
    boolean feasibility = false;
    boolean allLimiters = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--scenario": ids.add(req(a, v)); i++; break;
        case "--file": files.add(Path.of(req(a, v))); i++; break;
        case "--set": overrides.add(req(a, v)); i++; break;
        case "--threads": threads = Integer.parseInt(req(a, v)); i++; break;
        case "--out": out = Path.of(req(a, v)); i++; break;
        case "--oracle-file": oracleFile = Path.of(req(a, v)); i++; break;
        case "--stored-oracle": stored = Path.of(req(a, v)); i++; break;
        case "--feasibility": feasibility = true; break;
        case "--anchors": allLimiters = true; break;
        default: throw new IllegalArgumentException("unknown option " + a + " (see the class javadoc)");
      }
    }
    if (ids.isEmpty() && files.isEmpty()) {
      ids.addAll(Scenario.BUILTIN);
    }
    for (String id : ids) {
      scenarios.add(Scenario.builtin(id, overrides));
    }
    for (Path f : files) {
      scenarios.add(Scenario.load(f, overrides));
    }
    ExecutorService pool = Comparison.pool(threads);
    if (stored != null && !feasibility && !allLimiters) {
      try {
        oursAgainstStored(scenarios, Files.readString(stored, StandardCharsets.UTF_8), pool, out);
      } finally {
        pool.shutdownNow();
      }
      return;
    }
    StringBuilder optima = new StringBuilder(OracleFile.HEADER);
    int met = 0;
    List<String> lost = new ArrayList<>();
    List<String> goodputLost = new ArrayList<>();
    List<String> room = new ArrayList<>();
    List<String> edge = new ArrayList<>();
    List<String> second = new ArrayList<>();
    List<String> none = new ArrayList<>();
    int bestWins = 0;
    int ourWins = 0;
    int pairs = 0;
    Map<String, RunResult.Optimum[]> storedOptima =
        stored == null ? null : OracleFile.parse(Files.readString(stored, StandardCharsets.UTF_8));
    try {
      for (Scenario sc : scenarios) {
        long t0 = System.nanoTime();
        Path dir = out == null ? null : out.resolve(sc.name);
        if (dir != null) {
          Files.createDirectories(dir);
        }
        Comparison.Result r = Comparison.run(sc, Comparison.limiters(sc), pool, dir == null ? null : (run, o) -> {
          String base = run.limiter + "-seed" + run.seed;
          Files.writeString(dir.resolve(base + ".csv"), run.csv(), StandardCharsets.UTF_8);
          Files.writeString(dir.resolve(base + ".json"), run.summaryJson(o), StandardCharsets.UTF_8);
        }, storedOptima == null ? null : storedFor(sc, storedOptima));
        System.out.print(Comparison.table(r));
        optima.append(OracleFile.lines(r));
        Comparison.Row ours = r.rows().get(0);
        int wins = 0;
        int anchors = 0;
        List<Comparison.Row> lostRows = new ArrayList<>();
        for (Comparison.Row row : r.rows().subList(1, r.rows().size())) {
          if (!row.limiter().equals("unlimited")) {
            anchors++;
            if (Comparison.wins(ours, row)) {
              wins++;
            } else {
              lost.add(sc.name + " vs " + row.limiter());
              lostRows.add(row);
            }
            if (Comparison.losesGoodput(ours, row)) {
              goodputLost.add(String.format(Locale.ROOT, "%s vs %s (%.4f < %.4f)", sc.name, row.limiter(),
                  ours.goodputRatio(), row.goodputRatio()));
            }
          }
        }
        met += Comparison.meetsTargets(ours) ? 1 : 0;
        ourWins += wins;
        pairs += anchors;
        System.out.printf("targets %s; wins %d/%d; oracle runs %d; %.1f s wall%n%n",
            Comparison.meetsTargets(ours) ? "met" : "NOT met", wins, anchors, r.oracleRuns(),
            (System.nanoTime() - t0) / 1e9);
        if (feasibility) {
          Feasibility f = Feasibility.sweep(sc, r.optima(), pool);
          List<Comparison.Row> anchorRows = new ArrayList<>();
          for (Comparison.Row row : r.rows().subList(1, r.rows().size())) {
            if (!row.limiter().equals("unlimited")) {
              anchorRows.add(row);
            }
          }
          Feasibility.Best best = f.best(anchorRows);
          System.out.print(Feasibility.line(sc.name, best, anchors, wins));
          bestWins += best.won().size();
          for (Comparison.Row row : lostRows) {
            String pair = sc.name + " vs " + row.limiter();
            Feasibility.Verdict strict = f.judge(row, true);
            Feasibility.Verdict v = strict.winnable() ? strict : f.judge(row, false);
            System.out.print(f.line(pair, v, strict));
            (v.withRoom() ? room : v.firstClause() ? edge : v.winnable() ? second : none).add(pair);
          }
          System.out.println();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf("targets met in %d of %d scenarios; not won: %s%nless goodput than: %s%n", met,
        scenarios.size(), lost, goodputLost);
    if (feasibility) {
      System.out.printf("feasibility: %d losses. Winnable by a fixed limit: goodput >= and p99 <= with room (p99 at"
          + " least 1.6 %% under) %d %s; within 1.6 %% %d %s; by the second clause only %d %s. Not winnable: %d %s%n",
          room.size() + edge.size() + second.size() + none.size(), room.size(), room, edge.size(), edge,
          second.size(), second, none.size(), none);
      System.out.printf("the best fixed limit per scenario (one per phase) wins %d of %d; ours %d%n", bestWins, pairs,
          ourWins);
    }
    if (oracleFile != null) {
      Files.writeString(oracleFile, optima.toString(), StandardCharsets.UTF_8);
    }
  }

  /** {@code --stored-oracle}: ours only, against stored optima and anchors, with per-phase medians. */
  private static void oursAgainstStored(List<Scenario> scenarios, String stored, ExecutorService pool, Path out)
      throws Exception {
    Map<String, RunResult.Optimum[]> optima = OracleFile.parse(stored);
    int met = 0;
    List<String> lost = new ArrayList<>();
    List<String> goodputLost = new ArrayList<>();
    for (Scenario sc : scenarios) {
      List<Future<RunResult.PhaseMetrics[]>> futures = new ArrayList<>();
      List<Future<double[]>> oracleConv = new ArrayList<>();
      List<RunResult.Optimum[]> given = storedFor(sc, optima);
      for (int k = 0; k < sc.seeds.size(); k++) {
        int seed = sc.seeds.get(k);
        RunResult.Optimum[] o = given.get(k);
        futures.add(pool.submit(() -> {
          RunResult r = Simulation.run(sc, Comparison.OURS, seed);
          RunResult.PhaseMetrics[] pm = new RunResult.PhaseMetrics[o.length];
          for (int i = 0; i < o.length; i++) {
            pm[i] = r.metrics(i, o[i]);
          }
          if (out != null) {
            Path dir = Files.createDirectories(out.resolve(sc.name));
            Files.writeString(dir.resolve(r.limiter + "-seed" + seed + ".csv"), r.csv(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(r.limiter + "-seed" + seed + ".json"), r.summaryJson(o),
                StandardCharsets.UTF_8);
          }
          return pm;
        }));
        oracleConv.add(pool.submit(() -> {
          double[] c = new double[o.length]; // each phase's fixed L_opt, scored on that phase
          for (int i = 0; i < o.length; i++) {
            double v = Simulation.run(sc, SimLimiter.fixed("oracle", o[i].limit()), seed).metrics(i, o[i])
                .convergeOutcome();
            c[i] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
          }
          return c;
        }));
      }
      List<RunResult.PhaseMetrics[]> perSeed = new ArrayList<>();
      for (Future<RunResult.PhaseMetrics[]> f : futures) {
        perSeed.add(f.get());
      }
      Comparison.Row ours = Comparison.reduce(Comparison.OURS.name(), perSeed);
      StringBuilder b = new StringBuilder();
      b.append(String.format(Locale.ROOT, "## %s ours: G/G* %.4f (%.2f-%.2f) p99/P* %.2f conv %.1f s"
          + " osc %.2f excess %.1f/s  %s%n", sc.name, ours.goodputRatio(), ours.goodputMin(), ours.goodputMax(),
          ours.p99Ratio(), ours.convergeOutcome(), ours.oscAmplitude(), ours.excessRejections(),
          Comparison.meetsTargets(ours) ? "T ok" : "T no"));
      for (int i = 0; i < sc.phases.size(); i++) {
        double[] g = new double[perSeed.size()];
        double[] p = new double[g.length];
        double[] c = new double[g.length];
        for (int s = 0; s < g.length; s++) {
          RunResult.PhaseMetrics m = perSeed.get(s)[i];
          g[s] = m.goodputRatio();
          p[s] = m.p99Ratio();
          c[s] = Double.isNaN(m.convergeOutcome()) ? Double.POSITIVE_INFINITY : m.convergeOutcome();
        }
        double[] oc = new double[g.length];
        for (int s = 0; s < g.length; s++) {
          oc[s] = oracleConv.get(s).get()[i];
        }
        b.append(String.format(Locale.ROOT, "   phase %d: G/G* %s p99/P* %s conv %s (oracle's conv %s)%n", i,
            Arrays.toString(round(g)), Arrays.toString(round(p)), Arrays.toString(round(c)),
            Arrays.toString(round(oc))));
      }
      for (Comparison.Row a : OracleFile.anchors(stored, sc)) {
        boolean win = Comparison.wins(ours, a);
        if (!win) {
          lost.add(sc.name + " vs " + a.limiter());
        }
        boolean less = Comparison.losesGoodput(ours, a);
        if (less) {
          goodputLost.add(sc.name + " vs " + a.limiter());
        }
        b.append(String.format(Locale.ROOT, "   vs %-17s G/G* %.4f p99/P* %.2f conv %.1f osc %.2f: %s%s%n",
            a.limiter(), a.goodputRatio(), a.p99Ratio(), a.convergeOutcome(), a.oscAmplitude(),
            win ? "win" : "no win", less ? ", less goodput" : ""));
      }
      met += Comparison.meetsTargets(ours) ? 1 : 0;
      System.out.print(b);
    }
    System.out.printf("targets met in %d of %d scenarios; not won (deterministic anchors): %s%n"
        + "less goodput than: %s%n", met, scenarios.size(), lost, goodputLost);
  }

  private static List<RunResult.Optimum[]> storedFor(Scenario sc, Map<String, RunResult.Optimum[]> optima) {
    List<RunResult.Optimum[]> out = new ArrayList<>();
    for (int seed : sc.seeds) {
      RunResult.Optimum[] o = optima.get(OracleFile.key(sc, seed));
      if (o == null) {
        throw new IllegalArgumentException("no stored optimum for " + sc.name + " seed " + seed
            + " (edited scenario?): run without --stored-oracle");
      }
      out.add(o);
    }
    return out;
  }

  private static double[] round(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = Double.isInfinite(v[i]) ? v[i] : Math.round(v[i] * 1000) / 1000.0;
    }
    return r;
  }

  private static String req(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
