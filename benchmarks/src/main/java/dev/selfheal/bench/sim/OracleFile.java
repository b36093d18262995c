package dev.selfheal.bench.sim;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The oracle's optima as text, so that a test can score our limiter without re-running the oracle's grid:
 * {@code scenario,sourceHash,seed,phase,limit,goodput,p99Nanos}. The hash is that of the scenario's normalised
 * source: an entry for an edited scenario is refused rather than silently reused.
 */
public final class OracleFile {
  static final String HEADER =
      "# scenario,sourceHash,seed,phase,limit,goodput,p99Nanos (AdaptiveLimitBench --oracle-file)\n";

  private OracleFile() {}

  static String lines(Comparison.Result r) {
    StringBuilder b = new StringBuilder();
    Scenario sc = r.scenario();
    for (Comparison.Row row : r.rows()) {
      if (NetflixLimiters.deterministic(row.limiter()) && !row.limiter().equals(Comparison.OURS.name())
          && !row.limiter().equals("unlimited")) {
        b.append(String.format(Locale.ROOT, "anchor,%s,%08x,%s,%.6f,%.6f,%.1f,%.6f%n", sc.name, sc.source.hashCode(),
            row.limiter(), row.goodputRatio(), row.p99Ratio(), row.convergeOutcome(), row.oscAmplitude()));
      }
    }
    for (int s = 0; s < sc.seeds.size(); s++) {
      RunResult.Optimum[] o = r.optima().get(s);
      for (int i = 0; i < o.length; i++) {
        b.append(String.format(Locale.ROOT, "%s,%08x,%d,%d,%d,%.4f,%.1f%n", sc.name, sc.source.hashCode(),
            sc.seeds.get(s), i, o[i].limit(), o[i].goodput(), o[i].p99Nanos()));
      }
    }
    return b.toString();
  }

  /** Parses the file into {@code "scenario/hash/seed" -> optima per phase}. */
  public static Map<String, RunResult.Optimum[]> parse(String text) {
    Map<String, RunResult.Optimum[]> out = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("anchor,")) {
        continue;
      }
      String[] f = line.split(",");
      String key = key(f[0], f[1], Integer.parseInt(f[2]));
      int phase = Integer.parseInt(f[3]);
      RunResult.Optimum[] o = out.get(key);
      if (o == null || o.length <= phase) {
        RunResult.Optimum[] grown = new RunResult.Optimum[phase + 1];
        if (o != null) {
          System.arraycopy(o, 0, grown, 0, o.length);
        }
        o = grown;
        out.put(key, o);
      }
      o[phase] = new RunResult.Optimum(Integer.parseInt(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
    }
    return out;
  }

  /**
   * The deterministic anchors' rows (medians over the seeds) for {@code sc}: limiter, goodput ratio, p99
   * ratio, outcome convergence (infinite: did not converge), oscillation amplitude.
   */
  public static java.util.List<Comparison.Row> anchors(String text, Scenario sc) {
    java.util.List<Comparison.Row> out = new java.util.ArrayList<>();
    String hash = String.format(Locale.ROOT, "%08x", sc.source.hashCode());
    for (String line : text.split("\n")) {
      String[] f = line.split(",");
      if (f.length == 8 && f[0].equals("anchor") && f[1].equals(sc.name) && f[2].equals(hash)) {
        out.add(new Comparison.Row(f[3], Double.parseDouble(f[4]), Double.NaN, Double.NaN, Double.parseDouble(f[5]),
            Double.NaN, Double.parseDouble(f[6]), Double.NaN, Double.parseDouble(f[7]), Double.NaN, Double.NaN,
            java.util.List.of()));
      }
    }
    return out;
  }

  /** The key of a scenario's seed in {@link #parse}'s map. */
  public static String key(Scenario sc, int seed) {
    return key(sc.name, String.format(Locale.ROOT, "%08x", sc.source.hashCode()), seed);
  }

  private static String key(String name, String hash, int seed) {
    return name + "/" + hash + "/" + seed;
  }
}
