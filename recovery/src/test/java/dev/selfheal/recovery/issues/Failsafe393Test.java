package dev.selfheal.recovery.issues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * failsafe #393 / PR #400: a waiter that timed out stayed queued and was handed the next released permit,
 * so capacity shrank to 0 after enough timeouts.
 */
class Failsafe393Test {

  @Test
  void timedOutWaitersNeverReceiveAPermitLater() throws Exception {
    Bulkhead bulkhead = Bulkhead.of("b", BulkheadConfig.builder().maxConcurrentCalls(2).build());
    for (int round = 0; round < 20; round++) {
      assertThat(bulkhead.tryAcquire() && bulkhead.tryAcquire()).isTrue();
      AtomicInteger got = new AtomicInteger();
      List<Thread> waiters = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        Thread t = new Thread(() -> {
          try {
            if (bulkhead.tryAcquire(Duration.ofMillis(2))) {
              got.incrementAndGet();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "selfheal-test-waiter-" + w);
        waiters.add(t);
        t.start();
      }
      for (Thread t : waiters) {
        t.join();
      }
      assertThat(got).hasValue(0);
      bulkhead.release();
      bulkhead.release();
      assertThat(bulkhead.availablePermits()).as("round %d", round).isEqualTo(2);
    }
  }
}
