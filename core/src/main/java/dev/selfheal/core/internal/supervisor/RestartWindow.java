package dev.selfheal.core.internal.supervisor;

/**
 * The restart-intensity window of one supervisor: restart times (ticker nanos), oldest first, in a ring
 * that never holds more than {@code maxRestarts + 1} of them.
 *
 * <p>Rule (OTP's {@code add_restart}, with a nanosecond ticker): recording a restart at {@code now} first
 * drops every restart with {@code now - t > period} (so the edge {@code now - t == period} is kept, as
 * OTP keeps it), appends {@code now}, and reports <em>exceeded</em> when more than {@code maxRestarts}
 * remain. Only whether more than {@code maxRestarts} remain matters, so when the ring is full the oldest
 * entry is dropped before appending: the answer is the same as with the whole history, and a record costs
 * O(1) amortised with no copy, however long the history (at most {@code maxRestarts + 1} slots, grown on
 * demand so that a huge {@code maxRestarts} costs nothing up front).
 *
 * <p>Actor-owned and not thread-safe: snapshots read {@link #count} inside the actor when they publish.
 */
final class RestartWindow {
  private final int maxRestarts;
  private final long periodNanos;
  private long[] ring;
  private int head;
  private int size;

  RestartWindow(int maxRestarts, long periodNanos) {
    this.maxRestarts = maxRestarts;
    this.periodNanos = periodNanos;
    this.ring = new long[(int) Math.min(capacityLimit(), 8)];
  }

  private long capacityLimit() {
    return (long) maxRestarts + 1;
  }

  /** Records a restart at {@code now}; returns true if the window now holds more than maxRestarts. */
  boolean record(long now) {
    expire(now);
    if (size == capacityLimit()) {
      head = (head + 1) % ring.length;
      size--;
    } else if (size == ring.length) {
      grow();
    }
    ring[(head + size) % ring.length] = now;
    size++;
    return size > maxRestarts;
  }

  /** Whether recording a restart at {@code now} would exceed; records nothing. */
  boolean wouldExceed(long now) {
    return count(now) + 1 > maxRestarts;
  }

  /** Whether recording {@code cost} restarts at {@code now} would exceed (a recovery plan's cost); records nothing. */
  boolean wouldExceed(long now, int cost) {
    return (long) count(now) + cost > maxRestarts;
  }

  /**
   * Restarts in the window at {@code now}, at most maxRestarts + 1. Drops the expired ones on the way:
   * the ticker is monotonic, so an entry expired at {@code now} is expired for every later question, and
   * dropping it changes no answer (which keeps {@link #wouldExceed} a read, as the policy needs).
   */
  int count(long now) {
    expire(now);
    return size;
  }

  /** The number of timestamps held (never more than maxRestarts + 1). */
  int held() {
    return size;
  }

  /** An independent copy (dry-run's shadow window). */
  RestartWindow copy() {
    RestartWindow c = new RestartWindow(maxRestarts, periodNanos);
    c.ring = ring.clone();
    c.head = head;
    c.size = size;
    return c;
  }

  private void expire(long now) {
    while (size > 0 && now - ring[head] > periodNanos) {
      head = (head + 1) % ring.length;
      size--;
    }
  }

  private void grow() {
    int next = (int) Math.min(capacityLimit(), (long) ring.length * 2);
    long[] bigger = new long[next];
    for (int i = 0; i < size; i++) {
      bigger[i] = ring[(head + i) % ring.length];
    }
    ring = bigger;
    head = 0;
  }
}
