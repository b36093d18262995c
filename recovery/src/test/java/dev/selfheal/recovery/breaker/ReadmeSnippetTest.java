package dev.selfheal.recovery.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.event.Journal;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.CircuitBreakerEvent;
import dev.selfheal.recovery.CircuitOpenException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The circuit-breaker snippet proposed for the README, compiled and run. Keep the two in sync. */
class ReadmeSnippetTest {

  /** Stands in for a remote payment gateway. */
  interface Gateway {
    String charge(String order);
  }

  static final class Payments {
    private final Gateway gateway;
    private final CircuitBreaker breaker;

    Payments(Gateway gateway, Journal journal) {
      this.gateway = gateway;
      // --- README snippet starts
      breaker = CircuitBreaker.of("payments", CircuitBreakerConfig.builder()
          .failureRateThreshold(0.5)          // open at 50 % failures
          .slidingWindow(100)                 // over the last 100 calls
          .minimumNumberOfCalls(20)           // once at least 20 calls were seen
          .openFor(Duration.ofSeconds(30))    // then reject for 30 s
          .permittedCallsInHalfOpen(5)        // and let 5 trial calls decide
          .build(), journal);                 // transitions go to the audit journal
      // --- README snippet continues in charge()
    }

    String charge(String order) {
      long permit = breaker.tryAcquirePermit(); // the per-call token: the phase this call is admitted in
      if (permit == CircuitBreaker.NO_PERMIT) {
        throw breaker.newOpenException();     // CircuitOpenException, no stack trace by default
      }
      try {
        String receipt = gateway.charge(order);
        breaker.onResult(permit, 0, receipt); // 0: no slow-call detection configured, nothing to measure
        return receipt;
      } catch (RuntimeException e) {
        breaker.onError(permit, 0, e);
        throw e;
      }
    }
    // --- README snippet ends
  }

  @Test
  void snippetOpensTheBreakerAfterTwentyFailuresAndJournalsIt() {
    Journal journal = Journal.inMemory();
    Payments payments = new Payments(order -> {
      throw new IllegalStateException("gateway down");
    }, journal);
    List<CircuitBreakerEvent> events = new CopyOnWriteArrayList<>();
    payments.breaker.events().subscribe(CircuitBreakerEvent.StateTransition.class, events::add);
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> payments.charge("order")).isInstanceOf(IllegalStateException.class);
    }
    assertThatThrownBy(() -> payments.charge("order")).isInstanceOf(CircuitOpenException.class)
        .hasMessageContaining("payments").hasMessageContaining("OPEN");
    assertThat(events).hasSize(1);
    assertThat(journal.tail()).extracting(r -> r.kind()).containsExactly("circuit.transition");
    assertThat(payments.breaker.metrics().rejectedCalls()).isEqualTo(1);
  }
}
