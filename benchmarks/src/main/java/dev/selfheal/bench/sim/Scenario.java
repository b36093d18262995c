package dev.selfheal.bench.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A simulation scenario as data: the server model, the arrival process, the options of ADAPTIVE-LIMITS.md
 * section 4.3 and the phase changes, parsed from a small text format (or from {@code key=value} arguments).
 *
 * <pre>
 * # S2a: capacity halves (workers), then returns
 * name = S2a
 * model = fifo              # fifo (M/G/c FIFO) | ps (processor sharing with USL contention)
 * workers = 16
 * service.mean = 10ms
 * rate = 1.5mu              # per second, or a multiple of the first phase's capacity (mu)
 * at 60s: workers = 8
 * at 120s: workers = 16
 * </pre>
 *
 * <p>Keys (defaults in brackets): {@code name}, {@code model} [fifo], {@code workers} [16], {@code service.mean}
 * [10ms], {@code service.dist} exp|lognormal|fixed [exp], {@code service.cv} [1, lognormal only],
 * {@code service.tail.p} [0] and {@code service.tail.x} [10] (a share of calls that take x times longer),
 * {@code noise.sigma} [0] (multiplicative lognormal noise), {@code ps.mu1} [100/s], {@code ps.sigma} [0.02],
 * {@code ps.kappa} [0.0005], {@code arrival} poisson|mmpp|batch [poisson], {@code rate}, {@code mmpp.on.rate},
 * {@code mmpp.off.rate}, {@code mmpp.on.mean} [200ms], {@code mmpp.off.mean} [800ms], {@code batch.mean} [10],
 * {@code duration} [180s], {@code warmup} [10s], {@code deadline} [max(1 s, 20 service.mean)],
 * {@code deadline.mode} server|client [server], {@code gc.pause} [0], {@code gc.period} [5s], {@code gc.poisson}
 * [false], {@code dependency} none|nonblocking|blocking [none], {@code dependency.delay} [0], {@code seeds}
 * [1-5]. Phase lines {@code at T: k = v, k = v} change {@code workers}, {@code service.mean}, {@code rate} or
 * {@code dependency.delay} from time T on. Times are whole seconds where metrics need it (phases, warmup).
 *
 * <p>This class is immutable.
 */
public final class Scenario {

  /** Server model. */
  public enum Model { FIFO, PS }

  /** Service demand distribution (mean 1 before scaling). */
  public enum Dist { EXP, LOGNORMAL, FIXED }

  /** Arrival process. */
  public enum Arrival { POISSON, MMPP, BATCH }

  /** Dependency stage variant. */
  public enum Dependency { NONE, NONBLOCKING, BLOCKING }

  /** The parameters that may change between phases. */
  public record Settings(int workers, long serviceMeanNanos, double rate, long dependencyNanos) {}

  /** A phase: from {@code startNanos} on, {@code settings} hold. */
  public record Phase(long startNanos, Settings settings) {}

  public final String name;
  public final Model model;
  public final Dist dist;
  public final double cv;
  public final double tailP;
  public final double tailX;
  public final double noiseSigma;
  public final double psMu1;
  public final double psSigma;
  public final double psKappa;
  public final Arrival arrival;
  public final double mmppOnRate;
  public final double mmppOffRate;
  public final long mmppOnMean;
  public final long mmppOffMean;
  public final double batchMean;
  public final long duration;
  public final long warmup;
  public final long deadline;
  public final boolean clientDeadline;
  public final long gcPause;
  public final long gcPeriod;
  public final boolean gcPoisson;
  public final Dependency dependency;
  public final List<Integer> seeds;
  public final List<Phase> phases;
  /** The text this scenario was parsed from, normalised ({@code key = value} lines). */
  public final String source;

