package dev.selfheal.recovery.breaker;

import static dev.selfheal.recovery.breaker.Breakers.BOOM;
import static dev.selfheal.recovery.breaker.Breakers.fail;
import static dev.selfheal.recovery.breaker.Breakers.record;
import static dev.selfheal.recovery.breaker.Breakers.repeat;
import static dev.selfheal.recovery.breaker.Breakers.succeed;
import static dev.selfheal.recovery.breaker.Breakers.transitions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreaker.State;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.CircuitBreakerEvent;
import dev.selfheal.recovery.CircuitBreakerMetrics;
import dev.selfheal.recovery.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Issue #14: each minimal sequence and fault, as a regression test. */
class CircuitBreakerExactnessTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);

  private CircuitBreakerConfig.Builder config() {
    return CircuitBreakerConfig.builder().ticker(ticker).scheduler(scheduler).failureRateThreshold(0.5)
        .openFor(Duration.ofSeconds(30));
  }

  @Test
  void aSuccessCompletingTheMinimumAtTheThresholdOpens() {
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(2).minimumNumberOfCalls(2).build());
    fail(cb);
    succeed(cb); // F S: 2 calls, 50 %
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  @Test
  void pastTheMinimumASuccessNeverEvaluatesAgainInACountWindow() {
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(4).minimumNumberOfCalls(2).build());
    succeed(cb);
    succeed(cb);
    fail(cb); // 1 of 3
    succeed(cb);
    succeed(cb); // the window slides: S F S S, 25 %
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    fail(cb); // F S S F: 50 %
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  @Test
  void aSuccessAfterExpiryInATimeWindowCanOpen() {
    // window 9 s, minimum 1, 50 %: S S +8124ms F +984ms S (Resilience4j opens at that success)
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(Duration.ofSeconds(9)).minimumNumberOfCalls(1)
        .build());
    succeed(cb);
    succeed(cb);
    ticker.advance(Duration.ofMillis(8124));
    fail(cb); // 1 of 3
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    ticker.advance(Duration.ofMillis(984));
    succeed(cb); // the two successes left the window: F S, 50 %
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  @Test
  void halfOpenDecidesAfterMinOfMinimumAndPermittedTrials() {
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(2).minimumNumberOfCalls(2)
        .permittedCallsInHalfOpen(3).build());
    cb.transitionTo(State.HALF_OPEN);
    succeed(cb);
    fail(cb); // S F: 50 % of 2, decided at 2 trials
    assertThat(cb.state()).isEqualTo(State.OPEN);

    cb.transitionTo(State.HALF_OPEN);
    succeed(cb);
    succeed(cb);
    assertThat(cb.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void maxWaitInHalfOpenMovesToOpenOnTheSchedulerWithoutACall() {
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(2).minimumNumberOfCalls(2)
        .permittedCallsInHalfOpen(1).maxWaitInHalfOpen(Duration.ofSeconds(20)).build());
    repeat(2, () -> fail(cb));
    ticker.advance(Duration.ofSeconds(30));
    long stalled = cb.tryAcquirePermit(); // HALF_OPEN; this trial never reports
    assertThat(stalled).isNotEqualTo(CircuitBreaker.NO_PERMIT);
    assertThat(cb.health().status()).isEqualTo(HealthStatus.DEGRADED);
    scheduler.advance(Duration.ofSeconds(19));
    assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(cb.state()).as("at the deadline, no call needed").isEqualTo(State.OPEN);
    assertThat(cb.health().status()).isEqualTo(HealthStatus.DOWN);
    cb.onSuccess(stalled, 0); // the stalled trial's late result is applied to nothing
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  @Test
  void aDecidedHalfOpenCancelsItsDeadline() {
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(2).minimumNumberOfCalls(2)
        .permittedCallsInHalfOpen(1).build());
    cb.transitionTo(State.HALF_OPEN);
    assertThat(scheduler.pending()).isEqualTo(1);
    succeed(cb);
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void automaticTransitionFromOpenToHalfOpenRunsOnTheScheduler() {
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(2).minimumNumberOfCalls(2)
        .automaticTransitionFromOpenToHalfOpen(true).build());
    List<CircuitBreakerEvent> events = record(cb);
    repeat(2, () -> fail(cb));
    scheduler.advance(Duration.ofSeconds(29));
    assertThat(cb.state()).isEqualTo(State.OPEN);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    assertThat(transitions(events)).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN");
  }

  @Test
  void withoutTheAutomaticTransitionOpenWaitsForACall() {
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(2).minimumNumberOfCalls(2).build());
    repeat(2, () -> fail(cb));
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(cb.state()).isEqualTo(State.OPEN);
    assertThat(succeed(cb)).isTrue();
    assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
  }

  @Test
  void openStateMetricsDescribeTheKeptClosedWindowWithoutDrift() {
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(4).minimumNumberOfCalls(4)
        .permittedCallsInHalfOpen(1).build());
    repeat(4, () -> fail(cb));
    for (int i = 0; i < 4; i++) {
      assertThat(cb.state()).isEqualTo(State.OPEN);
      CircuitBreakerMetrics m = cb.metrics();
      assertThat(m.failureRate()).as("round %d", i).isEqualTo(1.0);
      assertThat(m.callsInWindow()).isEqualTo(4);
      assertThat(m.failuresInWindow()).isEqualTo(4);
      ticker.advance(Duration.ofSeconds(30));
      fail(cb); // a failed trial: back to OPEN
    }
    assertThat(cb.metrics().failedCalls()).isEqualTo(8);
  }

  @Test
  void lateResultsOfAnEarlierPhaseCannotReopenAClosedBreaker() {
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(20).minimumNumberOfCalls(5)
        .permittedCallsInHalfOpen(3).build());
    List<CircuitBreakerEvent> events = record(cb);
    long[] old = new long[5];
    for (int i = 0; i < 5; i++) {
      old[i] = cb.tryAcquirePermit(); // left open
    }
    repeat(5, () -> fail(cb));
    assertThat(cb.state()).isEqualTo(State.OPEN);
    ticker.advance(Duration.ofSeconds(30));
    repeat(3, () -> succeed(cb));
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    for (long permit : old) {
      cb.onError(permit, 0, BOOM);
    }
    assertThat(cb.state()).as("nothing failed after it closed").isEqualTo(State.CLOSED);
    assertThat(transitions(events)).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    CircuitBreakerMetrics m = cb.metrics();
    assertThat(m.callsInWindow()).isZero();
    assertThat(m.failedCalls()).as("counted all the same").isEqualTo(10);
    assertThat(m.successfulCalls()).isEqualTo(3);
  }

  @Test
  void aResultAdmittedInClosedIsNeverAHalfOpenTrial() {
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(2).minimumNumberOfCalls(2)
        .permittedCallsInHalfOpen(1).build());
    long late = cb.tryAcquirePermit();
    repeat(2, () -> fail(cb));
    ticker.advance(Duration.ofSeconds(30));
    long trial = cb.tryAcquirePermit();
    assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    cb.onSuccess(late, 0); // would have decided the single trial
    assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    cb.releasePermission(late); // nor return a trial permit it never took
    assertThat(cb.tryAcquirePermission()).as("the one trial is still taken").isFalse();
    cb.onError(trial, 0, BOOM);
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  @Test
  void withoutTheTokenALateResultIsAppliedToTheCurrentPhase() {
    // the documented limit of the convenience path
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(2).minimumNumberOfCalls(2).build());
    assertThat(cb.tryAcquirePermission()).isTrue(); // a call left open
    repeat(2, () -> fail(cb));
    cb.reset();
    cb.onError(0, BOOM);
    assertThat(cb.metrics().callsInWindow()).isEqualTo(1);
  }

  @Test
  void twoFailuresOnAOneCallWindowGiveOneFailureInTheWindow() {
    // resilience4j's jcstress expectation: state=OPEN failed=1 buffered=1, one transition
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(1).minimumNumberOfCalls(1).build());
    List<CircuitBreakerEvent> events = record(cb);
    long a = cb.tryAcquirePermit();
    long b = cb.tryAcquirePermit();
    cb.onError(a, 0, BOOM);
    cb.onError(b, 0, BOOM);
    CircuitBreakerMetrics m = cb.metrics();
    assertThat(m.state()).isEqualTo(State.OPEN);
    assertThat(m.failuresInWindow()).isEqualTo(1);
    assertThat(m.callsInWindow()).isEqualTo(1);
    assertThat(m.failedCalls()).isEqualTo(2);
    assertThat(transitions(events)).containsExactly("CLOSED->OPEN");
  }

  @Test
  void metricsBelowTheMinimumAreCallsAndARate() {
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(10).minimumNumberOfCalls(10).build());
    fail(cb);
    succeed(cb);
    succeed(cb);
    succeed(cb);
    CircuitBreakerMetrics m = cb.metrics();
    assertThat(m.callsInWindow()).isEqualTo(4);
    assertThat(m.failureRate()).isEqualTo(0.25);
    assertThat(m.slowCallRate()).isZero();
  }

  @Test
  void aSlowTrialOfADecidedPeriodMovesOnlyTheCounters() {
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(2).minimumNumberOfCalls(1)
        .permittedCallsInHalfOpen(2).build());
    cb.transitionTo(State.HALF_OPEN);
    List<Long> trials = new ArrayList<>();
    trials.add(cb.tryAcquirePermit());
    trials.add(cb.tryAcquirePermit());
    cb.onSuccess(trials.get(0), 0); // decides at min(1, 2) = 1 trial
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    cb.onError(trials.get(1), 0, BOOM);
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    assertThat(cb.metrics().callsInWindow()).isZero();
    assertThat(cb.metrics().failedCalls()).isEqualTo(1);
  }

  @Test
  void aThrowingPredicateReachesThePipelinesCallerSyncAndAsync() {
    IllegalStateException bug = new IllegalStateException("result predicate bug");
    CircuitBreaker cb = CircuitBreaker.of("t", config().slidingWindow(2).minimumNumberOfCalls(1)
        .recordResult(r -> {
          throw bug;
        }).build());
    Pipeline<String> pipeline = Pipeline.<String>builder().circuitBreaker(cb).build();
    assertThatThrownBy(() -> pipeline.get(() -> "ok")).isSameAs(bug);
    assertThatThrownBy(() -> pipeline.getAsync(() -> CompletableFuture.completedFuture("ok")).join())
        .hasCause(bug);
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    assertThat(cb.metrics().callsInWindow()).isZero();
    assertThat(cb.metrics().predicateFailures()).isEqualTo(2);
  }
}
