package dev.selfheal.bench.nab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's scorer (numenta/NAB v1.1 {@code sweeper.py}, {@code optimizer.py}, {@code runner.py}), restated
 * from {@code SCORING.md}; {@code NabScorerTest} proves it against the published results.
 *
 * <ol>
 *   <li><b>Probation.</b> The first {@code min(floor(0.15 N), 750)} rows of a file are not scored.
 *   <li><b>Row weights.</b> A row inside a window of {@code width} rows ending at {@code right} is worth
 *       {@code A_TP σ(-(right - i + 1) / width) / σ(-1)} if it detects; a row outside is worth
 *       {@code A_FP σ(|prevRight - i| / (prevWidth - 1))}, or {@code -A_FP} before the first window, with the
 *       scaled sigmoid {@code σ(y) = 2 / (1 + e^{5y}) - 1}, and {@code σ(y) = -1} for {@code y >= 3}.
 *   <li><b>Score at a threshold θ.</b> Rows with {@code score >= θ} detect. Each window counts its best
 *       (earliest) detecting row, or {@code -A_FN} when none detects; every detecting row outside the
 *       windows adds its (negative) weight.
 *   <li><b>One threshold for the whole corpus.</b> All scored rows of all files are swept from the highest
 *       score down, the corpus score is evaluated at each distinct score (and at 1.1, where nothing
 *       detects), and the best is kept; ties keep the highest threshold, as NAB's stable sort does.
 *   <li><b>Normalisation.</b> {@code 100 (S - S_null) / (S_perfect - S_null)}, with {@code S_perfect =
 *       A_TP × windows} and {@code S_null} the same sweep of the null detector (all scores 0).
 * </ol>
 *
 * <p>This class is immutable and thread-safe.
 */
public final class NabScorer {

  /**
   * One application profile of {@code config/profiles.json}. NAB reads {@code tnWeight} but never uses it,
   * so it is not kept.
   */
  public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {}

  /**
   * The score of one detector under one profile.
   *
   * @param threshold the corpus-wide threshold that maximises the raw score
   * @param raw the raw score at that threshold
   * @param normalized NAB's reported score, 100 for a perfect detector and 0 for the null detector
   */
  public record Result(Profile profile, double threshold, double raw, double normalized) {}

  /**
   * One file's share of a profile's raw score at a given threshold: where the points are won and lost.
   *
   * @param key the data file, such as {@code realKnownCause/nyc_taxi.csv}
   * @param raw the file's raw score (its windows' values plus its false positives' costs)
   * @param detected windows with at least one detecting row
   * @param missed windows without any
   * @param falsePositives detecting rows outside the windows, after the probation
   * @param falsePositiveCost their summed (negative) weight
   */
  public record FileResult(String key, double raw, int detected, int missed, int falsePositives,
      double falsePositiveCost) {}

  private static final double PROBATION_FRACTION = 0.15;
  private static final double PROBATION_CAP_ROWS = 5000;
  private static final double NOTHING_DETECTS = 1.1;

  private final NabCorpus corpus;
  private final List<Profile> profiles;
  /** Per file and row: the window's corpus-wide number, or -1 outside windows, or -2 in probation. */
  private final int[][] windowOf;
  /** Per file and row: the scaled sigmoid of the row's position, before the profile's weight. */
  private final double[][] sigma;
  private final int windowCount;

  public NabScorer(NabCorpus corpus, List<Profile> profiles) {
    this.corpus = corpus;
    this.profiles = List.copyOf(profiles);
    List<NabCorpus.DataFile> files = corpus.files();
    windowOf = new int[files.size()][];
    sigma = new double[files.size()][];
    int next = 0;
    for (int f = 0; f < files.size(); f++) {
      next = label(files.get(f), f, next);
    }
    windowCount = next;
  }

  /** A scorer of {@code corpus} under the profiles in its {@code config/profiles.json}. */
  public static NabScorer of(NabCorpus corpus) {
    return new NabScorer(corpus, readProfiles(corpus.root().resolve("config/profiles.json")));
  }

