package dev.selfheal.core.internal.supervisor;

import java.util.Arrays;

/**
 * The restart-intensity window of one supervisor: restart times (ticker nanos), oldest first.
 *
 * <p>Rule (OTP's {@code add_restart}, with a nanosecond ticker): recording a restart at {@code now} first
 * drops every restart with {@code now - t > period} (so the edge {@code now - t == period} is kept, as
 * OTP keeps it), appends {@code now}, and reports <em>exceeded</em> when more than {@code maxRestarts}
 * remain.
 *
 * <p>Written only by the supervisor's actor; each record publishes a fresh immutable array, so readers on
 * other threads (snapshots) count from a consistent copy without a lock. Restarts are rare: the copy is cheap.
 */
final class RestartWindow {
  private final int maxRestarts;
  private final long periodNanos;
  private volatile long[] times = new long[0];

  RestartWindow(int maxRestarts, long periodNanos) {
    this.maxRestarts = maxRestarts;
    this.periodNanos = periodNanos;
  }

  /** Records a restart at {@code now}; returns true if the window now holds more than maxRestarts. Actor only. */
  boolean record(long now) {
    long[] old = times;
    int keepFrom = 0;
    while (keepFrom < old.length && now - old[keepFrom] > periodNanos) {
      keepFrom++;
    }
    long[] next = Arrays.copyOfRange(old, keepFrom, old.length + 1);
    next[next.length - 1] = now;
    times = next;
    return next.length > maxRestarts;
  }

  /** Whether recording a restart at {@code now} would exceed, without recording it (dry-run). */
  boolean wouldExceed(long now) {
    return count(now) + 1 > maxRestarts;
  }

  /** Restarts in the window at {@code now}; safe from any thread. */
  int count(long now) {
    int n = 0;
    for (long t : times) {
      if (now - t <= periodNanos) {
        n++;
      }
    }
    return n;
  }
}
