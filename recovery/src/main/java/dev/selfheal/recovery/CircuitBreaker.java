package dev.selfheal.recovery;

import dev.selfheal.core.spi.HealthSource;

/**
 * A circuit breaker: stops calling a dependency that keeps failing, and lets a bounded number of trial
 * calls through once it has had time to recover.
 *
 * <p><b>The low-level protocol</b> (what {@code Pipeline} and users wrapping calls by hand use): for each
 * call, {@link #tryAcquirePermission()}; if it returned {@code true}, exactly one of
 * {@link #onSuccess}, {@link #onError}, {@link #onResult} or {@link #releasePermission()} (the call was
 * cancelled: release and record nothing). Durations are measured by the caller only when
 * {@link #measuresDuration()} is true (slow-call detection is on); otherwise pass 0.
 *
 * <p>Reading {@link #state()} or {@link #health()} never consumes a permit.
 *
 * <p>Implementations are thread-safe and lock-free on the call path.
 */
public interface CircuitBreaker extends HealthSource {

  /** The breaker's states. */
  enum State {
    /** Calls pass; outcomes are recorded in the sliding window. */
    CLOSED,
    /** Calls are rejected until the wait in OPEN has elapsed. */
    OPEN,
    /** A fixed number of trial calls pass; their outcomes decide CLOSED or OPEN. */
    HALF_OPEN,
    /** Operator override: every call passes, nothing is recorded. */
    DISABLED,
    /** Operator override: every call is rejected. */
    FORCED_OPEN,
    /** Operator override: every call passes, outcomes are recorded, the state never changes. */
    METRICS_ONLY
  }

  /** The breaker's name, unique within its registry. */
  @Override
  String name();

  /** The current state. Never changes state, never consumes a permit. */
  State state();

  /**
   * Asks to make one call. Never blocks. In HALF_OPEN at most the configured number of trial calls are
   * admitted, however many threads race. A {@code true} obliges the caller to report the call's end
   * exactly once.
   */
  boolean tryAcquirePermission();

  /** The call ended without an outcome to record (cancelled): frees its permit, records nothing. */
  void releasePermission();

  /** The call succeeded after {@code durationNanos} (0 unless {@link #measuresDuration()}). */
  void onSuccess(long durationNanos);

  /**
   * The call threw {@code error} after {@code durationNanos}. The record/ignore predicates decide whether
   * it counts as a failure; a predicate that throws counts as a failure and never leaks the permit.
   */
  void onError(long durationNanos, Throwable error);

  /** The call returned {@code result}; the result predicate decides whether it counts as a failure. */
  void onResult(long durationNanos, Object result);

  /** Whether callers must measure call durations (only when slow-call detection is configured). */
  boolean measuresDuration();

  /** The exception to throw for a rejected call (without a stack trace unless configured). */
  CircuitOpenException newOpenException();
}
