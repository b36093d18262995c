package dev.selfheal.recovery.breaker;

import static dev.selfheal.recovery.breaker.Breakers.BOOM;
import static dev.selfheal.recovery.breaker.Breakers.record;
import static dev.selfheal.recovery.breaker.Breakers.small;
import static dev.selfheal.recovery.breaker.Breakers.transitions;
import static dev.selfheal.recovery.breaker.Breakers.trip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreaker.State;
import dev.selfheal.recovery.CircuitBreakerEvent;
import dev.selfheal.recovery.CircuitBreakerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bounded races (16 threads, fixed rounds) that end in exact invariants. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CircuitBreakerStressTest {
  private static final int THREADS = 16;
  private final AtomicInteger threadIds = new AtomicInteger();
  private ExecutorService pool;

  @BeforeEach
  void startPool() {
    pool = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "selfheal-test-stress-" + threadIds.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Runs {@code body(threadIndex)} on all threads released by one barrier; returns how many returned true. */
  private int race(IntPredicateTask body) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int index = i;
      tasks.add(() -> {
        start.await(10, TimeUnit.SECONDS);
        return body.run(index);
      });
    }
    int trues = 0;
    for (Future<Boolean> f : pool.invokeAll(tasks, 20, TimeUnit.SECONDS)) {
      if (f.get()) {
        trues++;
      }
    }
    return trues;
  }

  @FunctionalInterface
  interface IntPredicateTask {
    boolean run(int threadIndex) throws Exception;
  }

  /**
   * 16 threads race at the OPEN->HALF_OPEN edge: exactly N are admitted and exactly one event marks the edge; then
   * the N trials end concurrently and exactly one event closes (or reopens) the breaker. 200 rounds.
   */
  @Test
  void halfOpenEdgeAdmitsExactlyNAndPublishesOneEventPerTransition() throws Exception {
    ManualTicker ticker = new ManualTicker();
    for (int round = 0; round < 200; round++) {
      int n = 1 + round % 5;
      boolean trialsFail = round % 2 == 0;
      CircuitBreaker cb = CircuitBreaker.of("stress", small(ticker).permittedCallsInHalfOpen(n).build());
      List<CircuitBreakerEvent> events = record(cb);
      trip(cb);
      ticker.advance(Duration.ofSeconds(10));
      boolean[] admitted = new boolean[THREADS];
      int count = race(i -> admitted[i] = cb.tryAcquirePermission());
      assertThat(count).as("round %s admitted", round).isEqualTo(n);
      assertThat(transitions(events)).as("round %s", round).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN");

      race(i -> {
        if (admitted[i]) {
          if (trialsFail) {
            cb.onError(0, BOOM);
          } else {
            cb.onSuccess(0);
          }
        }
        return true;
      });
      String end = trialsFail ? "HALF_OPEN->OPEN" : "HALF_OPEN->CLOSED";
      assertThat(transitions(events)).as("round %s", round)
          .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", end);
      assertThat(cb.state()).isEqualTo(trialsFail ? State.OPEN : State.CLOSED);
    }
  }

  /** 16 threads fail at once on a CLOSED breaker: it opens exactly once. 200 rounds. */
  @Test
  void concurrentFailuresOpenExactlyOnce() throws Exception {
    ManualTicker ticker = new ManualTicker();
    for (int round = 0; round < 200; round++) {
      CircuitBreaker cb = CircuitBreaker.of("stress", small(ticker).build());
      List<CircuitBreakerEvent> events = record(cb);
      race(i -> {
        for (int k = 0; k < 4; k++) {
          if (cb.tryAcquirePermission()) {
            cb.onError(0, BOOM);
          }
        }
        return true;
      });
      assertThat(transitions(events)).as("round %s", round).containsExactly("CLOSED->OPEN");
    }
  }

  /** 16 threads x 20,000 mixed outcomes on one METRICS_ONLY breaker: the counters add up exactly. */
  @Test
  void stripedCountersLoseNoOutcome() throws Exception {
    CircuitBreaker cb = CircuitBreaker.of("stress", small(new ManualTicker()).slidingWindow(1000)
        .minimumNumberOfCalls(1000).build());
    cb.transitionTo(State.METRICS_ONLY);
    int perThread = 20_000;
    race(i -> {
      for (int k = 0; k < perThread; k++) {
        assertThat(cb.tryAcquirePermission()).isTrue();
        if (k % 10 == 0) {
          cb.onError(0, BOOM);
        } else if (k % 10 == 1) {
          cb.releasePermission();
        } else {
          cb.onSuccess(0);
        }
      }
      return true;
    });
    CircuitBreakerMetrics m = cb.metrics();
    assertThat(m.failedCalls()).isEqualTo(THREADS * perThread / 10);
    assertThat(m.cancelledCalls()).isEqualTo(THREADS * perThread / 10);
    assertThat(m.successfulCalls()).isEqualTo(THREADS * perThread * 8 / 10);
    assertThat(m.callsInWindow()).isBetween(1000L, 1000L + 15);
    assertThat(m.state()).isEqualTo(State.METRICS_ONLY);
  }
}
