package dev.selfheal.bench.nab;

import dev.selfheal.probes.anomaly.AnomalyDetector;
import dev.selfheal.probes.anomaly.AnomalyDetectorConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs our {@link AnomalyDetector} on the NAB corpus under NAB's rules, writes its results in NAB's layout
 * and scores them with {@link NabScorer}.
 *
 * <ul>
 *   <li>Each of the 58 files streams through a <em>fresh</em> detector, one sample at a time, with the one
 *       parameter set given (no look-ahead, no per-file or per-category tuning).
 *   <li>The detector is given no per-file minimum or maximum (a live metric has none), so the score printed is
 *       the headline score; NAB would allow them, our detector does not use them.
 *   <li>Results go to {@code <out>/<detector>/<category>/<detector>_<file>.csv} with the columns
 *       {@code timestamp,value,anomaly_score,label} ({@code label} 1 inside an anomaly window, else 0), the
 *       layout and columns NAB's own detection step writes and its scorer reads
 *       ({@code benchmarks/nab/official-score.sh} runs NAB's scorer on them).
 * </ul>
 *
 * <p>Run from the repository root:
 * <pre>{@code
 * mvn -B -ntp -q -pl benchmarks -am package -DskipTests && \
 *   java -cp benchmarks/target/benchmarks.jar dev.selfheal.bench.nab.NabRunner benchmarks/nab benchmarks/target/nab-results
 * }</pre>
 */
public final class NabRunner {
  /** The detector's name in the results layout. */
  public static final String DETECTOR = "selfheal";

  private NabRunner() {}

  /**
   * Arguments: the corpus directory (default {@code benchmarks/nab}), the results directory (default none),
   * and {@code --per-file} to print where each profile's points are won and lost, per file and per category.
   */
  public static void main(String[] args) {
    List<String> positional = new ArrayList<>();
    boolean perFile = false;
    for (String a : args) {
      if (a.equals("--per-file")) {
        perFile = true;
      } else if (a.startsWith("--")) {
        throw new IllegalArgumentException("unknown option " + a + "; the only option is --per-file");
      } else {
        positional.add(a);
      }
    }
    Path corpusDir = Path.of(positional.size() > 0 ? positional.get(0) : "benchmarks/nab");
    Path out = positional.size() > 1 ? Path.of(positional.get(1)) : null;
    NabCorpus corpus = NabCorpus.load(corpusDir);
    AnomalyDetectorConfig config = AnomalyDetectorConfig.ofDefaults();
    long start = System.nanoTime();
    List<double[]> scores = run(corpus, config);
    long nanos = System.nanoTime() - start;
    if (out != null) {
      write(corpus, scores, out, DETECTOR);
    }
    NabScorer scorer = NabScorer.of(corpus);
    Map<String, NabScorer.Result> results = scorer.score(scores);
    System.out.println("detector " + DETECTOR + " " + config);
    System.out.printf(Locale.ROOT, "%d samples in %.2f s%n", corpus.files().stream()
        .mapToInt(NabCorpus.DataFile::length).sum(), nanos / 1e9);
    for (NabScorer.Result r : results.values()) {
      System.out.printf(Locale.ROOT, "%-20s %6.2f  (threshold %.6f, raw %.3f)%n", r.profile().name(),
          r.normalized(), r.threshold(), r.raw());
    }
    if (perFile) {
      for (NabScorer.Result r : results.values()) {
        printPerFile(scorer.perFile(scores, r.profile(), r.threshold()), r);
      }
    }
    if (out != null) {
      System.out.println("results written under " + out.resolve(DETECTOR));
    }
  }

  private static void printPerFile(List<NabScorer.FileResult> files, NabScorer.Result r) {
    System.out.printf(Locale.ROOT, "%n%s at threshold %.6f%n%-52s %8s %4s %4s %4s %8s%n", r.profile().name(),
        r.threshold(), "file", "raw", "det", "miss", "fp", "fpCost");
    Map<String, double[]> categories = new java.util.TreeMap<>();
    for (NabScorer.FileResult f : files) {
      System.out.printf(Locale.ROOT, "%-52s %8.3f %4d %4d %4d %8.3f%n", f.key(), f.raw(), f.detected(), f.missed(),
          f.falsePositives(), f.falsePositiveCost());
      double[] c = categories.computeIfAbsent(f.key().substring(0, f.key().indexOf('/')), k -> new double[5]);
      c[0] += f.raw();
      c[1] += f.detected();
      c[2] += f.missed();
      c[3] += f.falsePositives();
      c[4] += f.falsePositiveCost();
    }
    System.out.printf(Locale.ROOT, "%-52s %8s %4s %4s %4s %8s%n", "category", "raw", "det", "miss", "fp", "fpCost");
    for (Map.Entry<String, double[]> e : categories.entrySet()) {
      double[] c = e.getValue();
      System.out.printf(Locale.ROOT, "%-52s %8.3f %4d %4d %4d %8.3f%n", e.getKey(), c[0], (int) c[1], (int) c[2],
          (int) c[3], c[4]);
    }
  }

  /** Streams every file through a fresh detector with {@code config}; the scores in corpus order. */
  public static List<double[]> run(NabCorpus corpus, AnomalyDetectorConfig config) {
    List<double[]> scores = new ArrayList<>();
    for (NabCorpus.DataFile file : corpus.files()) {
      AnomalyDetector detector = AnomalyDetector.create(config);
      double[] values = file.values();
      double[] s = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        s[i] = detector.score(values[i]);
      }
      scores.add(s);
    }
    return scores;
  }

  /** Writes {@code scores} in NAB's results layout under {@code out}. */
  public static void write(NabCorpus corpus, List<double[]> scores, Path out, String detector) {
    for (int f = 0; f < corpus.files().size(); f++) {
      NabCorpus.DataFile file = corpus.files().get(f);
      Path path = out.resolve(detector).resolve(file.category())
          .resolve(detector + "_" + file.baseName() + ".csv");
      try {
        Files.createDirectories(path.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
          w.write("timestamp,value,anomaly_score,label\n");
          double[] s = scores.get(f);
          int[][] windows = file.windows();
          int next = 0;
          for (int i = 0; i < s.length; i++) {
            while (next < windows.length && windows[next][1] < i) {
              next++;
            }
            boolean inWindow = next < windows.length && windows[next][0] <= i;
            w.write(file.timestamps()[i]);
            w.write(',');
            w.write(number(file.values()[i]));
            w.write(',');
            w.write(Double.toString(s[i]));
            w.write(inWindow ? ",1\n" : ",0\n");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + path, e);
      }
    }
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