  private Scenario(Map<String, String> kv, List<Map.Entry<Long, Map<String, String>>> changes, String source) {
    Map<String, String> m = new LinkedHashMap<>(kv);
    this.source = source;
    name = take(m, "name", "scenario");
    model = Model.valueOf(take(m, "model", "fifo").toUpperCase(Locale.ROOT));
    dist = Dist.valueOf(take(m, "service.dist", "exp").toUpperCase(Locale.ROOT));
    cv = num(m, "service.cv", "1");
    tailP = num(m, "service.tail.p", "0");
    tailX = num(m, "service.tail.x", "10");
    noiseSigma = num(m, "noise.sigma", "0");
    psMu1 = num(m, "ps.mu1", "100");
    psSigma = num(m, "ps.sigma", "0.02");
    psKappa = num(m, "ps.kappa", "0.0005");
    arrival = Arrival.valueOf(take(m, "arrival", "poisson").toUpperCase(Locale.ROOT));
    int workers = (int) num(m, "workers", "16");
    long mean = time(take(m, "service.mean", "10ms"), "service.mean");
    long dep = time(take(m, "dependency.delay", "0"), "dependency.delay");
    double mu0 = capacity(workers, mean);
    double rate = rate(take(m, "rate", "1mu"), mu0, "rate");
    mmppOnRate = rate(take(m, "mmpp.on.rate", "3mu"), mu0, "mmpp.on.rate");
    mmppOffRate = rate(take(m, "mmpp.off.rate", "0.5mu"), mu0, "mmpp.off.rate");
    mmppOnMean = time(take(m, "mmpp.on.mean", "200ms"), "mmpp.on.mean");
    mmppOffMean = time(take(m, "mmpp.off.mean", "800ms"), "mmpp.off.mean");
    batchMean = num(m, "batch.mean", "10");
    duration = time(take(m, "duration", "180s"), "duration");
    warmup = time(take(m, "warmup", "10s"), "warmup");
    long defDeadline = Math.max(1_000_000_000L, 20 * mean);
    deadline = time(take(m, "deadline", defDeadline + "ns"), "deadline");
    clientDeadline = take(m, "deadline.mode", "server").equalsIgnoreCase("client");
    gcPause = time(take(m, "gc.pause", "0"), "gc.pause");
    gcPeriod = time(take(m, "gc.period", "5s"), "gc.period");
    gcPoisson = Boolean.parseBoolean(take(m, "gc.poisson", "false"));
    dependency = Dependency.valueOf(take(m, "dependency", "none").toUpperCase(Locale.ROOT));
    seeds = seeds(take(m, "seeds", "1-5"));
    if (!m.isEmpty()) {
      throw new IllegalArgumentException("unknown scenario key(s) " + m.keySet() + " in " + name);
    }
    if (warmup % 1_000_000_000L != 0 || duration % 1_000_000_000L != 0) {
      throw new IllegalArgumentException("warmup and duration must be whole seconds in " + name);
    }
    List<Phase> ps = new ArrayList<>();
    Settings cur = new Settings(workers, mean, rate, dep);
    ps.add(new Phase(0, cur));
    for (Map.Entry<Long, Map<String, String>> c : changes) {
      Map<String, String> ch = new LinkedHashMap<>(c.getValue());
      if (c.getKey() % 1_000_000_000L != 0 || c.getKey() <= ps.get(ps.size() - 1).startNanos()
          || c.getKey() >= duration) {
        throw new IllegalArgumentException("phase times must be whole seconds, increasing, inside the run; was "
            + c.getKey() / 1e9 + " s in " + name);
      }
      cur = new Settings((int) num(ch, "workers", String.valueOf(cur.workers())),
          time(take(ch, "service.mean", cur.serviceMeanNanos() + "ns"), "service.mean"),
          rate(take(ch, "rate", cur.rate() + ""), mu0, "rate"),
          time(take(ch, "dependency.delay", cur.dependencyNanos() + "ns"), "dependency.delay"));
      if (!ch.isEmpty()) {
        throw new IllegalArgumentException("unknown phase key(s) " + ch.keySet() + " in " + name);
      }
      ps.add(new Phase(c.getKey(), cur));
    }
    phases = List.copyOf(ps);
  }

