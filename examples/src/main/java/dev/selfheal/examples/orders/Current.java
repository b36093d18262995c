package dev.selfheal.examples.orders;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The instance of a component that serves now: its {@code start()} sets it, its {@code stop()} clears it.
 * Callers {@link #get()} it per call, so a call never reaches a stopped instance, and a call that arrives
 * during a restart waits a bounded time for the new one instead of failing.
 *
 * <p>A hand-made stand-in for the supervised handle ({@code supervise(Interface.class, factory, options)},
 * issue #7), which does this for every component without the start/stop bookkeeping.
 *
 * <p>This class is thread-safe.
 */
final class Current<T> {
  private final String path;
  private final long waitNanos;
  private final AtomicReference<T> instance = new AtomicReference<>();

  Current(String path, long waitNanos) {
    this.path = path;
    this.waitNanos = waitNanos;
  }

  void set(T t) {
    instance.set(t);
  }

  /** Clears {@code t} if it is still the current instance (a late stop never clears its successor). */
  void clear(T t) {
    instance.compareAndSet(t, null);
  }

  /** The instance now, or null during a restart. */
  T peek() {
    return instance.get();
  }

  /** The instance now, waiting up to the bound for one to start. @throws Unavailable past the bound */
  T get() {
    T t = instance.get();
    if (t != null) {
      return t;
    }
    long deadline = System.nanoTime() + waitNanos;
    while ((t = instance.get()) == null) {
      if (System.nanoTime() - deadline >= 0) {
        throw new Unavailable(path + " has no running instance after " + waitNanos / 1_000_000 + "ms");
      }
      LockSupport.parkNanos(20_000);
    }
    return t;
  }

  /** No instance came up within the bound. */
  static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message, null, false, false);
    }
  }
}
