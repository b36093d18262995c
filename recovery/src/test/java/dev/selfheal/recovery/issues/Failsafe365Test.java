package dev.selfheal.recovery.issues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** failsafe #365 / PR #366: with maxWaitTime, queued work was dropped (3 tasks in, 2 done). */
class Failsafe365Test {

  @Test
  void everyQueuedCallRunsWhenPermitsFree() throws Exception {
    Bulkhead bulkhead = Bulkhead.of("b", BulkheadConfig.builder().maxConcurrentCalls(1)
        .maxWait(Duration.ofSeconds(30)).build());
    Pipeline<Integer> pipeline = Pipeline.<Integer>builder().bulkhead(bulkhead).build();
    AtomicInteger done = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Thread t = new Thread(() -> pipeline.run(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        done.incrementAndGet();
      }), "selfheal-test-task-" + i);
      threads.add(t);
      t.start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(30_000);
    }
    assertThat(done).hasValue(3);
    assertThat(bulkhead.availablePermits()).isEqualTo(1);
    assertThat(bulkhead.rejectedCalls()).isZero();
  }
}
