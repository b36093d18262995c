package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Issue #14: the async bulkhead's permit belongs to the body. A cancellation storm (30 bodies, each cancelled while
 * it runs and ignoring the interrupt, under a maximum of 8) never has more than 8 bodies running at once, and every
 * permit comes back once the bodies have ended.
 */
class AsyncBulkheadCancellationTest {
  private static final int MAX = 8;
  private static final int CALLS = 30;

  private final ExecutorService executor = Executors.newFixedThreadPool(CALLS + 2, r -> {
    Thread t = new Thread(r, "selfheal-test-body");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger interrupted = new AtomicInteger();
  private final CountDownLatch finish = new CountDownLatch(1);

  @AfterEach
  void stop() {
    finish.countDown();
    executor.shutdownNow();
  }

  /** A body that ignores interrupts until the test lets it finish (counting that it was interrupted). */
  private String stubbornBody() {
    started.incrementAndGet();
    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    try {
      boolean wasInterrupted = false;
      while (true) {
        try {
          finish.await();
          break;
        } catch (InterruptedException e) {
          wasInterrupted = true; // ignored: a body that does not cooperate
        }
      }
      if (wasInterrupted) {
        interrupted.incrementAndGet();
      }
      return "done";
    } finally {
      running.decrementAndGet();
    }
  }

  @RepeatedTest(3)
  void aCancellationStormNeverRunsMoreBodiesThanTheMaximum() {
    Bulkhead bulkhead = Bulkhead.of("storm", BulkheadConfig.builder().maxConcurrentCalls(MAX).build());
    Pipeline<String> pipeline = Pipeline.<String>builder().bulkhead(bulkhead).build();
    List<CompletableFuture<String>> calls = new ArrayList<>();
    int rejected = 0;
    for (int i = 0; i < CALLS; i++) {
      CompletableFuture<String> f = pipeline.supplyAsync(this::stubbornBody, executor);
      if (f.isCompletedExceptionally()) {
        rejected++; // BulkheadFullException: no body started
        continue;
      }
      int expected = calls.size() + 1; // bodies admitted so far, this one included
      await().atMost(Duration.ofSeconds(10)).until(() -> started.get() >= expected); // cancel while it runs
      assertThat(f.cancel(true)).isTrue();
      assertThat(f).as("the caller's future completes at once").isCancelled();
      calls.add(f);
    }
    assertThat(maxRunning.get()).isLessThanOrEqualTo(MAX);
    assertThat(started.get()).isEqualTo(MAX);
    assertThat(rejected).isEqualTo(CALLS - MAX);
    assertThat(bulkhead.availablePermits()).as("held by the bodies still running").isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> interrupted.get() + running.get() >= MAX);

    finish.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> bulkhead.availablePermits() == MAX);
    assertThat(running.get()).isZero();
    assertThat(calls).allMatch(CompletableFuture::isCancelled);
  }

  @Test
  void aBodyCancelledBeforeItStartsNeverRuns() {
    Bulkhead bulkhead = Bulkhead.of("early", BulkheadConfig.builder().maxConcurrentCalls(1).build());
    Pipeline<String> pipeline = Pipeline.<String>builder().bulkhead(bulkhead).build();
    List<Runnable> queued = new ArrayList<>();
    CompletableFuture<String> f = pipeline.supplyAsync(this::stubbornBody, queued::add); // not run yet
    assertThat(f.cancel(true)).isTrue();
    assertThat(bulkhead.availablePermits()).isEqualTo(1);
    queued.forEach(Runnable::run);
    assertThat(started.get()).isZero();
  }

  @Test
  void aBodyThatEndsNormallyCompletesTheCallWithItsResult() {
    Bulkhead bulkhead = Bulkhead.of("plain", BulkheadConfig.builder().maxConcurrentCalls(1).build());
    Pipeline<String> pipeline = Pipeline.<String>builder().bulkhead(bulkhead).build();
    finish.countDown();
    assertThat(pipeline.supplyAsync(this::stubbornBody, executor).join()).isEqualTo("done");
    await().atMost(Duration.ofSeconds(10)).until(() -> bulkhead.availablePermits() == 1);
    CompletableFuture<String> failing = pipeline.supplyAsync(() -> {
      throw new IllegalStateException("body failed");
    }, executor);
    assertThat(failing).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
        .havingRootCause().withMessage("body failed");
    assertThat(failing.isCancelled()).isFalse();
    assertThat(CancellationException.class).isNotNull();
  }
}
