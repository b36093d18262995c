package dev.selfheal.recovery.internal;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.BulkheadFullException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A counting-semaphore bulkhead: one {@code int} of permits in use.
 *
 * <pre>{@code
 *   inUse: 0 ──tryAcquire (inUse < max: CAS +1)──► ... ──► max (saturated: DEGRADED; tryAcquire refuses)
 *          ◄──release (inUse > 0: CAS -1)──────────────────┘
 *   release at inUse == 0 ──► IllegalStateException (double release refused; the count never moved)
 * }</pre>
 *
 * <p><b>Memory ordering.</b> {@code inUse} is read with volatile semantics and changed by
 * {@code compareAndSet} (acquire and release), their linearization points; {@code inUse} is therefore always in
 * {@code [0, max]} (above {@code max} only after the maximum was lowered), never transiently outside. {@code max}
 * is a volatile copy of the config's maximum, so {@link #reconfigure} takes effect for the next acquire. A
 * releaser reads {@code waiters} after its decrement and a waiter increments {@code waiters} before its own
 * retry; both are volatile, so either the waiter sees the freed permit or the releaser sees the waiter and
 * signals it.
 *
 * <p><b>Progress.</b> {@link #tryAcquire()} and {@link #release()} are lock-free and allocate nothing.
 * {@link #tryAcquire(Duration)} blocks under {@code lock} only while no permit is free.
 *
 * <p><b>Callers must</b> call {@link #release()} exactly once per successful acquire (or close the
 * {@link Bulkhead.Permit} handle, which is idempotent).
 *
 * <p>This class is thread-safe.
 */
public final class SemaphoreBulkhead implements Bulkhead {
  /*
   * Implementation notes.
   * 1. Permits are never handed to waiters (failsafe #393, #365): release only decrements and signals; a
   *    signalled waiter competes with new callers by CAS. A waiter that timed out simply stops trying, so it
   *    can never be given a permit later, and no hand-off can be lost or counted twice.
   * 2. A waiter that leaves without a permit (timeout, interrupt) while permits are free passes the signal on,
   *    so a signal consumed by a leaving waiter is never lost for the others.
   * 3. Acquire and release are both CAS loops, so inUse never leaves [0, max], not even for an instant. Release
   *    used to be an optimistic getAndAdd(-1) undone when it found no permit held: lincheck found that a refused
   *    double release then drove the count to -1 for an instant, so three racing tryAcquire() on a bulkhead of 2
   *    all succeeded and availablePermits() read max + 1 (BulkheadLincheckTest, BulkheadStressTest).
   */

  private final String name;
  private final Environment env;
  private volatile BulkheadConfig config;
  private volatile int max;
  private final PaddedIntCell inUse = new PaddedIntCell(); // alone on its cache lines (see PaddedIntCell)
  private volatile int waiters;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private final LongAdder permitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  public SemaphoreBulkhead(String name, BulkheadConfig config, Environment env) {
    this.name = Objects.requireNonNull(name, "name");
    this.config = Objects.requireNonNull(config, "config");
    this.max = config.maxConcurrentCalls();
    this.env = Objects.requireNonNull(env, "env");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public BulkheadConfig config() {
    return config;
  }

  @Override
  public boolean critical() {
    return config.critical();
  }

  @Override
  public boolean tryAcquire() {
    if (take()) {
      permitted.increment();
      return true;
    }
    rejected.increment();
    return false;
  }

  private boolean take() {
    int limit = max;
    for (;;) {
      int used = inUse.getVolatile();
      if (used >= limit) {
        return false;
      }
      if (inUse.compareAndSet(used, used + 1)) {
        return true;
      }
    }
  }

  /** Bounded waits use the JDK clock: a {@link Condition} cannot wait on an injected ticker. */
  @Override
  public boolean tryAcquire(Duration maxWait) throws InterruptedException {
    if (take()) {
      permitted.increment();
      return true;
    }
    long waitNanos = maxWait.toNanos();
    if (waitNanos <= 0) {
      rejected.increment();
      return false;
    }
    boolean acquired = false;
    long deadline = System.nanoTime() + waitNanos;
    lock.lockInterruptibly();
    try {
      waiters++; // under the lock; volatile so that releasers see it without the lock
      try {
        while (!(acquired = take())) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            break;
          }
          freed.awaitNanos(remaining);
        }
      } finally {
        waiters--;
        if (!acquired && waiters > 0 && inUse.getVolatile() < max) {
          freed.signal(); // pass on a signal this waiter may have consumed (note 2)
        }
      }
    } finally {
      lock.unlock();
    }
    if (acquired) {
      permitted.increment();
    } else {
      rejected.increment();
    }
    return acquired;
  }

  @Override
  public void release() {
    for (;;) {
      int used = inUse.getVolatile();
      if (used <= 0) { // refused without ever moving the count (note 3)
        throw new IllegalStateException("bulkhead '" + name + "': release without a permit held (double release?)");
      }
      if (inUse.compareAndSet(used, used - 1)) {
        break;
      }
    }
    if (waiters != 0) { // read AFTER the decrement: see the class comment
      signal(false);
    }
  }

  private void signal(boolean all) {
    lock.lock();
    try {
      if (all) {
        freed.signalAll();
      } else {
        freed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Permit tryAcquirePermit() {
    return tryAcquire() ? new OncePermit(this) : null;
  }

  @Override
  public int availablePermits() {
    return Math.max(0, max - inUse.getVolatile());
  }

  /** Permits in use now (may exceed the maximum for a while after the maximum was lowered). */
  public int inUse() {
    return inUse.getVolatile();
  }

  @Override
  public long permittedCalls() {
    return permitted.sum();
  }

  @Override
  public long rejectedCalls() {
    return rejected.sum();
  }

  @Override
  public BulkheadFullException newFullException() {
    BulkheadConfig c = config;
    return new BulkheadFullException(name, c.maxConcurrentCalls(), c.writableStackTrace());
  }

  @Override
  public HealthReport health() {
    int used = inUse.getVolatile();
    int limit = max;
    if (used >= limit) {
      return HealthReport.degraded("saturated: " + used + " of " + limit + " permits in use");
    }
    return HealthReport.up(used + " of " + limit + " permits in use");
  }

  @Override
  public void reconfigure(BulkheadConfig newConfig, Actor actor) {
    env.reconfigure(PolicyKind.BULKHEAD, name, this, newConfig, actor, c -> {
      BulkheadConfig old = config;
      config = c;
      max = c.maxConcurrentCalls();
      return old;
    });
    if (waiters != 0) { // a higher maximum may admit waiters now
      signal(true);
    }
  }


  @Override
  public String toString() {
    return "Bulkhead{name=" + name + ", inUse=" + inUse() + ", max=" + max + "}";
  }

  private static final class OncePermit implements Permit {
    private static final VarHandle RELEASED = VarHandles.field(MethodHandles.lookup(), "released", boolean.class);

    private final SemaphoreBulkhead bulkhead;
    @SuppressWarnings("unused") // accessed through RELEASED
    private volatile boolean released;

    OncePermit(SemaphoreBulkhead bulkhead) {
      this.bulkhead = bulkhead;
    }

    @Override
    public void close() {
      if (RELEASED.compareAndSet(this, false, true)) {
        bulkhead.release();
      }
    }
  }
}
