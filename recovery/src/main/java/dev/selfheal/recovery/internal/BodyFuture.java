package dev.selfheal.recovery.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The future of a body the pipeline runs itself ({@code Pipeline.supplyAsync}): it completes only when the body has
 * really ended, so that whatever is released on its completion (a bulkhead permit) is held for exactly as long as
 * the body runs.
 *
 * <pre>{@code
 *   NEW ──run──► RUNNING ──body returns/throws──► completed with its outcome
 *    │             │ cancel(true): interrupt the body, keep running ──body ends──► completed cancelled
 *    └──cancel──► completed cancelled (the body never runs)
 * }</pre>
 *
 * <p>A plain {@code CompletableFuture} completes the moment it is cancelled, while its body may run on: a bulkhead
 * releasing on that completion let 30 bodies run at once under a maximum of 8 (issue #14).
 *
 * <p><b>Memory ordering.</b> {@code started} decides, by one CAS, whether {@code run} or {@code cancel} owns the
 * start. The runner thread is published and withdrawn under this object's monitor, so {@code cancel} never
 * interrupts a pool thread after the body has ended.
 *
 * <p><b>Progress.</b> {@code cancel} never blocks on the body. The body's thread has its interrupt flag cleared when
 * the body ends (the flag was ours to set).
 *
 * <p>This class is thread-safe.
 *
 * @param <T> the body's result type
 */
public final class BodyFuture<T> extends CompletableFuture<T> implements Runnable {
  private final Supplier<? extends T> body;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean cancelRequested;
  private Thread runner; // guarded by this

  private BodyFuture(Supplier<? extends T> body) {
    this.body = body;
  }

  /** Runs {@code body} on {@code executor}; the returned future completes when the body has ended. */
  public static <T> CompletableFuture<T> start(Supplier<? extends T> body, Executor executor) {
    BodyFuture<T> f = new BodyFuture<>(body);
    try {
      executor.execute(f);
    } catch (RejectedExecutionException e) {
      if (f.started.compareAndSet(false, true)) {
        f.completeExceptionally(e);
      }
    }
    return f;
  }

  @Override
  public void run() {
    if (!started.compareAndSet(false, true)) {
      return; // cancelled before it started
    }
    synchronized (this) {
      runner = Thread.currentThread();
    }
    T value = null;
    Throwable failure = null;
    try {
      if (!cancelRequested) {
        value = body.get();
      }
    } catch (Throwable t) {
      failure = t;
    } finally {
      synchronized (this) {
        runner = null;
      }
      if (cancelRequested) {
        Thread.interrupted(); // our interrupt must not leak into the pool's next task
      }
    }
    if (cancelRequested) {
      super.cancel(false);
    } else if (failure != null) {
      completeExceptionally(failure);
    } else {
      complete(value);
    }
  }

  /**
   * Not started: the body never runs and this completes cancelled at once. Running: the body is interrupted (if
   * {@code mayInterruptIfRunning}) and this completes cancelled when it has ended; returns {@code true} then.
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (isDone()) {
      return false;
    }
    if (started.compareAndSet(false, true)) {
      return super.cancel(mayInterruptIfRunning);
    }
    synchronized (this) {
      cancelRequested = true;
      if (mayInterruptIfRunning && runner != null) {
        runner.interrupt();
      }
    }
    return true;
  }
}
