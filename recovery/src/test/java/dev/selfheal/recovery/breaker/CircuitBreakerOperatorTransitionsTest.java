package dev.selfheal.recovery.breaker;

import static dev.selfheal.recovery.breaker.Breakers.record;
import static dev.selfheal.recovery.breaker.Breakers.small;
import static dev.selfheal.recovery.breaker.Breakers.transitions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.event.Actor;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreaker.State;
import dev.selfheal.recovery.CircuitBreakerEvent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operator transition, from every state to every state: the target's admission rule holds right after. */
class CircuitBreakerOperatorTransitionsTest {

  static Stream<Arguments> pairs() {
    return Stream.of(State.values()).flatMap(from -> Stream.of(State.values()).map(to -> Arguments.of(from, to)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("pairs")
  void operatorMovesFromAnyStateToAnyState(State from, State to) {
    CircuitBreaker cb = CircuitBreaker.of("op", small(new ManualTicker()).build());
    cb.transitionTo(from, Actor.operator("setup"));
    List<CircuitBreakerEvent> events = record(cb);
    cb.transitionTo(to, Actor.operator("ops"));
    assertThat(cb.state()).isEqualTo(to);
    assertThat(transitions(events)).isEqualTo(from == to ? List.of() : List.of(from + "->" + to));
    switch (to) {
      case CLOSED, DISABLED, METRICS_ONLY -> {
        for (int i = 0; i < 20; i++) {
          assertThat(cb.tryAcquirePermission()).isTrue();
          cb.releasePermission();
        }
      }
      case OPEN, FORCED_OPEN -> assertThat(cb.tryAcquirePermission()).isFalse();
      case HALF_OPEN -> {
        assertThat(cb.tryAcquirePermission()).isTrue();
        assertThat(cb.tryAcquirePermission()).isTrue();
        assertThat(cb.tryAcquirePermission()).isFalse();
      }
      default -> throw new AssertionError(to);
    }
    if (to == State.CLOSED || to == State.METRICS_ONLY) {
      assertThat(cb.metrics().callsInWindow()).as("a fresh window").isZero();
    }
  }
}