  /** Reads NAB's {@code profiles.json}, in file order. */
  public static List<Profile> readProfiles(Path file) {
    List<Profile> list = new ArrayList<>();
    for (Map.Entry<String, Object> e : NabCorpus.asMap(MiniJson.parse(NabCorpus.read(file))).entrySet()) {
      Map<String, Object> cost = NabCorpus.asMap(NabCorpus.asMap(e.getValue()).get("CostMatrix"));
      list.add(new Profile(e.getKey(), (Double) cost.get("tpWeight"), (Double) cost.get("fpWeight"),
          (Double) cost.get("fnWeight")));
    }
    return list;
  }

  /** The profiles this scorer reports, in order. */
  public List<Profile> profiles() {
    return profiles;
  }

  /** The number of anomaly windows that count (those not inside a probationary period). */
  public int windowCount() {
    return windowCount;
  }

  /** NAB's probationary length of a file of {@code rows} rows (a row index below it is not scored). */
  static double probationaryLength(int rows) {
    return Math.min(Math.floor(PROBATION_FRACTION * rows), PROBATION_FRACTION * PROBATION_CAP_ROWS);
  }

  /** NAB's scaled sigmoid. */
  static double scaledSigmoid(double y) {
    if (y >= 3.0) {
      return -1.0;
    }
    return 2 / (1 + Math.exp(5 * y)) - 1.0;
  }

  private int label(NabCorpus.DataFile file, int f, int firstWindowNumber) {
    int n = file.length();
    int[] win = new int[n];
    double[] sig = new double[n];
    double probation = probationaryLength(n);
    int[][] windows = file.windows();
    int nextWindow = 0;
    int current = -1;
    int prevRight = -1;
    int prevWidth = 0;
    int number = firstWindowNumber;
    boolean counted = false;
    for (int i = 0; i < n; i++) {
      if (nextWindow < windows.length && windows[nextWindow][0] == i) {
        current = nextWindow++;
        counted = false;
      }
      if (current >= 0) {
        int right = windows[current][1];
        double width = right - windows[current][0] + 1;
        sig[i] = scaledSigmoid(-(right - i + 1) / width);
      } else {
        sig[i] = scaledSigmoid(prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / (double) (prevWidth - 1));
      }
      if (i < probation) {
        win[i] = -2;
      } else if (current >= 0) {
        if (!counted) {
          counted = true;
          number++;
        }
        win[i] = number - 1;
      } else {
        win[i] = -1;
      }
      if (current >= 0 && windows[current][1] == i) {
        prevRight = i;
        prevWidth = windows[current][1] - windows[current][0] + 1;
        current = -1;
      }
    }
    windowOf[f] = win;
    sigma[f] = sig;
    return number;
  }

  /**
   * Scores one detector.
   *
   * @param scores per data file, in the corpus' order, the detector's {@code anomaly_score} of each row
   * @return the result per profile, keyed by profile name, in profile order
   * @throws IllegalArgumentException if a file is missing, has the wrong length, or a score is outside [0, 1]
   */
  public Map<String, Result> score(List<double[]> scores) {
    validate(scores);
    Sweep detector = new Sweep(scores);
    Sweep nullDetector = new Sweep(zeros());
    Map<String, Result> results = new LinkedHashMap<>();
    for (Profile p : profiles) {
      double[] best = detector.best(p);
      double sNull = nullDetector.best(p)[1];
      double perfect = p.tpWeight() * windowCount;
      results.put(p.name(), new Result(p, best[0], best[1], 100 * (best[1] - sNull) / (perfect - sNull)));
    }
    return results;
  }

