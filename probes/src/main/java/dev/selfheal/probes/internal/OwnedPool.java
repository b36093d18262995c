package dev.selfheal.probes.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixed-size pools this module creates and must stop: daemon threads named {@code <prefix>-N}, created on
 * demand and ended after an idle minute, stopped by {@link #stop}.
 *
 * <p>The queue is unbounded; callers bound the work they submit (one run in flight per probe; one task per
 * accepted connection).
 */
final class OwnedPool {
  private static final Logger LOG = LoggerFactory.getLogger(OwnedPool.class);

  private OwnedPool() {}

  static ThreadPoolExecutor start(String prefix, int threads) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        new NamedThreadFactory(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Interrupts the pool's threads and waits up to 2 s for them to end; a thread that ignores interrupts is logged. */
  static void stop(ThreadPoolExecutor pool, String what) {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
        LOG.warn("{} threads still busy 2 s after stop (code that ignores interruption); they are daemons", what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
