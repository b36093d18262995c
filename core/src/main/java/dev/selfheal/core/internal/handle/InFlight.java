package dev.selfheal.core.internal.handle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The calls in flight on one instance, and whether new ones may still enter: a striped counter with a
 * closed bit in each stripe, in the manner of an epoch guard.
 *
 * <pre>{@code
 *   OPEN ──close()──► CLOSED ──(every stripe's count is 0)──► QUIESCENT
 *    │ enter(): count+1, admitted      │ enter(): refused (the count is restored)
 *    │ exit(stripe): count-1           │ exit(stripe): count-1; the last one wakes the closer
 * }</pre>
 *
 * Each stripe is one {@code long}: {@code count << 1 | closed}. A caller's thread picks a stripe by its id,
 * so two threads rarely share a cache line.
 *
 * <p><b>Memory ordering.</b> {@code enter} is a {@code getAndAdd} on its stripe (the linearization point):
 * it either sees the closed bit, or its increment is ordered before the {@code getAndBitwiseOr} that sets
 * the bit on that stripe, and so is seen by the closer's later volatile reads. Hence once {@link #close()}
 * returns, no call enters, and {@link #awaitQuiescent} returns only when every admitted call has exited.
 *
 * <p><b>Progress.</b> {@code enter} and {@code exit} are wait-free (one atomic add each, no allocation, no
 * lock). {@code awaitQuiescent} parks the closer; it is bounded by the caller's deadline and interruption.
 *
 * <p><b>Callers must</b> call {@link #exit(int)} exactly once, with the stripe returned, for every
 * {@link #enter()} that returned a stripe (not {@code -1}).
 */
final class InFlight {
  private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
  /** 16 longs = 128 bytes between stripes: two cache lines, against adjacent-line prefetch. */
  private static final int STRIDE = 16;
  private static final int STRIPES = stripes();

  /** Stripe k at index (k + 1) * STRIDE: the first STRIDE slots keep the array's header (its length, read by
   * every bounds check) off the cache line of a written stripe. */
  private final long[] cells = new long[(STRIPES + 1) * STRIDE];
  private volatile Thread closer;

  /**
   * Twice the processors (at least 16, at most 64; a power of two), so that threads picked by id seldom
   * share a stripe: 2 KB per instance at 16.
   */
  private static int stripes() {
    int n = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() - 1)) << 2;
    return Math.max(16, Math.min(n, 64));
  }

  /** Admits a call: its stripe, or -1 once closed. */
  int enter() {
    int i = index();
    long old = (long) CELLS.getAndAdd(cells, i, 2L);
    if ((old & 1L) != 0) {
      exit(i);
      return -1;
    }
    return i;
  }

  /** Ends a call admitted on {@code stripe}. */
  void exit(int stripe) {
    long old = (long) CELLS.getAndAdd(cells, stripe, -2L);
    if (old == 3L) { // closed, and this was the stripe's last call: the closer may be waiting
      Thread t = closer;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /** Refuses every later {@link #enter()}. Idempotent. */
  void close() {
    for (int i = STRIDE; i < cells.length; i += STRIDE) {
      CELLS.getAndBitwiseOr(cells, i, 1L);
    }
  }

  boolean closed() {
    return ((long) CELLS.getVolatile(cells, STRIDE) & 1L) != 0;
  }

  /**
   * Calls in flight now: a sum of stripes read one after the other. Once closed it counts admitted calls
   * plus, for an instant, each refused {@code enter} (which adds and takes back its count), so it can only
   * overstate; it is exact once no thread calls {@code enter}.
   */
  long inFlight() {
    long n = 0;
    for (int i = STRIDE; i < cells.length; i += STRIDE) {
      n += (long) CELLS.getVolatile(cells, i) >>> 1;
    }
    return n;
  }

  /**
   * Closes, then waits until no call is in flight, for at most {@code timeoutNanos} (negative: forever).
   *
   * @return whether the instance is quiescent
   * @throws InterruptedException if interrupted while waiting (the supervisor's shutdown bound passed)
   */
  boolean awaitQuiescent(long timeoutNanos) throws InterruptedException {
    closer = Thread.currentThread(); // made visible BEFORE the close, so that the last exit sees it
    close();
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      while (inFlight() != 0) {
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while calls were in flight");
        }
        if (timeoutNanos < 0) {
          LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          // re-checked on wake-up; the 10 ms cap covers an exit that read 'closer' before it was set
          LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
        }
      }
      return true;
    } finally {
      closer = null;
    }
  }

  private static int index() {
    long id = Thread.currentThread().getId();
    return (((int) ((id * 0x9E3779B97F4A7C15L) >>> 58) & (STRIPES - 1)) + 1) * STRIDE;
  }
}
