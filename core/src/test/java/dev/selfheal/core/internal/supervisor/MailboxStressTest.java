package dev.selfheal.core.internal.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Posters, helpers and a real executor on real cores: every message is handled exactly once, never two at a
 * time, and each poster's messages in the order it posted them (the queue is FIFO per producer).
 */
class MailboxStressTest {
  private static final int POSTERS = 3;
  private static final int PER_POSTER = 20_000;

  @Test
  void everyMessageOnce_oneAtATime_inEachPostersOrder() throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool();
    AtomicIntegerArray handled = new AtomicIntegerArray(POSTERS * PER_POSTER);
    AtomicInteger inside = new AtomicInteger();
    AtomicBoolean overlap = new AtomicBoolean();
    int[] lastSeen = new int[POSTERS]; // drain-owned: one drain at a time
    List<String> disorder = new ArrayList<>();
    Mailbox mailbox = new Mailbox(this, pool, () -> { }, t -> overlap.set(true), t -> overlap.set(true));
    AtomicBoolean done = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < POSTERS; p++) {
      int poster = p;
      threads.add(new Thread(() -> {
        for (int i = 1; i <= PER_POSTER; i++) {
          int seq = i;
          mailbox.post(() -> {
            if (inside.getAndIncrement() != 0) {
              overlap.set(true);
            }
            handled.incrementAndGet(poster * PER_POSTER + seq - 1);
            if (seq != lastSeen[poster] + 1 && disorder.size() < 10) {
              disorder.add("poster " + poster + ": " + seq + " after " + lastSeen[poster]);
            }
            lastSeen[poster] = seq;
            inside.decrementAndGet();
          });
          if (seq % 64 == 0) {
            mailbox.help(); // a poster that helps, as a crashed call does
          }
        }
      }));
    }
    for (int h = 0; h < 2; h++) {
      threads.add(new Thread(() -> {
        while (!done.get()) {
          mailbox.help();
          Thread.onSpinWait();
        }
      }));
    }
    threads.forEach(Thread::start);
    for (int p = 0; p < POSTERS; p++) {
      threads.get(p).join();
    }
    await().atMost(30, TimeUnit.SECONDS).until(() -> {
      for (int i = 0; i < handled.length(); i++) {
        if (handled.get(i) == 0) {
          return false;
        }
      }
      return true;
    });
    done.set(true);
    for (Thread t : threads) {
      t.join();
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < handled.length(); i++) {
      assertThat(handled.get(i)).as("message %d", i).isEqualTo(1);
    }
    assertThat(overlap).isFalse();
    assertThat(disorder).isEmpty();
    assertThat(mailbox.depth()).isZero();
  }
}
