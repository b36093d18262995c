package dev.selfheal.core.internal.handle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The calls in flight on one instance, and whether new ones may still enter: a closed flag and, per stripe, a
 * count that one thread owns (hazard-pointer style: a plain write and one fence on entry, a release store on
 * exit) plus a shared count for the threads that find their stripe owned by another.
 *
 * <pre>{@code
 *   OPEN ──close()──► CLOSED ──(every count is 0)──► QUIESCENT
 *    │ enter(): count+1, admitted     │ enter(): refused (a racing one takes its count back)
 *    │ exit(token): count-1           │ exit(token): count-1; a drained stripe wakes the closer
 * }</pre>
 *
 * A thread picks its stripe by its id. The first thread to enter on a stripe claims it (one CAS, once per
 * thread per instance; a stripe whose owner has terminated is claimed again); from then on its calls write
 * only that stripe's owned count, which no other thread writes. A thread that finds its stripe owned by
 * another counts on the stripe's shared count with atomic adds, as every call did before (issue #7's first
 * guard): correct, just dearer. A new instance gets a new guard: there is no reopen, so that a call left
 * inside an abandoned instance (its stop timed out) never delays the stop of the next one.
 *
 * <p><b>Memory ordering.</b> The protocol is Dekker's, on volatile accesses (sequentially consistent in the
 * Java memory model):
 * <pre>{@code
 *   enter (owner):  count_i = c + 1 (volatile store)  ; read closed (volatile)  -> refused if true
 *   enter (shared): getAndAdd(shared_i, +1)            ; read closed (volatile)  -> refused if true
 *   close:          closed = true (volatile store)
 *   awaitQuiescent: close ; read every count (volatile) until all are 0
 *   exit (owner):   count_i = c (release store)
 * }</pre>
 * In the total order of volatile accesses either the closer's write of {@code closed} comes before the
 * enter's read of it (the enter is refused), or the enter's write of its count comes before that read and so
 * before the closer's write and its later scan, which then sees the count (or a later value of it, written
 * by the exit of that very call: the owner is the count's only writer). Hence no call enters once
 * {@link #close()} has returned, and {@link #awaitQuiescent} returns true only when every admitted call has
 * exited. The exit's release store makes the call's own writes visible to the closer that reads it, so the
 * instance's {@code stop()} sees what its last calls did.
 *
 * <p><b>Why the entry keeps its fence (decided for #7).</b> The guarantee is exact: no call runs on an
 * instance whose {@code stop()} began. That is Dekker's problem, and each side needs a store-load fence:
 * with a release store and an acquire read, the caller's read of {@code closed} may pass its own count's
 * store, the closer's scan miss the count, and a call run on a stopping instance. The JMM orders a store
 * before a later load only through a volatile store (or a locked RMW) and a volatile load; Java 17 has no
 * asymmetric barrier that would let the rare closer pay for both sides (Linux {@code membarrier}; the JDK's
 * own shared-arena close uses a VM handshake with every thread, which a library cannot call). So the owner's
 * entry pays one locked instruction: in {@code HandleBenchmark} the {@code fence} row (these accesses alone
 * beside a direct call) is most of what the no-policy handle costs above the direct call, the JDK proxy and
 * the lookup the rest. Where the call's pipeline has a bulkhead, its CAS on the permits (a volatile write
 * the call pays anyway) could stand in for this fence: count before the interceptor with a plain store,
 * check {@code closed} after the CAS, and have the closer read the permits after closing (the CAS
 * synchronizes-with every later read of them, JLS 17.4.4). It was built and measured for #7: the handle
 * with breaker + bulkhead ran within 0.3 ns of the same with the guard's own fence (25.75 against 25.92
 * ns/op; that fence comes right after the bulkhead's and its counter's locked instructions, where it seems
 * to cost little), not worth a public SPI and a second entry protocol, so it is not here. A relaxed mode (a
 * grace period after closing instead of the count) was considered and is deliberately not offered: a grace
 * period is a guess, and a call past it would run on a stopped instance, the one thing a handle promises not
 * to do. Any scheme found later that is exact without the caller's fence needs a JMM argument as rigorous as
 * the one above before it replaces this one (lincheck's model checker explores interleavings under
 * sequential consistency only, so it cannot tell a missing fence, and on x86 a stress test cannot either:
 * the processor does not reorder a store with a later locked RMW).
 *
 * <p>A wake-up can be missed, not a call: an owner's exit reads {@code closed} without a fence after its
 * release store, so it may see it still false while the closer scanned the count before the store; the
 * closer then finds the stripe drained at its next scan, at most 1 ms later (it parks in growing steps from
 * 10 µs up to 1 ms).
 *
 * <p><b>Progress.</b> {@code enter} and {@code exit} are wait-free: no lock, no allocation, no loop; an
 * owner's call is one volatile store, one release store and a few plain reads; a claim is one CAS,
 * once per thread and instance.
 * {@code awaitQuiescent} first spins for up to 20 µs (a call in flight when its instance stops, such as the
 * crashed call unwinding, usually leaves within microseconds, and a parked closer's wake-up costs up to
 * milliseconds on a busy VM), then parks; it is bounded by the caller's deadline and interruption.
 *
 * <p><b>Callers must</b> call {@link #exit(int)} exactly once, <em>on the thread that entered</em>, with the
 * token returned, for every {@link #enter()} that returned a token (not {@code -1}). One closer at a time may
 * be in {@link #awaitQuiescent}.
 */
final class InFlight {
  private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle OWNERS = MethodHandles.arrayElementVarHandle(Thread[].class);
  private static final VarHandle CLOSED;

  static {
    try {
      CLOSED = MethodHandles.lookup().findVarHandle(InFlight.class, "closed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** 16 longs = 128 bytes between stripes: two cache lines, against adjacent-line prefetch. */
  private static final int STRIDE = 16;
  /** The shared count sits a cache line after the owned one, so a colliding thread does not share its line. */
  private static final int SHARED = 8;
  private static final int DEFAULT_STRIPES = stripes();
  private static final long MIN_PARK = TimeUnit.MICROSECONDS.toNanos(10);
  private static final long MAX_PARK = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long SPIN = TimeUnit.MICROSECONDS.toNanos(20);

  private final int mask;
  /**
   * Stripe k: owned count at (k + 1) * STRIDE, shared count SHARED later. The first STRIDE slots keep the
   * array's header (its length, read by every bounds check) off the cache line of a written count.
   */
  private final long[] cells;
  private final Thread[] owners;
  private volatile boolean closed; // read and written through CLOSED
  private volatile Thread closer;

  InFlight() {
    this(DEFAULT_STRIPES);
  }

  /** A guard of {@code stripes} stripes (a power of two): tests use 1 to make every thread but one share. */
  InFlight(int stripes) {
    if (stripes < 1 || Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException("stripes must be a power of two, was " + stripes);
    }
    this.mask = stripes - 1;
    this.cells = new long[(stripes + 1) * STRIDE];
    this.owners = new Thread[stripes];
  }

  /**
   * Twice the processors (at least 16, at most 64; a power of two), so that threads picked by id seldom
   * share a stripe: 2 KB per instance at 16.
   */
  private static int stripes() {
    int n = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() - 1)) << 2;
    return Math.max(16, Math.min(n, 64));
  }

  /** Admits a call: a token to give back to {@link #exit(int)}, or -1 once closed. */
  int enter() {
    Thread me = Thread.currentThread();
    int k = (int) ((me.getId() * 0x9E3779B97F4A7C15L) >>> 58) & mask; // not a method: see SupervisedHandle#route
    Thread owner = owners[k]; // racy, but the race is benign: a stale value only sends us to claim()
    int i = (k + 1) * STRIDE;
    if (owner != me && !claim(k, me)) {
      return enterShared(i + SHARED);
    }
    long c = cells[i]; // ours alone
    CELLS.setVolatile(cells, i, c + 1); // the fence that orders this store before the read of closed
    if ((boolean) CLOSED.getVolatile(this)) {
      CELLS.setRelease(cells, i, c);
      wake();
      return -1;
    }
    return i;
  }

  /**
   * The token of the call this thread entered last and has not exited (its {@link #enter()} returned one):
   * the owned count if this thread owns its stripe (enter claims before counting, and only the owner's death
   * frees a stripe), else the stripe's shared count.
   */
  int token() {
    Thread me = Thread.currentThread();
    int k = (int) ((me.getId() * 0x9E3779B97F4A7C15L) >>> 58) & mask;
    int i = (k + 1) * STRIDE;
    return owners[k] == me ? i : i + SHARED; // our own write if it is us
  }

  /** Takes stripe {@code k} for {@code me} if it is free or its owner has terminated. */
  private boolean claim(int k, Thread me) {
    Thread seen = (Thread) OWNERS.getVolatile(owners, k);
    if (seen == me) {
      return true; // our own claim, read stale above
    }
    // a terminated owner's last exit happens-before isAlive() returning false (JLS 17.4.4), so its count is
    // 0 and visible to us, and it never writes again
    return (seen == null || !seen.isAlive()) && OWNERS.compareAndSet(owners, k, seen, me);
  }

  private int enterShared(int i) {
    CELLS.getAndAdd(cells, i, 1L);
    if ((boolean) CLOSED.getVolatile(this)) {
      exitShared(i);
      return -1;
    }
    return i;
  }

  /** Ends a call admitted with {@code token}. */
  void exit(int token) {
    if ((token & SHARED) != 0) {
      exitShared(token);
      return;
    }
    long c = cells[token] - 1;
    CELLS.setRelease(cells, token, c);
    if (c == 0 && (boolean) CLOSED.getOpaque(this)) {
      wake();
    }
  }

  private void exitShared(int i) {
    long old = (long) CELLS.getAndAdd(cells, i, -1L);
    if (old == 1L && (boolean) CLOSED.getVolatile(this)) {
      wake();
    }
  }

  /** Whether {@code token} counts on a shared count (tests: a collision took the atomic path). */
  static boolean shared(int token) {
    return (token & SHARED) != 0;
  }

  private void wake() {
    Thread t = closer;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Refuses every later {@link #enter()}. Idempotent. */
  void close() {
    CLOSED.setVolatile(this, true);
  }

  boolean closed() {
    return (boolean) CLOSED.getVolatile(this);
  }

  /**
   * Calls in flight now: a sum of counts read one after the other. Once closed it counts admitted calls plus,
   * for an instant, each enter refused by a close it raced (which adds and takes back its count), so it can
   * only overstate; it is exact once no thread calls {@code enter}.
   */
  long inFlight() {
    long n = 0;
    for (int i = STRIDE; i < cells.length; i += STRIDE) {
      n += (long) CELLS.getVolatile(cells, i) + (long) CELLS.getVolatile(cells, i + SHARED);
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
    closer = Thread.currentThread(); // made visible BEFORE the close, so that an exit seeing closed sees it
    close();
    long now = System.nanoTime();
    long deadline = now + timeoutNanos;
    long spinUntil = now + (timeoutNanos >= 0 ? Math.min(SPIN, timeoutNanos) : SPIN);
    long park = MIN_PARK;
    try {
      while (inFlight() != 0) {
        if (System.nanoTime() - spinUntil < 0) {
          Thread.onSpinWait();
          continue;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while calls were in flight");
        }
        long step = park;
        if (timeoutNanos >= 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          step = Math.min(left, park);
        }
        LockSupport.parkNanos(this, step); // re-checked on wake-up, woken or not (see the class comment)
        park = Math.min(park << 1, MAX_PARK);
      }
      return true;
    } finally {
      closer = null;
    }
  }
}
