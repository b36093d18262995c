package dev.selfheal.bench.sim;

/**
 * A log-linear latency histogram: 64 sub-buckets per power of two (about 1.6 % relative resolution), values in
 * nanoseconds up to about 2^40. Deterministic and mergeable. Not thread-safe.
 */
final class Histogram {
  private static final int SUB = 64;
  private static final int SIZE = 40 * SUB;
  private final int[] counts = new int[SIZE];
  private long total;

  void add(long v) {
    counts[index(Math.max(0, v))]++;
    total++;
  }

  void addAll(Histogram h) {
    for (int i = 0; i < SIZE; i++) {
      counts[i] += h.counts[i];
    }
    total += h.total;
  }

  long count() {
    return total;
  }

  /** The value at quantile {@code q} (midpoint of its bucket), or 0 when empty. */
  long quantile(double q) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < SIZE; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return mid(i);
      }
    }
    return mid(SIZE - 1);
  }

  private static int index(long v) {
    if (v < SUB) {
      return (int) v;
    }
    int e = 63 - Long.numberOfLeadingZeros(v); // >= 6
    int sub = (int) ((v >>> (e - 6)) & (SUB - 1));
    return Math.min(SIZE - 1, (e - 5) * SUB + sub);
  }

  private static long mid(int i) {
    if (i < SUB) {
      return i;
    }
    int e = i / SUB + 5;
    long sub = i % SUB;
    long lo = (SUB + sub) << (e - 6);
    return lo + (1L << (e - 6)) / 2;
  }
}
