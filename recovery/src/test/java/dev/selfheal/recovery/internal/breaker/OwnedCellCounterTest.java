package dev.selfheal.recovery.internal.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Bounded stress tests of {@link OwnedCellCounter}, each with an exact invariant: no increment is lost, whether a
 * thread counts in its own cell, in the shared adder (its home slot is another live thread's), or in a cell it took
 * over from a terminated owner; and a sum never decreases.
 */
class OwnedCellCounterTest {
  private static final int PER_THREAD = 20_000;

  @RepeatedTest(5)
  void everyIncrementOfConcurrentOwnersIsCounted() throws Exception {
    OwnedCellCounter counter = new OwnedCellCounter();
    runTogether(4, () -> {
      for (int i = 0; i < PER_THREAD; i++) {
        if ((i & 7) == 0) {
          counter.incrementVolatile();
        } else {
          counter.increment();
        }
      }
    });
    assertThat(counter.sum()).isEqualTo(4L * PER_THREAD);
  }

  @RepeatedTest(5)
  void threadsWhoseHomeSlotIsTakenCountInTheSharedAdder() throws Exception {
    OwnedCellCounter counter = new OwnedCellCounter(8);
    assertThat(counter.slotCount()).isEqualTo(8);
    runTogether(24, () -> { // 24 live threads on 8 slots: at least 16 share
      for (int i = 0; i < PER_THREAD / 4; i++) {
        counter.increment();
      }
    });
    assertThat(counter.sum()).isEqualTo(24L * (PER_THREAD / 4));
  }

  @Test
  void aTerminatedOwnersCellIsTakenOverWithItsCount() throws Exception {
    OwnedCellCounter counter = new OwnedCellCounter(8);
    Thread first = start(() -> repeat(counter, 5));
    first.join();
    // a new thread with the same home slot: thread ids grow by one per thread created, so one soon has it
    Thread second = null;
    for (int i = 0; i < 256 && second == null; i++) {
      Thread t = new Thread(() -> repeat(counter, 3), "selfheal-test-counter");
      if ((t.getId() & 7) == (first.getId() & 7)) {
        second = t;
      }
    }
    assertThat(second).isNotNull();
    second.start();
    second.join();
    assertThat(counter.sum()).isEqualTo(8);
  }

  @RepeatedTest(3)
  void aSumNeverDecreasesWhileThreadsComeAndGo() throws Exception {
    OwnedCellCounter counter = new OwnedCellCounter(8);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicReference<String> violation = new AtomicReference<>();
    Thread reader = start(() -> {
      long previous = 0;
      while (running.get()) {
        long now = counter.sum();
        if (now < previous) {
          violation.compareAndSet(null, now + " after " + previous);
        }
        previous = now;
      }
    });
    for (int wave = 0; wave < 20; wave++) { // 20 waves of 4 short-lived threads: cells change owners
      runTogether(4, () -> repeat(counter, 1_000));
    }
    running.set(false);
    reader.join(10_000);
    assertThat(violation.get()).isNull();
    assertThat(counter.sum()).isEqualTo(20L * 4 * 1_000);
  }

  private static void repeat(OwnedCellCounter counter, int n) {
    for (int i = 0; i < n; i++) {
      counter.increment();
    }
  }

  private static Thread start(Runnable r) {
    Thread t = new Thread(r, "selfheal-test-counter");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Runs {@code body} on {@code n} threads released together, and waits for all of them. */
  private static void runTogether(int n, Runnable body) throws Exception {
    CyclicBarrier start = new CyclicBarrier(n);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      threads.add(start(() -> {
        try {
          start.await(10, TimeUnit.SECONDS);
          body.run();
        } catch (Exception | Error e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    for (Thread t : threads) {
      t.join(30_000);
      assertThat(t.isAlive()).isFalse();
    }
    assertThat(failure.get()).isNull();
  }
}
