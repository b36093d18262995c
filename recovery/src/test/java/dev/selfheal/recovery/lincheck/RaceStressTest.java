package dev.selfheal.recovery.lincheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreaker.State;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.CircuitBreakerEvent;
import dev.selfheal.recovery.CircuitBreakerMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two-thread stress tests of the two races lincheck found and of the window's counts at the moment a breaker opens,
 * each with an exact invariant, each round started by a barrier so that the racing operations really overlap.
 * Bounded: a few thousand rounds, well under a second each.
 */
class RaceStressTest {
  private static final int ROUNDS = 2_000;
  private static final IOException BOOM = new IOException("boom");

  /**
   * Invariant: a success of an earlier phase, racing with the HALF_OPEN trial that closes the breaker, never reaches
   * the new CLOSED window: after one failure there, the window holds exactly that call and the breaker (minimum 2)
   * stays CLOSED.
   */
  @RepeatedTest(3)
  void anOldPhaseOutcomeRacingTheTransitionToClosedNeverEntersTheNewWindow() throws Exception {
    CircuitBreaker cb = CircuitBreaker.of("race", CircuitBreakerConfig.builder().ticker(new ManualTicker())
        .scheduler((task, delay) -> () -> { }).slidingWindow(2).minimumNumberOfCalls(2).failureRateThreshold(0.5)
        .permittedCallsInHalfOpen(1).build());
    AtomicInteger violations = new AtomicInteger();
    long[] stale = new long[1];
    long[] trial = new long[1];
    twoThreads(
        () -> { // before each round: a permit admitted in CLOSED, left open; then HALF_OPEN with its one trial taken
          cb.reset();
          stale[0] = cb.tryAcquirePermit();
          cb.transitionTo(State.HALF_OPEN);
          trial[0] = cb.tryAcquirePermit();
        },
        () -> cb.onSuccess(trial[0], 0), // decides the trial: HALF_OPEN -> CLOSED
        () -> cb.onSuccess(stale[0], 0), // the late result of the old phase
        () -> { // after each round
          if (cb.state() != State.CLOSED) {
            violations.incrementAndGet();
            return;
          }
          long permit = cb.tryAcquirePermit();
          cb.onError(permit, 0, BOOM);
          CircuitBreakerMetrics m = cb.metrics();
          if (cb.state() != State.CLOSED || m.callsInWindow() != 1 || m.failuresInWindow() != 1) {
            violations.incrementAndGet();
          }
        });
    assertThat(violations).hasValue(0);
  }

  /**
   * Invariant (Resilience4j's jcstress case): two failures reported at once on a breaker with a 1-call window give
   * state OPEN, 1 failure in 1 buffered call, and exactly one CLOSED-to-OPEN transition.
   */
  @RepeatedTest(3)
  void twoConcurrentFailuresOnAOneCallWindowOpenOnce() throws Exception {
    int violations = raceTwoResults(() -> breaker(1, 0.5), RaceStressTest::fail, RaceStressTest::fail,
        (m, transitions) -> m.state() == State.OPEN && m.failuresInWindow() == 1 && m.callsInWindow() == 1
            && m.failedCalls() == 2 && transitions == 1);
    assertThat(violations).isZero();
  }

  /**
   * Invariant: two failures reported at once on an empty 2-call window (minimum 2, threshold 100 %) always open it,
   * once, and OPEN shows exactly those 2 calls and 2 failures. (With positions read from the striped sum, both could
   * land on one position, or each evaluate before the other's failure was counted, and the breaker stayed CLOSED.)
   */
  @RepeatedTest(3)
  void twoConcurrentFailuresFillingTheMinimumAlwaysOpen() throws Exception {
    int violations = raceTwoResults(() -> breaker(2, 1.0), RaceStressTest::fail, RaceStressTest::fail,
        (m, transitions) -> m.state() == State.OPEN && m.callsInWindow() == 2 && m.failuresInWindow() == 2
            && m.failedCalls() == 2 && transitions == 1);
    assertThat(violations).isZero();
  }

  /**
   * Invariant: a success completing the minimum while a failure is recorded at once (window 2, minimum 2, threshold
   * 50 %) always opens the breaker, once, and OPEN shows 2 calls and 1 failure: of the two, at least one sees the
   * other (the success's increment is a volatile store, the failure's bucket a CAS, each read after).
   */
  @RepeatedTest(3)
  void aSuccessAndAFailureCompletingTheMinimumAlwaysOpen() throws Exception {
    int violations = raceTwoResults(() -> breaker(2, 0.5), (cb, permit) -> cb.onSuccess(permit, 0),
        RaceStressTest::fail, (m, transitions) -> m.state() == State.OPEN && m.callsInWindow() == 2
            && m.failuresInWindow() == 1 && m.failedCalls() == 1 && m.successfulCalls() == 1 && transitions == 1);
    assertThat(violations).isZero();
  }

