package dev.selfheal.bench.sim;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

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
    StringBuilder optima = new StringBuilder(OracleFile.HEADER);
    int met = 0;
    List<String> lost = new ArrayList<>();
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
        });
        System.out.print(Comparison.table(r));
        optima.append(OracleFile.lines(r));
        Comparison.Row ours = r.rows().get(0);
        int wins = 0;
        int anchors = 0;
        for (Comparison.Row row : r.rows().subList(1, r.rows().size())) {
          if (!row.limiter().equals("unlimited")) {
            anchors++;
            if (Comparison.wins(ours, row)) {
              wins++;
            } else {
              lost.add(sc.name + " vs " + row.limiter());
            }
          }
        }
        met += Comparison.meetsTargets(ours) ? 1 : 0;
        System.out.printf("targets %s; wins %d/%d; oracle runs %d; %.1f s wall%n%n",
            Comparison.meetsTargets(ours) ? "met" : "NOT met", wins, anchors, r.oracleRuns(),
            (System.nanoTime() - t0) / 1e9);
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf("targets met in %d of %d scenarios; not won: %s%n", met, scenarios.size(), lost);
    if (oracleFile != null) {
      Files.writeString(oracleFile, optima.toString(), StandardCharsets.UTF_8);
    }
  }

  private static String req(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
