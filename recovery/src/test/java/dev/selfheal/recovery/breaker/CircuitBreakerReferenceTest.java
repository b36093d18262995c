package dev.selfheal.recovery.breaker;

import static dev.selfheal.recovery.breaker.Breakers.BOOM;
import static dev.selfheal.recovery.breaker.Breakers.fail;
import static dev.selfheal.recovery.breaker.Breakers.record;
import static dev.selfheal.recovery.breaker.Breakers.repeat;
import static dev.selfheal.recovery.breaker.Breakers.small;
import static dev.selfheal.recovery.breaker.Breakers.succeed;
import static dev.selfheal.recovery.breaker.Breakers.transitions;
import static dev.selfheal.recovery.breaker.Breakers.trip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.test.ManualTicker;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreaker.State;
import dev.selfheal.recovery.CircuitBreakerEvent;
import dev.selfheal.recovery.CircuitBreakerMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One regression test per circuit-breaker item of REFERENCE.md section 2, named after the peer's issue. The races
 * are made deterministic where possible (a ticker that parks one thread at the exact point of the race); the
 * contended versions run many rounds in {@link CircuitBreakerStressTest}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CircuitBreakerReferenceTest {
  private final ManualTicker ticker = new ManualTicker();

  /** Item 1: threads crossing OPEN->HALF_OPEN together must not all be admitted. */
  @Test
  void halfOpenAdmitsExactlyNTrialsUnderContention_r4j1432() throws Exception {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).permittedCallsInHalfOpen(3).build());
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    int admitted = Race.run(16, cb::tryAcquirePermission);
    assertThat(admitted).isEqualTo(3);
    assertThat(cb.metrics().halfOpenPermitsInUse()).isEqualTo(3);
  }

  /**
   * Item 2: a thread that saw OPEN and is about to move it to HALF_OPEN stalls; meanwhile another thread moves it
   * to HALF_OPEN and its trials close it. The stale thread's transition must not apply (no CLOSED->HALF_OPEN, no
   * exception): it finds CLOSED and is admitted.
   */
  @Test
  void staleOpenToHalfOpenTransitionCannotApplyAfterClose_r4j562() throws Exception {
    ParkingTicker parking = new ParkingTicker(ticker);
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).ticker(parking).permittedCallsInHalfOpen(1).build());
    List<CircuitBreakerEvent> events = record(cb);
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    AtomicReference<Object> staleResult = new AtomicReference<>();
    Thread stale = parking.parkedThread(() -> staleResult.set(cb.tryAcquirePermission()));
    stale.start();
    parking.awaitParked();
    assertThat(succeed(cb)).isTrue(); // OPEN -> HALF_OPEN -> CLOSED on this thread
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    parking.release();
    stale.join(10_000);
    assertThat(staleResult.get()).isEqualTo(true);
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    assertThat(transitions(events)).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
  }

  /** Item 3: concurrent trial failures move HALF_OPEN to OPEN once, without an illegal OPEN->OPEN. */
  @Test
  void concurrentTrialFailuresOpenOnce_r4j646() throws Exception {
    for (int round = 0; round < 50; round++) {
      CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).permittedCallsInHalfOpen(8).build());
      List<CircuitBreakerEvent> events = record(cb);
      trip(cb);
      ticker.advance(Duration.ofSeconds(10));
      repeat(8, () -> assertThat(cb.tryAcquirePermission()).isTrue());
      Race.run(8, () -> {
        cb.onError(0, BOOM);
        return true;
      });
      assertThat(cb.state()).isEqualTo(State.OPEN);
      assertThat(transitions(events)).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN");
    }
  }

  /** Item 4: the OPEN->HALF_OPEN edge is idempotent: racing callers and repeated operator requests make one transition. */
  @Test
  void openToHalfOpenTransitionIsIdempotent_r4j674() throws Exception {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    List<CircuitBreakerEvent> events = record(cb);
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    Race.run(16, cb::tryAcquirePermission);
    cb.transitionTo(State.HALF_OPEN);
    cb.transitionTo(State.HALF_OPEN);
    assertThat(transitions(events)).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN");
  }

  /**
   * Item 5: a contended transition must not loop or recurse forever. Sixteen threads hammer the OPEN->HALF_OPEN
   * edge and the trials for many cycles; every call returns (the test's timeout bounds it) and no error escapes.
   */
  @Test
  void contendedTransitionsTerminate_r4j2038() throws Exception {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).permittedCallsInHalfOpen(2).build());
    trip(cb);
    for (int cycle = 0; cycle < 100; cycle++) {
      ticker.advance(Duration.ofSeconds(10));
      Race.run(16, () -> fail(cb));
      assertThat(cb.state()).isIn(State.OPEN, State.HALF_OPEN);
    }
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  /** Item 6: a trial ending with an ignored exception returns its permit; HALF_OPEN does not drain to zero. */
  @Test
  void ignoredExceptionInHalfOpenReleasesPermit_r4j544() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).permittedCallsInHalfOpen(1)
        .ignoreExceptions(e -> e instanceof IllegalArgumentException).build());
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    for (int i = 0; i < 5; i++) {
      assertThat(cb.tryAcquirePermission()).isTrue();
      cb.onError(0, new IllegalArgumentException("ignored"));
      assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    }
    assertThat(cb.metrics().ignoredCalls()).isEqualTo(5);
    assertThat(succeed(cb)).isTrue();
    assertThat(cb.state()).isEqualTo(State.CLOSED);
  }

  /**
   * Item 7: a throwing record/ignore/result predicate records nothing, releases the permit, is counted, and its
   * exception (carrying the call's) reaches the caller: Resilience4j's fix for #2324.
   */
  @Test
  void throwingPredicateRecordsNothingReleasesThePermitAndReachesTheCaller_r4j2324() {
    IllegalStateException bug = new IllegalStateException("predicate bug");
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).permittedCallsInHalfOpen(1)
        .recordExceptions(e -> {
          throw bug;
        })
        .recordResult(r -> {
          throw new IllegalStateException("result predicate bug");
        }).build());
    repeat(10, () -> {
      long permit = cb.tryAcquirePermit();
      assertThatThrownBy(() -> cb.onError(permit, 0, BOOM)).isSameAs(bug);
    });
    assertThat(bug.getSuppressed()).contains(BOOM);
    assertThat(cb.state()).as("nothing recorded: a predicate bug is not an outage").isEqualTo(State.CLOSED);
    assertThat(cb.metrics().predicateFailures()).isEqualTo(10);
    assertThat(cb.metrics().callsInWindow()).isZero();

    cb.transitionTo(State.HALF_OPEN);
    long trial = cb.tryAcquirePermit();
    assertThatThrownBy(() -> cb.onResult(trial, 0, "x")).hasMessage("result predicate bug");
    assertThat(cb.metrics().halfOpenPermitsInUse()).as("the permit came back").isZero();
    assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    assertThat(cb.tryAcquirePermission()).as("so another trial may take it").isTrue();

    CircuitBreaker ignoring = CircuitBreaker.of("i", small(ticker).permittedCallsInHalfOpen(1).ignoreExceptions(e -> {
      throw new IllegalStateException("predicate bug");
    }).build());
    ignoring.transitionTo(State.HALF_OPEN);
    long p = ignoring.tryAcquirePermit();
    assertThatThrownBy(() -> ignoring.onError(p, 0, BOOM)).isInstanceOf(IllegalStateException.class);
    assertThat(ignoring.state()).isEqualTo(State.HALF_OPEN);
    assertThat(ignoring.metrics().halfOpenPermitsInUse()).isZero();
  }

  /** Item 8: trials that never complete cannot keep the breaker in HALF_OPEN past maxWaitInHalfOpen. */
  @Test
  void stalledTrialsCannotWedgeHalfOpen_r4j903() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).maxWaitInHalfOpen(Duration.ofMinutes(1)).build());
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    repeat(2, () -> assertThat(cb.tryAcquirePermission()).isTrue()); // never completed
    ticker.advance(Duration.ofMinutes(1));
    assertThat(cb.tryAcquirePermission()).isFalse();
    assertThat(cb.state()).isEqualTo(State.OPEN);
    ticker.advance(Duration.ofSeconds(10));
    assertThat(succeed(cb)).isTrue();
    assertThat(succeed(cb)).isTrue();
    assertThat(cb.state()).isEqualTo(State.CLOSED);
  }

  /** Item 9: reading state, health or metrics is not a call and never consumes a permit. */
  @Test
  void statusReadsNeverConsumePermits_r4j858() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).permittedCallsInHalfOpen(1).build());
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    cb.transitionTo(State.HALF_OPEN);
    for (int i = 0; i < 100; i++) {
      assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
      cb.health();
      cb.metrics();
      cb.measuresDuration();
      cb.newOpenException();
    }
    assertThat(cb.metrics().halfOpenPermitsInUse()).isZero();
    assertThat(cb.tryAcquirePermission()).isTrue();
  }

  /** Item 10: cancellation releases the permit and records nothing, in HALF_OPEN and in CLOSED. */
  @Test
  void cancellationReleasesPermitAndRecordsNothing_r4j1624() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).permittedCallsInHalfOpen(1).build());
    cb.tryAcquirePermission();
    cb.releasePermission();
    CircuitBreakerMetrics closed = cb.metrics();
    assertThat(closed.callsInWindow()).isZero();
    assertThat(closed.successfulCalls() + closed.failedCalls()).isZero();
    assertThat(closed.cancelledCalls()).isEqualTo(1);

    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    for (int i = 0; i < 5; i++) {
      assertThat(cb.tryAcquirePermission()).isTrue();
      assertThat(cb.tryAcquirePermission()).isFalse();
      cb.releasePermission();
    }
    CircuitBreakerMetrics halfOpen = cb.metrics();
    assertThat(halfOpen.state()).isEqualTo(State.HALF_OPEN);
    assertThat(halfOpen.callsInWindow()).as("no trial outcome recorded").isZero();
    assertThat(halfOpen.halfOpenPermitsInUse()).isZero();
    assertThat(succeed(cb)).isTrue();
    assertThat(cb.state()).isEqualTo(State.CLOSED);
  }

  /**
   * Item 11: outcomes of calls admitted in CLOSED that end after another thread opened the breaker are accepted
   * silently and do not corrupt the next HALF_OPEN's trial budget.
   */
  @Test
  void outcomesReportedAfterAnotherThreadOpenedAreAccepted_failsafe32() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    repeat(6, () -> assertThat(cb.tryAcquirePermission()).isTrue()); // in flight
    trip(cb);
    assertThatCode(() -> {
      cb.onSuccess(0);
      cb.onError(0, BOOM);
      cb.onResult(0, "late");
      cb.releasePermission();
      cb.onSuccess(0);
      cb.onError(0, BOOM);
    }).doesNotThrowAnyException();
    assertThat(cb.state()).isEqualTo(State.OPEN);
    ticker.advance(Duration.ofSeconds(10));
    assertThat(cb.tryAcquirePermission()).isTrue();
    assertThat(cb.tryAcquirePermission()).isTrue();
    assertThat(cb.tryAcquirePermission()).as("exactly the configured 2 trials").isFalse();
  }

  /**
   * Item 12: used standalone (no executor), HALF_OPEN still admits only its trials, so a fast success cannot
   * overtake the slow failing trial and close the breaker.
   */
  @Test
  void standaloneUseLimitsHalfOpenConcurrency_failsafe135() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).permittedCallsInHalfOpen(1).build());
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    assertThat(cb.tryAcquirePermission()).as("the slow trial").isTrue();
    assertThat(cb.tryAcquirePermission()).as("the fast caller is refused").isFalse();
    cb.onError(0, BOOM);
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  /** Item 13: every elapsed wait in OPEN leads to a trial; the breaker is never short-circuited for good. */
  @Test
  void breakerNeverStaysOpenPastItsWait_hystrix2108() throws Exception {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).permittedCallsInHalfOpen(1).build());
    trip(cb);
    for (int cycle = 0; cycle < 50; cycle++) {
      ticker.advance(Duration.ofSeconds(10));
      int admitted = Race.run(8, cb::tryAcquirePermission);
      assertThat(admitted).as("cycle %s", cycle).isEqualTo(1);
      cb.onError(0, BOOM);
      assertThat(cb.state()).isEqualTo(State.OPEN);
    }
    ticker.advance(Duration.ofSeconds(10));
    assertThat(succeed(cb)).isTrue();
    assertThat(cb.state()).isEqualTo(State.CLOSED);
  }

  /** Item 27: every time rule follows the injected ticker, to the nanosecond, never the wall clock. */
  @Test
  void injectedTickerDrivesEveryTimeRule_r4j734() {
    ManualTicker far = new ManualTicker(-5_000_000_000_000L); // negative readings, as System.nanoTime may give
    CircuitBreaker cb = CircuitBreaker.of("t", small(far).slidingWindow(Duration.ofSeconds(10))
        .minimumNumberOfCalls(5).build());
    trip(cb);
    far.advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(cb.tryAcquirePermission()).isFalse();
    far.advanceNanos(1);
    assertThat(cb.tryAcquirePermission()).isTrue();
    assertThat(cb.tryAcquirePermission()).isTrue();
    far.advance(Duration.ofSeconds(30).minusNanos(1));
    assertThat(cb.tryAcquirePermission()).isFalse();
    assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    far.advanceNanos(1);
    assertThat(cb.tryAcquirePermission()).isFalse();
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  /**
   * Item 28: a rejected call never started, so it reports no duration and records no outcome: only the rejected
   * counter moves, and slow-call statistics stay untouched.
   */
  @Test
  void rejectedCallsRecordNoDurationOrOutcome_failsafe325() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).slowCallDuration(Duration.ofMillis(100)).build());
    cb.transitionTo(State.FORCED_OPEN);
    CircuitBreakerMetrics before = cb.metrics();
    repeat(10, () -> assertThat(cb.tryAcquirePermission()).isFalse());
    CircuitBreakerMetrics after = cb.metrics();
    assertThat(after.rejectedCalls() - before.rejectedCalls()).isEqualTo(10);
    assertThat(after.slowCalls()).isZero();
    assertThat(after.successfulCalls() + after.failedCalls()).isZero();
  }

  /** Item 29: a throwing event listener is isolated: the transition happens, the caller sees nothing, others run. */
  @Test
  void throwingListenerIsIsolated_r4j1101() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    cb.events().subscribe(CircuitBreakerEvent.StateTransition.class, e -> {
      throw new IllegalStateException("listener bug");
    });
    List<CircuitBreakerEvent> events = record(cb);
    assertThatCode(() -> trip(cb)).doesNotThrowAnyException();
    assertThat(cb.state()).isEqualTo(State.OPEN);
    assertThat(transitions(events)).containsExactly("CLOSED->OPEN");
    assertThat(cb.events().listenerFailures()).isEqualTo(1);
  }

  /**
   * Item 31: in a TIME_BASED window the minimum number of calls is the only gate: the breaker opens as soon as the
   * window holds that many calls at the threshold, without waiting for the window's duration to pass.
   */
  @Test
  void minimumCallsIsTheOnlyGateOfATimeWindow_r4j842() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).slidingWindow(Duration.ofMinutes(10))
        .minimumNumberOfCalls(5).build());
    repeat(4, () -> fail(cb));
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    fail(cb); // no time has passed at all
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  /** A ticker that parks the one thread it made, the first time that thread reads it, until released. */
  static final class ParkingTicker implements Ticker {
    private final Ticker delegate;
    private final CountDownLatch parked = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean armed = new AtomicBoolean(true);
    private volatile Thread target;

    ParkingTicker(Ticker delegate) {
      this.delegate = delegate;
    }

    Thread parkedThread(Runnable body) {
      Thread t = new Thread(body, "selfheal-test-stale");
      t.setDaemon(true);
      target = t;
      return t;
    }

    @Override
    public long read() {
      long now = delegate.read();
      if (Thread.currentThread() == target && armed.compareAndSet(true, false)) {
        parked.countDown();
        try {
          released.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return now;
    }

    void awaitParked() throws InterruptedException {
      assertThat(parked.await(10, TimeUnit.SECONDS)).isTrue();
    }

    void release() {
      released.countDown();
    }
  }
}
