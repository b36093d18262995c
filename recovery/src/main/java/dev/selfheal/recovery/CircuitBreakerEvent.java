package dev.selfheal.recovery;

import dev.selfheal.core.event.Actor;

/**
 * What a {@link CircuitBreaker} publishes on its {@link CircuitBreaker#events() event bus}: state transitions
 * and configuration changes only (per-call outcomes are counters, see {@link CircuitBreakerMetrics}). Each
 * event is published exactly once, by the thread whose compare-and-set committed the change, after the commit
 * and outside any lock.
 */
public sealed interface CircuitBreakerEvent {

  /** The name of the breaker. */
  String breaker();

  /** Who caused the change: {@link Actor#automatic()} or an operator. */
  Actor actor();

  /**
   * The breaker moved from {@code from} to {@code to}.
   *
   * @param epoch  the new state's epoch: increases by one on every transition and config change
   * @param reason why, for humans and the journal (for example {@code "failure rate 0.6 >= 0.5 over 10 calls"})
   */
  record StateTransition(String breaker, CircuitBreaker.State from, CircuitBreaker.State to, long epoch,
      String reason, Actor actor) implements CircuitBreakerEvent {}

  /** The breaker took a new configuration at run time; {@code windowKept} says whether the window survived. */
  record ConfigChanged(String breaker, CircuitBreakerConfig previous, CircuitBreakerConfig current,
      boolean windowKept, Actor actor) implements CircuitBreakerEvent {}

  /** An operator reset the breaker: CLOSED with an empty window and the open-wait growth forgotten. */
  record Reset(String breaker, CircuitBreaker.State from, Actor actor) implements CircuitBreakerEvent {}
}
