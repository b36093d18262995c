package dev.selfheal.recovery.internal;

import dev.selfheal.core.spi.Scheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The default {@link Scheduler} of standalone policies: the JDK's {@link CompletableFuture#delayedExecutor}
 * (one JDK-owned daemon delay thread), running tasks on the common pool. No thread of ours is created, so
 * there is nothing to stop. Cancellation marks the task so that it does nothing when due.
 *
 * <p>This class is thread-safe.
 */
enum JdkDelayScheduler implements Scheduler {
  INSTANCE;

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    AtomicBoolean cancelled = new AtomicBoolean();
    Runnable guarded = () -> {
      if (cancelled.compareAndSet(false, true)) {
        task.run();
      }
    };
    Executor executor = delayNanos <= 0 ? ForkJoinPool.commonPool()
        : CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS);
    executor.execute(guarded);
    return () -> cancelled.set(true);
  }
}
