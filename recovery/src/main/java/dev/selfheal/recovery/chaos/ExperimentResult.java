package dev.selfheal.recovery.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an {@link ExperimentRunner} measured: per repetition the detection time (fault fired → first healing
 * decision in the journal) and the recovery time (fault fired → the serving check passes again after the
 * detection), their percentiles, the healing actions the journal recorded, and the load generator's outcome
 * of every request sent during the experiment.
 *
 * @param name        the experiment's name
 * @param soak        whether it was a soak (no fault)
 * @param runs        one entry per repetition (empty for a soak)
 * @param detection   percentiles of the detection times measured
 * @param recovery    percentiles of the recovery times measured
 * @param actions     healing and fault records, as {@code "kind path: decision"} → how many times, in first-seen order
 * @param restarts    {@code child.restart} records (restart decisions)
 * @param breakerOpenings {@code circuit.transition} records to OPEN
 * @param load        the load generator's counts over the experiment (null without a load generator)
 * @param failures    the requests that failed or were lost during the experiment (at most
 *                    {@link LoadGenerator#MAX_FAILURES_KEPT})
 * @param elapsed     how long the experiment ran
 */
public record ExperimentResult(String name, boolean soak, List<Run> runs, Stats detection, Stats recovery,
    Map<String, Integer> actions, long restarts, long breakerOpenings, LoadGenerator.Counts load,
    List<LoadGenerator.Failure> failures, Duration elapsed) {

  /**
   * One repetition.
   *
   * @param faultId        the injection's id; empty if none was made
   * @param detectionNanos fault fired → first healing decision; -1 if none was seen within the timeout
   * @param recoveryNanos  fault fired → serving again; -1 if not within the timeout
   * @param note           why a figure is missing; empty when both were measured
   */
  public record Run(int index, String faultId, long detectionNanos, long recoveryNanos, String note) {}

  /**
   * Nearest-rank percentiles of the measured values; all zero when {@code count} is 0.
   *
   * @param count how many values were measured
   */
  public record Stats(int count, Duration p50, Duration p99, Duration p999, Duration max) {
    static Stats of(long[] nanos) {
      if (nanos.length == 0) {
        return new Stats(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
      }
      long[] s = nanos.clone();
      Arrays.sort(s);
      return new Stats(s.length, rank(s, 0.50), rank(s, 0.99), rank(s, 0.999), Duration.ofNanos(s[s.length - 1]));
    }

    private static Duration rank(long[] sorted, double q) {
      int i = (int) Math.ceil(q * sorted.length) - 1;
      return Duration.ofNanos(sorted[Math.max(0, Math.min(sorted.length - 1, i))]);
    }

    /** {@code "p50 0.21 ms, p99 0.48 ms, p99.9 0.48 ms, max 0.48 ms (n=200)"}. */
    @Override
    public String toString() {
      if (count == 0) {
        return "not measured";
      }
      return "p50 " + millis(p50) + ", p99 " + millis(p99) + ", p99.9 " + millis(p999) + ", max " + millis(max)
          + " (n=" + count + ")";
    }
  }

  /**
   * Copies the runs, actions and failures.
   *
   * @param name the experiment's name
   * @param soak whether it was a soak (no fault)
   * @param runs one entry per repetition (empty for a soak)
   * @param detection percentiles of the detection times measured
   * @param recovery percentiles of the recovery times measured
   * @param actions healing and fault records, as {@code "kind path: decision"} → how many times, in first-seen order
   * @param restarts {@code child.restart} records (restart decisions)
   * @param breakerOpenings {@code circuit.transition} records to OPEN
   * @param load the load generator's counts over the experiment (null without a load generator)
   * @param failures the requests that failed or were lost during the experiment (at most {@link LoadGenerator#MAX_FAILURES_KEPT})
   * @param elapsed how long the experiment ran
   */
  public ExperimentResult {
    runs = List.copyOf(runs);
    actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
    failures = List.copyOf(failures);
  }

  /** {@return repetitions whose fault was detected and healed} */
  public long recovered() {
    return runs.stream().filter(r -> r.recoveryNanos() >= 0).count();
  }

  /** {@return requests that failed or were lost} */
  public long requestsLost() {
    return load == null ? 0 : load.failed() + load.lost();
  }

  /**
   * Human-readable lines: figures, actions and the failed or lost requests (at most {@code maxFailures}).
   *
   * @param maxFailures how many failed or lost requests to list
   * @return the lines
   */
  public List<String> describe(int maxFailures) {
    List<String> out = new ArrayList<>();
    if (soak) {
      out.add("soak " + millis(elapsed) + ": " + restarts + " restarts, " + breakerOpenings + " breaker openings");
    } else {
      out.add("repetitions " + runs.size() + ", recovered " + recovered());
      out.add("detection (fault -> first healing decision): " + detection);
      out.add("recovery  (fault -> healthy and serving):    " + recovery);
    }
    if (load != null) {
      out.add("requests: " + load.sent() + " sent, " + load.succeeded() + " succeeded, " + load.failed() + " failed, "
          + load.lost() + " lost");
    }
    actions.forEach((k, v) -> out.add("  " + (v > 1 ? v + " x " : "") + k));
    runs.stream().filter(r -> !r.note().isEmpty()).limit(maxFailures)
        .forEach(r -> out.add("  repetition " + r.index() + ": " + r.note()));
    failures.stream().limit(maxFailures).forEach(f -> out.add("  request #" + f.request() + " " + f.outcome()
        .name().toLowerCase(Locale.ROOT) + ": " + f.detail()));
    if (failures.size() > maxFailures) {
      out.add("  ... and " + (failures.size() - maxFailures) + " more failed or lost requests");
    }
    return out;
  }

  /**
   * A fixed-width table of results, one line each, with a header.
   *
   * @param results the results, one line each
   * @return the table
   */
  public static String table(List<ExperimentResult> results) {
    String fmt = "%-34s %5s %12s %12s %12s %12s %9s %9s %6s%n";
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "experiment", "runs", "detect p50",
        "detect p99", "recover p50", "recover p99", "restarts", "opened", "lost"));
    for (ExperimentResult r : results) {
      sb.append(String.format(Locale.ROOT, fmt, r.name(), r.soak ? "soak" : r.recovered() + "/" + r.runs().size(),
          r.soak ? "-" : millis(r.detection().p50()), r.soak ? "-" : millis(r.detection().p99()),
          r.soak ? "-" : millis(r.recovery().p50()), r.soak ? "-" : millis(r.recovery().p99()), r.restarts(),
          r.breakerOpenings(), r.load() == null ? "-" : String.valueOf(r.requestsLost())));
    }
    return sb.toString();
  }

  /**
   * {@code "0.213 ms"}, or {@code "1234 ms"} from a second up.
   *
   * @param d the duration
   * @return the text
   */
  public static String millis(Duration d) {
    long n = d.toNanos();
    return n >= 1_000_000_000L ? (n / 1_000_000) + " ms" : String.format(Locale.ROOT, "%.3f ms", n / 1e6);
  }
}
