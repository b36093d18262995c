package dev.selfheal.core.internal.supervisor;

import java.util.Arrays;

/**
 * The restart-intensity window of one supervisor: restart times (ticker nanos), newest last.
 *
 * <p>Rule (OTP's {@code add_restart}, with a nanosecond ticker): recording a restart at {@code now} first
 * drops every restart with {@code now - t > period} (so the edge {@code now - t == period} is kept, as
 * OTP keeps it), appends {@code now}, and reports <em>exceeded</em> when more than {@code maxRestarts}
 * remain.
 *
 * <p>Not thread-safe: owned by the supervisor's actor. {@link #published()} is a copy for readers.
 */
final class RestartWindow {
  private final int maxRestarts;
  private final long periodNanos;
  private long[] times = new long[4];
  private int size;
  private volatile long[] published = new long[0];

  RestartWindow(int maxRestarts, long periodNanos) {
    this.maxRestarts = maxRestarts;
    this.periodNanos = periodNanos;
  }

  /** Records a restart at {@code now}; returns true if the window now holds more than maxRestarts. */
  boolean record(long now) {
    evict(now);
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
    }
    times[size++] = now;
    published = Arrays.copyOf(times, size);
    return size > maxRestarts;
  }

  /** Whether recording a restart at {@code now} would exceed, without recording it (dry-run). */
  boolean wouldExceed(long now) {
    return countAt(published, now, periodNanos) + 1 > maxRestarts;
  }

  /** Restarts in the window at {@code now}; safe from any thread. */
  int count(long now) {
    return countAt(published, now, periodNanos);
  }

  long[] published() {
    return published;
  }

  private void evict(long now) {
    int drop = 0;
    while (drop < size && now - times[drop] > periodNanos) {
      drop++;
    }
    if (drop > 0) {
      System.arraycopy(times, drop, times, 0, size - drop);
      size -= drop;
    }
  }

  static int countAt(long[] times, long now, long periodNanos) {
    int n = 0;
    for (long t : times) {
      if (now - t <= periodNanos) {
        n++;
      }
    }
    return n;
  }
}
