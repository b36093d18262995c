package dev.selfheal.core.internal.metrics;

import dev.selfheal.core.DurationHistogram;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-bucket, log-linear histogram of durations in nanoseconds: bounded memory, no allocation per record.
 *
 * <p><b>Purpose.</b> Keeps the distribution of healing durations (time to recovery) for the whole life of a
 * tree in a constant 180 longs, whatever the number of episodes. Each power of two from 2<sup>20</sup> ns
 * (about 1 ms) to 2<sup>42</sup> ns (about 73 min) is cut into {@value #SUB_BUCKETS} equal sub-buckets, so a
 * bucket's width is at most 1/8 of its lower bound (12.5 % relative error, HdrHistogram's idea at a
 * fixed, low precision). Values below 2<sup>20</sup> ns share the first bucket; values from 2<sup>42</sup> ns
 * up share the last (the maximum is still exact).
 *
 * <pre>{@code
 *   value v ──► bucket i ──► counts[i]++ , sum += v , max = max(max, v)
 *   (record is the only transition; the histogram never forgets)
 * }</pre>
 *
 * <p><b>Memory ordering.</b> Each count is an atomic increment; sum and max are atomic. A {@link #snapshot()}
 * reads the counts one by one with volatile reads, so under concurrent records it may miss the records in
 * flight; its total count is the sum of the counts it read, so percentiles are always computed over a
 * consistent set of buckets (the sum and the max may run ahead of them by the records in flight). Each
 * figure alone is linearizable; the three together are not (LogLinearHistogramLincheckTest).
 *
 * <p><b>Progress.</b> {@link #record(long)} is lock-free (three atomic updates; the max is a CAS loop that
 * only retries when another record raised it) and allocates nothing. {@link #snapshot()} allocates one array.
 *
 * <p><b>Callers must</b> pass durations, never negative values (a negative value is counted as 0).
 */
public final class LogLinearHistogram {
  /** Sub-buckets per power of two. */
  public static final int SUB_BUCKETS = 8;

  private static final int SUB_BITS = 3;
  private static final int MIN_EXPONENT = 20;
  private static final int MAX_EXPONENT = 42;
  private static final int BUCKETS = (MAX_EXPONENT - MIN_EXPONENT) * SUB_BUCKETS + 2;
  private static final long[] UPPER_BOUNDS = upperBounds();

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final AtomicLong sum = new AtomicLong();
  private final AtomicLong max = new AtomicLong();

  /** Records one duration. */
  public void record(long nanos) {
    long v = Math.max(0, nanos);
    counts.incrementAndGet(index(v));
    sum.addAndGet(v);
    long m = max.get();
    while (v > m && !max.compareAndSet(m, v)) {
      m = max.get(); // racy, but the race is benign: only a larger value can win
    }
  }

  /** The sum recorded so far (package-private: the model check reads it without walking the buckets). */
  long totalNanosNow() {
    return sum.get();
  }

  /** The largest value recorded so far (package-private, as above). */
  long maxNanosNow() {
    return max.get();
  }

  /** The bucket of {@code nanos} (package-private for tests). */
  static int index(long nanos) {
    if (nanos < (1L << MIN_EXPONENT)) {
      return 0;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(nanos);
    if (exponent >= MAX_EXPONENT) {
      return BUCKETS - 1;
    }
    int sub = (int) ((nanos >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
    return 1 + (exponent - MIN_EXPONENT) * SUB_BUCKETS + sub;
  }

  /** The exclusive upper bound of bucket {@code i} in nanoseconds ({@link Long#MAX_VALUE} for the last). */
  static long upperBound(int i) {
    return UPPER_BOUNDS[i];
  }

  static int buckets() {
    return BUCKETS;
  }

  private static long[] upperBounds() {
    long[] b = new long[BUCKETS];
    b[0] = 1L << MIN_EXPONENT;
    for (int i = 1; i < BUCKETS - 1; i++) {
      int exponent = MIN_EXPONENT + (i - 1) / SUB_BUCKETS;
      int sub = (i - 1) % SUB_BUCKETS;
      b[i] = (1L << exponent) + (long) (sub + 1) * (1L << (exponent - SUB_BITS));
    }
    b[BUCKETS - 1] = Long.MAX_VALUE;
    return b;
  }

  /** A copy of the current figures. */
  public DurationHistogram snapshot() {
    long[] c = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      c[i] = counts.get(i);
      total += c[i];
    }
    return new Snapshot(c, total, sum.get(), max.get());
  }

  /** An immutable copy; percentiles answer the upper bound of the bucket that holds them (capped at the max). */
  private record Snapshot(long[] counts, long count, long totalNanos, long maxNanos) implements DurationHistogram {
    @Override
    public long percentileNanos(double p) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("p must be in [0, 1], was " + p);
      }
      if (count == 0) {
        return 0;
      }
      long rank = Math.max(1, (long) Math.ceil(p * count));
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) {
          return Math.min(UPPER_BOUNDS[i], maxNanos);
        }
      }
      return maxNanos;
    }

    @Override
    public long countAtOrBelow(long nanos) {
      long n = 0;
      for (int i = 0; i < counts.length && UPPER_BOUNDS[i] <= nanos + 1; i++) {
        n += counts[i];
      }
      return n;
    }
  }
}