  /**
   * Each file's share of {@code profile}'s raw score at {@code threshold} (rows with a score at or above it
   * detect), in corpus order; the shares add up to the corpus' raw score at that threshold.
   *
   * @throws IllegalArgumentException like {@link #score}
   */
  public List<FileResult> perFile(List<double[]> scores, Profile profile, double threshold) {
    validate(scores);
    double maxTp = scaledSigmoid(-1.0);
    List<FileResult> out = new ArrayList<>();
    for (int f = 0; f < windowOf.length; f++) {
      double[] s = scores.get(f);
      Map<Integer, Double> best = new LinkedHashMap<>();
      int fp = 0;
      double fpCost = 0;
      for (int i = 0; i < s.length; i++) {
        int w = windowOf[f][i];
        if (w >= 0) {
          best.putIfAbsent(w, -profile.fnWeight());
          if (s[i] >= threshold) {
            best.merge(w, sigma[f][i] * profile.tpWeight() / maxTp, Math::max);
          }
        } else if (w == -1 && s[i] >= threshold) {
          fp++;
          fpCost += sigma[f][i] * profile.fpWeight();
        }
      }
      int detected = 0;
      double windows = 0;
      for (double v : best.values()) {
        windows += v;
        detected += v > -profile.fnWeight() ? 1 : 0;
      }
      out.add(new FileResult(corpus.files().get(f).key(), windows + fpCost, detected, best.size() - detected, fp,
          fpCost));
    }
    return out;
  }

  private List<double[]> zeros() {
    List<double[]> z = new ArrayList<>();
    for (NabCorpus.DataFile file : corpus.files()) {
      z.add(new double[file.length()]);
    }
    return z;
  }

  private void validate(List<double[]> scores) {
    List<NabCorpus.DataFile> files = corpus.files();
    if (scores.size() != files.size()) {
      throw new IllegalArgumentException("scores for " + scores.size() + " files, the corpus has " + files.size());
    }
    for (int f = 0; f < files.size(); f++) {
      double[] s = scores.get(f);
      if (s.length != files.get(f).length()) {
        throw new IllegalArgumentException(files.get(f).key() + ": " + s.length + " scores for "
            + files.get(f).length() + " rows");
      }
      for (int i = 0; i < s.length; i++) {
        if (!(s[i] >= 0 && s[i] <= 1)) {
          throw new IllegalArgumentException(files.get(f).key() + " row " + i + ": anomaly_score " + s[i]
              + " is outside [0, 1]");
        }
      }
    }
  }

  /** The scored rows of the whole corpus, sorted by score, highest first. */
  private final class Sweep {
    private final double[] score;
    private final double[] sig;
    private final int[] window;

    Sweep(List<double[]> scores) {
      int total = 0;
      for (int[] w : windowOf) {
        for (int x : w) {
          total += x == -2 ? 0 : 1;
        }
      }
      double[] s = new double[total];
      double[] g = new double[total];
      int[] w = new int[total];
      int k = 0;
      for (int f = 0; f < windowOf.length; f++) {
        for (int i = 0; i < windowOf[f].length; i++) {
          if (windowOf[f][i] != -2) {
            s[k] = scores.get(f)[i];
            g[k] = sigma[f][i];
            w[k] = windowOf[f][i];
            k++;
          }
        }
      }
      Integer[] order = new Integer[total];
      for (int i = 0; i < total; i++) {
        order[i] = i;
      }
      // Stable: equal scores keep the corpus order, as Python's sorted(reverse=True) does.
      Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
      score = new double[total];
      sig = new double[total];
      window = new int[total];
      for (int i = 0; i < total; i++) {
        score[i] = s[order[i]];
        sig[i] = g[order[i]];
        window[i] = w[order[i]];
      }
    }

    /** {@code {threshold, raw score}} of the best threshold under {@code p}. */
    double[] best(Profile p) {
      double maxTp = scaledSigmoid(-1.0);
      double[] windowBest = new double[windowCount];
      Arrays.fill(windowBest, -p.fnWeight());
      double fp = 0;
      double windows = -p.fnWeight() * windowCount;
      double threshold = NOTHING_DETECTS;
      double bestThreshold = threshold;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int i = 0; i <= score.length; i++) {
        if (i == score.length || score[i] != threshold) {
          double total = fp + windows;
          if (total > bestScore) {
            bestScore = total;
            bestThreshold = threshold;
          }
          if (i == score.length) {
            break;
          }
          threshold = score[i];
        }
        if (window[i] < 0) {
          fp += sig[i] * p.fpWeight();
        } else {
          double v = sig[i] * p.tpWeight() / maxTp;
          if (v > windowBest[window[i]]) {
            windows += v - windowBest[window[i]];
            windowBest[window[i]] = v;
          }
        }
      }
      return new double[] {bestThreshold, bestScore};
    }
  }
}
