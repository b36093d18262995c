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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreaker.State;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.CircuitBreakerEvent;
import dev.selfheal.recovery.CircuitOpenException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerStateMachineTest {
  private final ManualTicker ticker = new ManualTicker();

  @Test
  void opensWhenFailureRateReachesThresholdAtMinimumCalls() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    List<CircuitBreakerEvent> events = record(cb);
    repeat(3, () -> succeed(cb));
    fail(cb);
    fail(cb); // 5 calls, 2 failures: 0.4 < 0.5
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    fail(cb); // 6 calls, 3 failures: 0.5 >= 0.5
    assertThat(cb.state()).isEqualTo(State.OPEN);
    assertThat(transitions(events)).containsExactly("CLOSED->OPEN");
    assertThat(cb.metrics().rejectedCalls()).isZero();
    assertThat(cb.tryAcquirePermission()).isFalse();
    assertThat(cb.metrics().rejectedCalls()).isEqualTo(1);
  }

  @Test
  void belowMinimumCallsNeverOpens() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    repeat(4, () -> fail(cb));
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    assertThat(cb.metrics().callsInWindow()).as("honest below the minimum: calls and a rate").isEqualTo(4);
    assertThat(cb.metrics().failureRate()).isEqualTo(1.0);
    fail(cb);
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  @Test
  void successCompletingTheMinimumAtTheThresholdOpens_asResilience4j() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    repeat(3, () -> fail(cb));
    succeed(cb);
    assertThat(cb.state()).as("4 calls: below the minimum").isEqualTo(State.CLOSED);
    succeed(cb); // 5 calls, rate 0.6: the success completing the minimum decides
    assertThat(cb.state()).isEqualTo(State.OPEN);
    assertThat(cb.metrics().failureRate()).isEqualTo(0.6);
  }

  @Test
  void countWindowSlidesOldFailuresOut() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).minimumNumberOfCalls(10).build());
    repeat(4, () -> fail(cb));
    repeat(10, () -> succeed(cb));
    fail(cb); // the window is the last 10 calls: 9 successes and this failure
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    assertThat(cb.metrics().callsInWindow()).isEqualTo(10);
    assertThat(cb.metrics().failuresInWindow()).isEqualTo(1);
  }

  @Test
  void countWindowNeverReadsTheTickerWithoutSlowCallDetection() {
    AtomicLong reads = new AtomicLong();
    Ticker counting = counting(reads);
    CircuitBreaker cb = CircuitBreaker.of("t", CircuitBreakerConfig.builder().ticker(counting).build());
    repeat(10_000, () -> succeed(cb));
    assertThat(reads).hasValue(0);
    assertThat(cb.measuresDuration()).isFalse();
    assertThat(cb.metrics().successfulCalls()).isEqualTo(10_000);
  }

  private Ticker counting(AtomicLong reads) {
    return () -> {
      reads.incrementAndGet();
      return ticker.read();
    };
  }

  @Test
  void openWaitsThenFirstCallMovesToHalfOpen() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    List<CircuitBreakerEvent> events = record(cb);
    trip(cb);
    ticker.advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(cb.tryAcquirePermission()).isFalse();
    assertThat(cb.state()).isEqualTo(State.OPEN);
    ticker.advanceNanos(1);
    assertThat(cb.state()).as("no background thread: state changes only on a call").isEqualTo(State.OPEN);
    assertThat(cb.tryAcquirePermission()).isTrue();
    assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    assertThat(cb.tryAcquirePermission()).isTrue();
    assertThat(cb.tryAcquirePermission()).as("exactly 2 trials").isFalse();
    assertThat(transitions(events)).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN");
  }

  @Test
  void halfOpenClosesWhenTrialsSucceedAndStartsAnEmptyWindow() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    assertThat(succeed(cb)).isTrue();
    assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    assertThat(succeed(cb)).isTrue();
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    assertThat(cb.metrics().callsInWindow()).isZero();
    repeat(4, () -> fail(cb));
    assertThat(cb.state()).as("fresh window: minimum calls again").isEqualTo(State.CLOSED);
  }

  @Test
  void halfOpenReopensWhenTrialFailureRateReachesThreshold() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    List<CircuitBreakerEvent> events = record(cb);
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    assertThat(cb.tryAcquirePermission()).isTrue();
    assertThat(cb.tryAcquirePermission()).isTrue();
    cb.onSuccess(0);
    assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    cb.onError(0, BOOM); // 1 of 2 = 0.5
    assertThat(cb.state()).isEqualTo(State.OPEN);
    assertThat(transitions(events)).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN");
  }

  @Test
  void waitInOpenGrowsOnConsecutiveOpeningsUpToMaxAndResetsOnClose() {
    CircuitBreaker cb = CircuitBreaker.of("t",
        small(ticker).openForBackoff(2.0, Duration.ofSeconds(30)).permittedCallsInHalfOpen(1).build());
    trip(cb);
    long[] expectedWaits = {10, 20, 30, 30};
    for (long wait : expectedWaits) {
      ticker.advance(Duration.ofSeconds(wait).minusNanos(1));
      assertThat(cb.tryAcquirePermission()).as("still OPEN before %s s", wait).isFalse();
      ticker.advanceNanos(1);
      assertThat(fail(cb)).as("trial admitted after %s s", wait).isTrue();
      assertThat(cb.state()).isEqualTo(State.OPEN);
    }
    ticker.advance(Duration.ofSeconds(30));
    assertThat(succeed(cb)).isTrue();
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    assertThat(cb.tryAcquirePermission()).as("back to the base wait after closing").isTrue();
  }

  @Test
  void stalledTrialsSendHalfOpenBackToOpenAfterMaxWait() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    List<CircuitBreakerEvent> events = record(cb);
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    assertThat(cb.tryAcquirePermission()).isTrue();
    assertThat(cb.tryAcquirePermission()).isTrue(); // both trials hang
    ticker.advance(Duration.ofSeconds(30).minusNanos(1));
    assertThat(cb.tryAcquirePermission()).isFalse();
    assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    ticker.advanceNanos(1);
    assertThat(cb.tryAcquirePermission()).isFalse();
    assertThat(cb.state()).isEqualTo(State.OPEN);
    assertThat(transitions(events)).endsWith("HALF_OPEN->OPEN");
    ticker.advance(Duration.ofSeconds(10));
    assertThat(cb.tryAcquirePermission()).as("recovers: a new set of trials").isTrue();
  }

  @Test
  void slowCallsOpenTheBreakerAndCallersMeasureDurations() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).slowCallDuration(Duration.ofSeconds(1))
        .slowCallRateThreshold(0.6).failureRateThreshold(1.0).build());
    assertThat(cb.measuresDuration()).isTrue();
    long slow = Duration.ofSeconds(1).toNanos();
    repeat(2, () -> {
      cb.tryAcquirePermission();
      cb.onSuccess(slow - 1);
    });
    repeat(2, () -> {
      cb.tryAcquirePermission();
      cb.onSuccess(slow);
    });
    cb.tryAcquirePermission();
    cb.onError(slow, BOOM); // 5 calls, 3 slow (one of them failed): 0.6
    assertThat(cb.state()).isEqualTo(State.OPEN);
    assertThat(cb.metrics().slowCalls()).isEqualTo(3);
    assertThat(cb.metrics().failedCalls()).isEqualTo(1);
  }

  @Test
  void timeWindowForgetsCallsOlderThanItsDuration() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).slidingWindow(Duration.ofSeconds(10))
        .minimumNumberOfCalls(3).build());
    repeat(2, () -> fail(cb));
    ticker.advance(Duration.ofSeconds(11));
    fail(cb);
    assertThat(cb.state()).as("the two old failures left the window").isEqualTo(State.CLOSED);
    assertThat(cb.metrics().callsInWindow()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(5));
    repeat(2, () -> succeed(cb));
    fail(cb); // 4 calls within 10 s: 2 failures
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  @Test
  void timeWindowSuccessesReadTheTickerOncePerCall() {
    AtomicLong reads = new AtomicLong();
    Ticker counting = counting(reads);
    CircuitBreaker cb = CircuitBreaker.of("t", CircuitBreakerConfig.builder().ticker(counting)
        .slidingWindow(Duration.ofSeconds(10)).build());
    long atStart = reads.get();
    repeat(100, () -> succeed(cb));
    assertThat(reads.get() - atStart).isEqualTo(100);
  }

  @Test
  void disabledAdmitsEverythingAndRecordsNothing() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    cb.transitionTo(State.DISABLED, Actor.operator("ops"));
    repeat(100, () -> fail(cb));
    assertThat(cb.state()).isEqualTo(State.DISABLED);
    assertThat(cb.metrics().failedCalls()).isZero();
    assertThat(cb.health().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void forcedOpenRejectsEverythingAndReportsDown() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    cb.transitionTo(State.FORCED_OPEN);
    ticker.advance(Duration.ofDays(1));
    assertThat(cb.tryAcquirePermission()).isFalse();
    assertThat(cb.state()).isEqualTo(State.FORCED_OPEN);
    assertThat(cb.health().status()).isEqualTo(HealthStatus.DOWN);
    CircuitOpenException e = cb.newOpenException();
    assertThat(e.state()).isEqualTo(State.FORCED_OPEN);
    assertThat(e.breaker()).isEqualTo("t");
    assertThat(e.getStackTrace()).isEmpty();
  }

  @Test
  void metricsOnlyRecordsButNeverChangesState() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    cb.transitionTo(State.METRICS_ONLY);
    repeat(20, () -> fail(cb));
    assertThat(cb.state()).isEqualTo(State.METRICS_ONLY);
    assertThat(cb.metrics().failuresInWindow()).isEqualTo(10);
    assertThat(cb.metrics().failureRate()).isEqualTo(1.0);
  }

  @Test
  void operatorTransitionsAreIdempotentAndJournaled() {
    Journal journal = Journal.inMemory();
    CircuitBreaker cb = CircuitBreaker.of("payments", small(ticker).build(), journal);
    List<CircuitBreakerEvent> events = record(cb);
    cb.transitionTo(State.FORCED_OPEN, Actor.operator("alice"));
    cb.transitionTo(State.FORCED_OPEN, Actor.operator("alice"));
    cb.transitionTo(State.HALF_OPEN, Actor.operator("alice"));
    assertThat(transitions(events)).containsExactly("CLOSED->FORCED_OPEN", "FORCED_OPEN->HALF_OPEN");
    assertThat(cb.tryAcquirePermission()).isTrue();
    cb.reset(Actor.operator("bob"));
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    List<JournalRecord> tail = journal.tail();
    assertThat(tail).extracting(JournalRecord::kind)
        .containsExactly("circuit.override", "circuit.override", "circuit.reset");
    assertThat(tail).extracting(r -> r.actor().name())
        .containsExactly("operator:alice", "operator:alice", "operator:bob");
    assertThat(tail.get(0).path()).as("the name its health source has too").isEqualTo("circuit:payments");
    assertThat(tail.get(0).decision()).isEqualTo("CLOSED -> FORCED_OPEN");
  }

  @Test
  void automaticTransitionsAreJournaledAsAutomatic() {
    Journal journal = Journal.inMemory();
    CircuitBreaker cb = CircuitBreaker.of("payments", small(ticker).build(), journal);
    trip(cb);
    assertThat(journal.tail()).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo("circuit.transition");
      assertThat(r.actor()).isEqualTo(Actor.automatic());
      assertThat(r.cause()).contains("failure rate 1.0 >= 0.5 over 5 calls");
    });
  }

  @Test
  void eventsCarryIncreasingEpochs() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    List<CircuitBreakerEvent> events = record(cb);
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    succeed(cb);
    succeed(cb);
    assertThat(events).extracting(e -> ((CircuitBreakerEvent.StateTransition) e).epoch()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void reconfigureKeepsStateAndCompatibleWindow() {
    Journal journal = Journal.inMemory();
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build(), journal);
    List<CircuitBreakerEvent> events = record(cb);
    repeat(4, () -> fail(cb));
    cb.reconfigure(cb.config().toBuilder().failureRateThreshold(0.9).build(), Actor.operator("ops"));
    assertThat(cb.config().failureRateThreshold()).isEqualTo(0.9);
    assertThat(cb.metrics().failuresInWindow()).as("window kept").isEqualTo(4);
    fail(cb);
    assertThat(cb.state()).isEqualTo(State.OPEN);
    assertThat(events.get(0)).isInstanceOfSatisfying(CircuitBreakerEvent.ConfigChanged.class,
        c -> assertThat(c.windowKept()).isTrue());
    assertThat(journal.tail().get(0).kind()).isEqualTo("circuit.reconfigure");

    cb.reconfigure(cb.config().toBuilder().openFor(Duration.ofSeconds(1)).slidingWindow(20).build());
    assertThat(cb.state()).as("state kept").isEqualTo(State.OPEN);
    ticker.advance(Duration.ofSeconds(9));
    assertThat(cb.tryAcquirePermission()).as("the wait already started is kept").isFalse();
    ticker.advance(Duration.ofSeconds(1));
    assertThat(cb.tryAcquirePermission()).isTrue();
  }

  @Test
  void reconfigureWithAnotherWindowStartsItEmpty() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    List<CircuitBreakerEvent> events = record(cb);
    repeat(4, () -> fail(cb));
    cb.reconfigure(cb.config().toBuilder().slidingWindow(Duration.ofSeconds(30)).build());
    assertThat(cb.metrics().callsInWindow()).isZero();
    assertThat(events.get(0)).isInstanceOfSatisfying(CircuitBreakerEvent.ConfigChanged.class,
        c -> assertThat(c.windowKept()).isFalse());
  }

  @Test
  void trialDecisionSurvivesAConcurrentReconfigure() throws Exception {
    CircuitBreakerReferenceTest.ParkingTicker parking = new CircuitBreakerReferenceTest.ParkingTicker(ticker);
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).ticker(parking).permittedCallsInHalfOpen(1).build());
    trip(cb);
    ticker.advance(Duration.ofSeconds(10));
    assertThat(cb.tryAcquirePermission()).isTrue();
    Thread trial = parking.parkedThread(() -> cb.onError(0, BOOM)); // parks after deciding, before the CAS
    trial.start();
    parking.awaitParked();
    cb.reconfigure(cb.config().toBuilder().slidingWindow(50).build()); // new phase object, new window, same trials
    parking.release();
    trial.join(10_000);
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  @Test
  void tripSurvivesAConcurrentCompatibleReconfigure() throws Exception {
    CircuitBreakerReferenceTest.ParkingTicker parking = new CircuitBreakerReferenceTest.ParkingTicker(ticker);
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).ticker(parking).build());
    repeat(4, () -> fail(cb));
    Thread fifth = parking.parkedThread(() -> fail(cb)); // parks after deciding to open, before the CAS
    fifth.start();
    parking.awaitParked();
    cb.reconfigure(cb.config().toBuilder().critical(true).build());
    parking.release();
    fifth.join(10_000);
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  @Test
  void reconfigureRefusesAnotherTicker() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).build());
    assertThatThrownBy(() -> cb.reconfigure(cb.config().toBuilder().ticker(new ManualTicker()).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ticker");
  }

  @Test
  void healthFollowsStateAndCriticalFollowsConfig() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).critical(true).build());
    assertThat(cb.critical()).isTrue();
    assertThat(CircuitBreaker.ofDefaults("d").critical()).isFalse();
    assertThat(cb.health().status()).isEqualTo(HealthStatus.UP);
    trip(cb);
    assertThat(cb.health().status()).isEqualTo(HealthStatus.DOWN);
    ticker.advance(Duration.ofSeconds(10));
    cb.tryAcquirePermission();
    assertThat(cb.health().status()).isEqualTo(HealthStatus.DEGRADED);
    cb.transitionTo(State.METRICS_ONLY);
    assertThat(cb.health().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void resultPredicateDecidesFailures() {
    CircuitBreaker cb = CircuitBreaker.of("t", small(ticker).recordResult(r -> r == null).build());
    repeat(5, () -> {
      cb.tryAcquirePermission();
      cb.onResult(0, null);
    });
    assertThat(cb.state()).isEqualTo(State.OPEN);
  }

  @Test
  void unrecordedExceptionCountsAsSuccess() {
    CircuitBreaker cb = CircuitBreaker.of("t",
        small(ticker).recordExceptions(e -> !(e instanceof IllegalArgumentException)).build());
    repeat(10, () -> {
      cb.tryAcquirePermission();
      cb.onError(0, new IllegalArgumentException("bad input"));
    });
    assertThat(cb.state()).isEqualTo(State.CLOSED);
    assertThat(cb.metrics().successfulCalls()).isEqualTo(10);
  }
}
