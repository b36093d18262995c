package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.recovery.fake.CountingBulkhead;
import dev.selfheal.recovery.internal.SemaphoreBulkhead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Invariant: after 8 threads x 10,000 calls that succeed, throw, time out, get cancelled or get interrupted,
 * every permit is back (available == max), each acquire was released exactly once, and no observer ever saw
 * more permits in use than the maximum or fewer than zero.
 */
class BulkheadStressTest {
  private static final int THREADS = 8;
  private static final int CALLS = 10_000;
  private static final int MAX = 3;

  @Test
  void permitsReturnToMaxWhateverWayCallsEnd() throws Exception {
    SemaphoreBulkhead raw = (SemaphoreBulkhead) Bulkhead.of("stress",
        BulkheadConfig.builder().maxConcurrentCalls(MAX).maxWait(Duration.ofMillis(1)).build());
    CountingBulkhead bulkhead = new CountingBulkhead(raw);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "selfheal-test-scheduler");
      t.setDaemon(true);
      return t;
    });
    try (RecoveryRegistry registry = RecoveryRegistry.builder().scheduler(scheduler).exposeHealth(false).build()) {
      Timeout timeout = registry.timeout("t", TimeoutConfig.of(Duration.ofNanos(1)));
      Pipeline<Integer> sync = Pipeline.<Integer>builder().bulkhead(bulkhead).build();
      Pipeline<Integer> timed = Pipeline.<Integer>builder().timeout(timeout).bulkhead(bulkhead).build();

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger badObservations = new AtomicInteger();
      Thread observer = new Thread(() -> {
        while (running.get()) {
          int inUse = raw.inUse();
          int available = raw.availablePermits();
          if (inUse < 0 || inUse > MAX || available > MAX) {
            badObservations.incrementAndGet();
          }
        }
      }, "selfheal-test-observer");
      observer.setDaemon(true);
      observer.start();

      AtomicLong unexpected = new AtomicLong();
      List<CompletableFuture<?>> pending = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        List<CompletableFuture<?>> mine = new ArrayList<>();
        synchronized (pending) {
          pending.add(CompletableFuture.completedFuture(null));
        }
        Thread t = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < CALLS; i++) {
            try {
              switch (i % 5) {
                case 0:
                  sync.get(() -> 1);
                  break;
                case 1:
                  sync.get(() -> {
                    throw new Boom();
                  });
                  break;
                case 2: // async deadline of 1 ns: the timeout cancels a future that never completes
                  mine.add(timed.getAsync(CompletableFuture::new));
                  break;
                case 3: { // the caller cancels
                  CompletableFuture<Integer> f = sync.getAsync(CompletableFuture::new);
                  f.cancel(true);
                  break;
                }
                default: // interrupted: either while waiting for a permit or inside the call
                  Thread.currentThread().interrupt();
                  sync.get(() -> {
                    if (Thread.interrupted()) {
                      throw new Boom();
                    }
                    return 1;
                  });
              }
            } catch (Boom | BulkheadFullException | java.util.concurrent.CancellationException e) {
              // expected outcomes
            } catch (Throwable e) {
              unexpected.incrementAndGet();
            } finally {
              Thread.interrupted();
            }
          }
          synchronized (pending) {
            pending.addAll(mine);
          }
        }, "selfheal-test-worker-" + w);
        workers.add(t);
        t.start();
      }
      start.countDown();
      for (Thread t : workers) {
        t.join();
      }
      CompletableFuture<?>[] all;
      synchronized (pending) {
        all = pending.toArray(new CompletableFuture<?>[0]);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        for (CompletableFuture<?> f : all) {
          if (!f.isDone()) {
            return false;
          }
        }
        return raw.inUse() == 0;
      });
      running.set(false);
      observer.join();

      assertThat(unexpected.get()).isZero();
      assertThat(badObservations.get()).isZero();
      assertThat(raw.availablePermits()).isEqualTo(MAX);
      assertThat(raw.inUse()).isZero();
      assertThat(bulkhead.released.get()).isEqualTo(bulkhead.acquired.get());
      assertThat(bulkhead.acquired.get()).isPositive();
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** The failure the calls throw on purpose (so that an IllegalStateException from a double release is not mistaken for it). */
  private static final class Boom extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Boom() {
      super("boom", null, false, false);
    }
  }
}
