package dev.selfheal.recovery;

import dev.selfheal.core.event.Actor;

/**
 * What a {@link CircuitBreaker} publishes on its {@link CircuitBreaker#events() event bus}: state transitions
 * and configuration changes only (per-call outcomes are counters, see {@link CircuitBreakerMetrics}). Each
 * event is published exactly once, by the thread whose compare-and-set committed the change, after the commit
 * and outside any lock.
 */
public sealed interface CircuitBreakerEvent {

  /** {@return the name of the breaker} */
  String breaker();

  /** {@return who caused the change: {@link Actor#automatic()} or an operator} */
  Actor actor();

  /**
   * The breaker moved from {@code from} to {@code to}.
   *
   * @param breaker the breaker's name
   * @param from the state before
   * @param to the state now
   * @param epoch  the new state's epoch: increases by one on every transition and config change
   * @param reason why, for humans and the journal (for example {@code "failure rate 0.6 >= 0.5 over 10 calls"})
   * @param actor who caused it
   */
  record StateTransition(String breaker, CircuitBreaker.State from, CircuitBreaker.State to, long epoch,
      String reason, Actor actor) implements CircuitBreakerEvent {}

  /**
   * The breaker took a new configuration at run time; {@code windowKept} says whether the window survived.
   *
   * @param breaker the breaker's name
   * @param previous the configuration before
   * @param current the configuration now in force
   * @param windowKept whether the window kept its counts
   * @param actor who changed it
   */
  record ConfigChanged(String breaker, CircuitBreakerConfig previous, CircuitBreakerConfig current,
      boolean windowKept, Actor actor) implements CircuitBreakerEvent {}

  /**
   * An operator reset the breaker: CLOSED with an empty window and the open-wait growth forgotten.
   *
   * @param breaker the breaker's name
   * @param from the state before
   * @param actor who reset it
   */
  record Reset(String breaker, CircuitBreaker.State from, Actor actor) implements CircuitBreakerEvent {}
}
