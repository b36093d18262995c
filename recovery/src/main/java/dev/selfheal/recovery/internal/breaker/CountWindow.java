package dev.selfheal.recovery.internal.breaker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A COUNT_BASED window: the last {@code size} recorded calls, by position. The position of a call is the number of
 * calls recorded in this window up to and including it. Positions are grouped in buckets of
 * {@code k = ceil(size / 64)} calls ({@code k = 1}, exact, up to 64 calls); the window at position {@code P} is every
 * bucket holding one of the positions {@code (P - size, P]}, so it spans {@code size} to {@code size + k - 1} calls,
 * and its call count is exactly the positions those buckets cover up to {@code P}. See {@link SlidingWindow} for the
 * concurrency contract.
 *
 * <pre>{@code
 *   failure or slow call:  calls.increment(); p = claim(max(calls.sum(), last + 1)) by CAS on last;
 *                          failures[bucket(p)] += 1; evaluate at position()
 *   success:               exact ? (calls.incrementVolatile(); evaluate at position()) : calls.increment()
 *   position() = max(calls.sum(), last)
 * }</pre>
 *
 * <p><b>Why a claimed position.</b> {@code calls.sum()} is not a snapshot, so two failures recorded at once could read
 * the same sum and both land at one position: a 1-call window then held two failures (and read calls=2). The CAS on
 * {@code last} gives every failure and slow call a position of its own, in the order of the CAS, never below the
 * calls it has seen. So a bucket never holds more notable outcomes than it has positions. Single-threaded, the claimed
 * position is {@code calls.sum()}, as before. A position may run ahead of {@code calls.sum()} by the notable outcomes
 * in flight, until their own increments are summed.
 *
 * <p><b>Why every evaluation reads {@link #position()}</b> rather than its own position: a notable outcome registers
 * its bucket after claiming its position, so a later claimer may evaluate before an earlier one has registered. Each
 * evaluates after its own registration at the newest position, and reads that position again after the buckets, so
 * of two racing outcomes the one that sees the other's bucket entry also counts its position: no verdict is missed
 * once the outcomes in flight have landed.
 *
 * <p>This class is thread-safe.
 */
final class CountWindow extends SlidingWindow {
  static final int MAX_BUCKETS = 64;
  private static final VarHandle LAST;

  static {
    try {
      LAST = MethodHandles.lookup().findVarHandle(CountWindow.class, "last", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long size;
  private final long bucketCalls;
  /** The newest position claimed by a failure or slow call (0: none yet). */
  @SuppressWarnings("unused") // accessed through LAST
  private volatile long last;

  CountWindow(int size) {
    super(slots(size));
    this.size = size;
    this.bucketCalls = bucketCalls(size);
  }

  private static long bucketCalls(int size) {
    return (size + MAX_BUCKETS - 1) / MAX_BUCKETS;
  }

  /** The buckets a window can span, plus one: the partial oldest bucket and the newest. */
  private static int slots(int size) {
    long k = bucketCalls(size);
    return (int) ((size + k - 1) / k) + 1;
  }

  /** The position only grows, so once an evaluation counted the minimum, no success can complete it again. */
  @Override
  WindowCounts recordSuccess() {
    if (exact()) {
      calls.incrementVolatile(); // then reads the buckets: see SlidingWindow's memory ordering
      return countsNow();
    }
    calls.increment();
    return null;
  }

  @Override
  WindowCounts recordNotable(boolean failure, boolean slow) {
    calls.increment();
    countNotable((claimPosition() - 1) / bucketCalls, failure, slow);
    return countsNow();
  }

  @Override
  WindowCounts counts() {
    return position() <= 0 ? WindowCounts.EMPTY : countsNow();
  }

  /**
   * The counts at the newest position. The position is read again after the buckets: a bucket entry seen there whose
   * position the first read missed (it claimed in between) is then counted with its call.
   */
  private WindowCounts countsNow() {
    long position = Math.max(1, position());
    WindowCounts counts = countsAt(position);
    long again = position();
    return again > position ? countsAt(again) : counts;
  }

  /** The newest position: every call summed so far, and every position claimed. */
  private long position() {
    return Math.max(calls.sum(), (long) LAST.getVolatile(this));
  }

  /** A position of this notable outcome's own (see the class javadoc); includes this call's increment. */
  private long claimPosition() {
    for (;;) {
      long claimed = (long) LAST.getVolatile(this);
      long mine = Math.max(Math.max(1, calls.sum()), claimed + 1);
      if (LAST.compareAndSet(this, claimed, mine)) {
        return mine;
      }
    }
  }

  private WindowCounts countsAt(long position) {
    long lastBucket = (position - 1) / bucketCalls;
    long first = (Math.max(1, position - size + 1) - 1) / bucketCalls;
    long inWindow = position - first * bucketCalls;
    return WindowCounts.of(inWindow, failuresIn(first, lastBucket), slowCallsIn(first, lastBucket));
  }
}
