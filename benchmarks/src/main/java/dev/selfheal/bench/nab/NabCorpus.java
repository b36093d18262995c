package dev.selfheal.bench.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The NAB corpus read from disk: the 58 data files in the order of {@code labels/combined_windows.json},
 * each with its timestamps, values and anomaly windows turned into row indices.
 *
 * <p>Timestamps are compared as {@link LocalDateTime} values, as NAB does after pandas has parsed both the
 * data files ({@code 2014-04-10 07:15:00}) and the labels ({@code 2014-04-10 07:15:00.000000}).
 *
 * <p>This class is immutable and thread-safe once loaded.
 */
public final class NabCorpus {

  /**
   * One data file.
   *
   * @param key the path relative to {@code data/}, for example {@code realKnownCause/nyc_taxi.csv}
   * @param timestamps the raw timestamp column, as written in the file
   * @param epochSeconds the same timestamps as seconds since the epoch, read as UTC
   * @param values the value column
   * @param windows the anomaly windows, each {@code {firstRow, lastRow}} inclusive, in time order
   */
  public record DataFile(String key, String[] timestamps, long[] epochSeconds, double[] values,
      int[][] windows) {

    /** The category directory, for example {@code realKnownCause}. */
    public String category() {
      return key.substring(0, key.indexOf('/'));
    }

    /** The file name without directory and without {@code .csv}, for example {@code nyc_taxi}. */
    public String baseName() {
      return key.substring(key.indexOf('/') + 1, key.length() - ".csv".length());
    }

    /** The number of rows. */
    public int length() {
      return values.length;
    }

    /** The smallest value of the file (NAB's permitted {@code inputMin}). */
    public double min() {
      double m = Double.POSITIVE_INFINITY;
      for (double v : values) {
        m = Math.min(m, v);
      }
      return m;
    }

    /** The largest value of the file (NAB's permitted {@code inputMax}). */
    public double max() {
      double m = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        m = Math.max(m, v);
      }
      return m;
    }
  }

  private final Path root;
  private final List<DataFile> files;

  private NabCorpus(Path root, List<DataFile> files) {
    this.root = root;
    this.files = List.copyOf(files);
  }

  /** Loads the corpus under {@code root} (which holds {@code data/}, {@code labels/}, {@code config/}). */
  public static NabCorpus load(Path root) {
    Object labels = MiniJson.parse(read(root.resolve("labels/combined_windows.json")));
    List<DataFile> files = new ArrayList<>();
    for (Map.Entry<String, Object> e : asMap(labels).entrySet()) {
      files.add(readFile(root, e.getKey(), asList(e.getValue())));
    }
    return new NabCorpus(root, files);
  }

  /** The directory the corpus was loaded from. */
  public Path root() {
    return root;
  }

  /** The data files, in the order of the labels file. */
  public List<DataFile> files() {
    return files;
  }

  /**
   * The stored {@code anomaly_score} column of a published detector, read from
   * {@code reference/<detector>/<category>/<file>.scores.gz} (one value a line), in the corpus' order.
   */
  public List<double[]> referenceScores(String detector) {
    List<double[]> scores = new ArrayList<>();
    for (DataFile file : files) {
      Path path = root.resolve("reference").resolve(detector).resolve(file.category())
          .resolve(file.baseName() + ".scores.gz");
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          new GZIPInputStream(Files.newInputStream(path)), StandardCharsets.UTF_8))) {
        double[] s = new double[file.length()];
        int i = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isBlank()) {
            if (i == s.length) {
              throw new IllegalArgumentException(path + " has more rows than " + file.key());
            }
            s[i++] = Double.parseDouble(line.trim());
          }
        }
        if (i != s.length) {
          throw new IllegalArgumentException(path + " has " + i + " rows, " + file.key() + " " + s.length);
        }
        scores.add(s);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }
    return scores;
  }

  private static DataFile readFile(Path root, String key, List<Object> windowLimits) {
    List<String> lines;
    try {
      lines = Files.readAllLines(root.resolve("data").resolve(key), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read NAB data file " + key, e);
    }
    int n = lines.size() - 1;
    String[] timestamps = new String[n];
    long[] epoch = new long[n];
    double[] values = new double[n];
    Map<LocalDateTime, Integer> rowOf = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      String line = lines.get(i + 1);
      int comma = line.indexOf(',');
      timestamps[i] = line.substring(0, comma);
      values[i] = Double.parseDouble(line.substring(comma + 1).trim());
      LocalDateTime t = parseTime(timestamps[i]);
      epoch[i] = t.toEpochSecond(ZoneOffset.UTC);
      rowOf.putIfAbsent(t, i);
    }
    int[][] windows = new int[windowLimits.size()][];
    for (int w = 0; w < windows.length; w++) {
      List<Object> limits = asList(windowLimits.get(w));
      windows[w] = new int[] {row(rowOf, key, limits.get(0)), row(rowOf, key, limits.get(1))};
    }
    return new DataFile(key, timestamps, epoch, values, windows);
  }

  private static int row(Map<LocalDateTime, Integer> rowOf, String key, Object timestamp) {
    Integer row = rowOf.get(parseTime((String) timestamp));
    if (row == null) {
      throw new IllegalArgumentException("window limit " + timestamp + " is no row of " + key);
    }
    return row;
  }

  static LocalDateTime parseTime(String s) {
    return LocalDateTime.parse(s.trim().replace(' ', 'T'));
  }

  static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object json) {
    return (Map<String, Object>) json;
  }

  @SuppressWarnings("unchecked")
  static List<Object> asList(Object json) {
    return (List<Object>) json;
  }
}
