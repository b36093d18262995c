package dev.selfheal.recovery.internal.breaker;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A ring of counters, each tagged with the bucket it counts, packed in one {@code long}: [tag:32 | count:32].
 *
 * <p><b>Purpose.</b> Counts failures and slow calls per window bucket without a lock and without ever having to
 * clear a bucket: a slot holding an older tag is simply overwritten by the first increment of a newer bucket.
 *
 * <pre>{@code
 *   slot (tag t, count c) --add(bucket t)--------------> (t, c + 1)        c saturates at 2^32 - 1
 *   slot (tag t, count c) --add(bucket u, u newer)-----> (u, 1)            recycles the slot
 *   slot (tag t, count c) --add(bucket u, u older)-----> unchanged         u has already left the window
 * }</pre>
 *
 * <p><b>Memory ordering.</b> Every change is a {@code compareAndSet} on the slot (volatile semantics); reads are
 * volatile. Tags compare modulo 2^32, so a slot is mistaken for a bucket 2^32 buckets older than it only if it
 * was untouched for that long, which the ring sizes make impossible in practice.
 *
 * <p><b>Progress.</b> {@link #add} is lock-free (a CAS loop that fails only when another thread changed the
 * slot). Callers must size the ring so that the buckets they read at once map to distinct slots.
 *
 * <p>This class is thread-safe.
 */
final class TaggedCounters {
  private static final long COUNT_MASK = 0xFFFF_FFFFL;

  private final AtomicLongArray slots;
  private final int size;

  TaggedCounters(int size) {
    this.size = size;
    this.slots = new AtomicLongArray(size);
  }

  /** Counts one event in {@code bucket} (a non-negative bucket number). */
  void add(long bucket) {
    int index = (int) (bucket % size);
    int tag = (int) bucket;
    for (;;) {
      long v = slots.get(index);
      int current = (int) (v >>> 32);
      long next;
      if (current == tag) {
        if ((v & COUNT_MASK) == COUNT_MASK) {
          return; // saturated
        }
        next = v + 1;
      } else if (tag - current > 0) {
        next = ((long) tag << 32) | 1L;
      } else {
        return; // the slot already counts a newer bucket: this one has left the window
      }
      if (slots.compareAndSet(index, v, next)) {
        return;
      }
    }
  }

  /** The count of {@code bucket}, 0 if its slot counts another bucket. */
  long count(long bucket) {
    long v = slots.get((int) (bucket % size));
    return (int) (v >>> 32) == (int) bucket ? v & COUNT_MASK : 0L;
  }

  /** The sum of the counts of buckets {@code from..to} inclusive. */
  long sum(long from, long to) {
    long total = 0;
    for (long b = Math.max(0, from); b <= to; b++) {
      total += count(b);
    }
    return total;
  }
}
