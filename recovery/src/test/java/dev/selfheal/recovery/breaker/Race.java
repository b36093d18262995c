package dev.selfheal.recovery.breaker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Runs one action on N fresh threads released together; returns how many returned true. Bounded: 10 s. */
final class Race {
  private Race() {}

  static int run(int threads, BooleanSupplier action) throws InterruptedException {
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger trues = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        try {
          start.await(10, TimeUnit.SECONDS);
          if (action.getAsBoolean()) {
            trues.incrementAndGet();
          }
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
          failure.compareAndSet(null, e);
        } catch (RuntimeException | Error e) {
          failure.compareAndSet(null, e);
        }
      }, "selfheal-test-race-" + i);
      t.setDaemon(true);
      t.start();
      started.add(t);
    }
    for (Thread t : started) {
      t.join(10_000);
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " did not finish within 10 s");
      }
    }
    if (failure.get() != null) {
      throw new AssertionError("a racing thread failed", failure.get());
    }
    return trues.get();
  }
}