  /** Parses the text format (see the class comment); {@code overrides} ({@code key=value}) win. */
  public static Scenario parse(String text, List<String> overrides) {
    Map<String, String> kv = new LinkedHashMap<>();
    List<Map.Entry<Long, Map<String, String>>> changes = new ArrayList<>();
    StringBuilder norm = new StringBuilder();
    List<String> lines = new ArrayList<>(List.of(text.split("\n")));
    lines.addAll(overrides);
    for (String raw : lines) {
      int hash = raw.indexOf('#');
      String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("at ")) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("phase line needs 'at T: k = v', was: " + line);
        }
        long at = time(line.substring(3, colon).trim(), "at");
        Map<String, String> ch = new LinkedHashMap<>();
        for (String part : line.substring(colon + 1).split(",")) {
          String[] p = pair(part, line);
          ch.put(p[0], p[1]);
        }
        changes.removeIf(e -> e.getKey() == at);
        changes.add(Map.entry(at, ch));
        changes.sort(Map.Entry.comparingByKey());
      } else {
        String[] p = pair(line, line);
        kv.put(p[0], p[1]);
      }
    }
    kv.forEach((k, v) -> norm.append(k).append(" = ").append(v).append('\n'));
    changes.forEach(c -> norm.append("at ").append(c.getKey() / 1_000_000_000L).append("s: ")
        .append(String.join(", ", c.getValue().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
            .toList())).append('\n'));
    return new Scenario(kv, changes, norm.toString());
  }

  public static Scenario load(Path file, List<String> overrides) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), overrides);
  }

  /** One of the shipped scenarios ({@code S1}, {@code S1-ps}, {@code S2a}, ...), from the classpath. */
  public static Scenario builtin(String id, List<String> overrides) {
    try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/" + id + ".scenario")) {
      if (in == null) {
        throw new IllegalArgumentException("no built-in scenario " + id + "; known: " + BUILTIN);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), overrides);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The shipped scenarios, in report order. */
  public static final List<String> BUILTIN = List.of("S1", "S1-ps", "S2a", "S2b", "S3a", "S3b", "S4", "S4b", "S5",
      "S5b", "S6", "S7", "S8");

  /** Capacity in calls per second of the given settings (FIFO: c / s; PS: the USL peak). */
  public double capacity(Settings s) {
    if (model == Model.PS) {
      int n = (int) Math.round(Math.sqrt((1 - psSigma) / psKappa));
      return usl(n);
    }
    long hold = s.serviceMeanNanos() + (dependency == Dependency.BLOCKING ? s.dependencyNanos() : 0);
    return capacity(s.workers(), hold);
  }

  /** USL throughput {@code X(n)} in calls per second. */
  public double usl(int n) {
    return psMu1 * n / (1 + psSigma * (n - 1) + psKappa * n * (n - 1.0));
  }

  /** The analytic optimal limit of section 4.4 ({@code true_Lopt}). */
  public double analyticLimit(Settings s) {
    if (model == Model.PS) {
      return Math.sqrt((1 - psSigma) / psKappa);
    }
    if (dependency == Dependency.NONBLOCKING) {
      double ok = Math.min(s.rate(), capacity(s));
      return s.workers() + ok * s.dependencyNanos() / 1e9;
    }
    return s.workers();
  }

  /** The phase in force at {@code t}. */
  public int phaseAt(long t) {
    int i = 0;
    while (i + 1 < phases.size() && phases.get(i + 1).startNanos() <= t) {
      i++;
    }
    return i;
  }

  /** Where phase {@code i}'s metrics start (the warmup for the first) and end. */
  public long metricsStart(int i) {
    return i == 0 ? warmup : phases.get(i).startNanos();
  }

  public long phaseEnd(int i) {
    return i + 1 < phases.size() ? phases.get(i + 1).startNanos() : duration;
  }

  /** The steady part of a phase: its last half, rounded down to whole seconds. */
  public long steadyStart(int i) {
    long s = metricsStart(i);
    long e = phaseEnd(i);
    long mid = s + (e - s) / 2;
    return mid / 1_000_000_000L * 1_000_000_000L;
  }

  private static double capacity(int workers, long meanNanos) {
    return workers * 1e9 / meanNanos;
  }

  private static String take(Map<String, String> m, String key, String def) {
    String v = m.remove(key);
    return v == null ? def : v;
  }

  private static double num(Map<String, String> m, String key, String def) {
    String v = take(m, key, def);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, was '" + v + "'");
    }
  }

  private static double rate(String v, double mu0, String key) {
    try {
      if (v.endsWith("mu")) {
        return Double.parseDouble(v.substring(0, v.length() - 2)) * mu0;
      }
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a rate per second or a multiple of mu, was '" + v + "'");
    }
  }

  static long time(String v, String key) {
    String s = v.trim();
    double f;
    String unit;
    int i = 0;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == 'E'
        || s.charAt(i) == '-')) {
      i++;
    }
    try {
      f = Double.parseDouble(s.substring(0, i));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a duration such as 10ms, was '" + v + "'");
    }
    unit = s.substring(i).trim();
    double mult;
    switch (unit) {
      case "ns": mult = 1; break;
      case "us": mult = 1e3; break;
      case "ms": mult = 1e6; break;
      case "s": case "": mult = unit.isEmpty() && f != 0 ? Double.NaN : 1e9; break;
      default: mult = Double.NaN;
    }
    if (Double.isNaN(mult) || f < 0) {
      throw new IllegalArgumentException(key + " must be a duration with a unit (ns, us, ms, s), was '" + v + "'");
    }
    return Math.round(f * mult);
  }

  private static List<Integer> seeds(String v) {
    List<Integer> out = new ArrayList<>();
    for (String part : v.split(",")) {
      String p = part.trim();
      int dash = p.indexOf('-');
      if (dash > 0) {
        for (int s = Integer.parseInt(p.substring(0, dash)); s <= Integer.parseInt(p.substring(dash + 1)); s++) {
          out.add(s);
        }
      } else {
        out.add(Integer.parseInt(p));
      }
    }
    return List.copyOf(out);
  }

  private static String[] pair(String part, String line) {
    int eq = part.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("expected 'key = value', was: " + line);
    }
    return new String[] {part.substring(0, eq).trim(), part.substring(eq + 1).trim()};
  }
}