  /** A breaker whose window and minimum are {@code calls}, on manual time, with no deadline ever firing. */
  private static CircuitBreaker breaker(int calls, double threshold) {
    return CircuitBreaker.of("race", CircuitBreakerConfig.builder().ticker(new ManualTicker())
        .scheduler((task, delay) -> () -> { }).slidingWindow(calls).minimumNumberOfCalls(calls)
        .failureRateThreshold(threshold).build());
  }

  private static void fail(CircuitBreaker cb, long permit) {
    cb.onError(permit, 0, BOOM);
  }

  /**
   * ROUNDS rounds, each on a new breaker: two permits taken, then {@code a} reports the first and {@code b} the
   * second at once. Returns the rounds whose metrics and number of transitions afterwards fail {@code exact}.
   */
  private static int raceTwoResults(Supplier<CircuitBreaker> newBreaker, BiConsumer<CircuitBreaker, Long> a,
      BiConsumer<CircuitBreaker, Long> b, BiPredicate<CircuitBreakerMetrics, Integer> exact) throws Exception {
    CircuitBreaker[] cb = new CircuitBreaker[1];
    long[] permits = new long[2];
    AtomicInteger transitions = new AtomicInteger();
    AtomicInteger violations = new AtomicInteger();
    twoThreads(
        () -> {
          cb[0] = newBreaker.get();
          cb[0].events().subscribe(CircuitBreakerEvent.StateTransition.class, e -> transitions.incrementAndGet());
          transitions.set(0);
          permits[0] = cb[0].tryAcquirePermit();
          permits[1] = cb[0].tryAcquirePermit();
        },
        () -> a.accept(cb[0], permits[0]),
        () -> b.accept(cb[0], permits[1]),
        () -> {
          if (!exact.test(cb[0].metrics(), transitions.get())) {
            violations.incrementAndGet();
          }
        });
    return violations.get();
  }

  /**
   * Invariant: a refused double release never moves the count. On an idle bulkhead of 1, one thread releases
   * without holding anything (always refused) while the other reads {@code availablePermits()}: it reads 1, never 2.
   * (The old getAndAdd release, refused at 0, first drove the count to -1: a reader then saw max + 1 permits, and an
   * acquirer could take one more than the maximum.)
   */
  @RepeatedTest(3)
  void aRefusedDoubleReleaseNeverMovesTheCount() throws Exception {
    Bulkhead bulkhead = Bulkhead.of("race", BulkheadConfig.builder().maxConcurrentCalls(1).build());
    AtomicInteger violations = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    AtomicBoolean releasing = new AtomicBoolean();
    twoThreads(
        () -> releasing.set(true),
        () -> {
          while (releasing.get()) { // reads for as long as the other thread releases
            if (bulkhead.availablePermits() != 1) {
              violations.incrementAndGet();
            }
          }
        },
        () -> {
          for (int i = 0; i < 200; i++) {
            if (release(bulkhead)) {
              accepted.incrementAndGet();
            }
          }
          releasing.set(false);
        },
        () -> {
          if (bulkhead.availablePermits() != 1) {
            violations.incrementAndGet();
          }
        });
    assertThat(accepted).as("nothing was held: every release refused").hasValue(0);
    assertThat(violations).hasValue(0);
  }

  private static boolean release(Bulkhead bulkhead) {
    try {
      bulkhead.release();
      return true;
    } catch (IllegalStateException refused) {
      return false;
    }
  }

  /** Runs ROUNDS rounds: {@code before}, then {@code a} and {@code b} on two threads released together, then {@code after}. */
  private static void twoThreads(Runnable before, Runnable a, Runnable b, Runnable after) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2, null);
    CyclicBarrier end = new CyclicBarrier(2);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread other = new Thread(() -> {
      try {
        for (int i = 0; i < ROUNDS; i++) {
          start.await(10, TimeUnit.SECONDS);
          b.run();
          end.await(10, TimeUnit.SECONDS);
        }
      } catch (Exception | Error e) {
        failure.compareAndSet(null, e);
      }
    }, "selfheal-test-race");
    other.setDaemon(true);
    other.start();
    for (int i = 0; i < ROUNDS && failure.get() == null; i++) {
      before.run();
      start.await(10, TimeUnit.SECONDS);
      a.run();
      end.await(10, TimeUnit.SECONDS);
      after.run();
    }
    other.join(10_000);
    assertThat(other.isAlive()).isFalse();
    assertThat(failure.get()).isNull();
  }
}
