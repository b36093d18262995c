package dev.selfheal.recovery.internal.breaker;

import dev.selfheal.recovery.CircuitBreaker.State;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The legal transitions, as a table. Automatic transitions are the four of the classic state machine; an operator
 * may move the breaker from any state to any other (moving to the current state is a no-op, not a transition).
 */
final class Transitions {
  private static final Map<State, Set<State>> AUTOMATIC = new EnumMap<>(State.class);
  private static final Map<State, Set<State>> OPERATOR = new EnumMap<>(State.class);

  static {
    for (State s : State.values()) {
      AUTOMATIC.put(s, EnumSet.noneOf(State.class));
      OPERATOR.put(s, EnumSet.complementOf(EnumSet.of(s))); // any other state
    }
    AUTOMATIC.put(State.CLOSED, EnumSet.of(State.OPEN));          // failure or slow-call rate reached
    AUTOMATIC.put(State.OPEN, EnumSet.of(State.HALF_OPEN));       // wait in OPEN elapsed, first caller
    AUTOMATIC.put(State.HALF_OPEN, EnumSet.of(State.CLOSED,       // trials below both thresholds
        State.OPEN));                                             // trials reached a threshold, or stalled
  }

  private Transitions() {}

  /** Throws {@link IllegalStateException} unless {@code from -> to} is a legal automatic transition. */
  static void checkAutomatic(State from, State to) {
    if (!AUTOMATIC.get(from).contains(to)) {
      throw new IllegalStateException(String.format("illegal automatic transition from %s to %s", from, to));
    }
  }

  /** Throws {@link IllegalStateException} unless an operator may move the breaker from {@code from} to {@code to}. */
  static void checkOperator(State from, State to) {
    if (!OPERATOR.get(from).contains(to)) {
      throw new IllegalStateException(String.format("illegal operator transition from %s to %s", from, to));
    }
  }
}
