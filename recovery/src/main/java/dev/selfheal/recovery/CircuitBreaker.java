package dev.selfheal.recovery;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.recovery.internal.PolicyHealth;
import dev.selfheal.recovery.internal.breaker.StripedCircuitBreaker;
import java.util.Objects;

/**
 * A circuit breaker: stops calling a dependency that keeps failing, and lets a bounded number of trial
 * calls through once it has had time to recover.
 *
 * <p><b>The low-level protocol</b> (what {@code Pipeline} and users wrapping calls by hand use): for each
 * call, {@link #tryAcquirePermit()}; if it returned a permit (not {@link #NO_PERMIT}), exactly one of
 * {@link #onSuccess(long, long)}, {@link #onError(long, long, Throwable)}, {@link #onResult(long, long, Object)} or
 * {@link #releasePermission(long)} (the call was cancelled: release and record nothing), passing that permit back.
 * Durations are measured by the caller only when {@link #measuresDuration()} is true (slow-call detection is on);
 * otherwise pass 0.
 *
 * <p><b>The permit is the per-call token.</b> It is a primitive naming the phase the call was admitted in (a new
 * one at every transition), so the success path allocates nothing. A result is applied only to the phase it was
 * admitted in: to that CLOSED window, to those HALF_OPEN trials. A result that arrives after the breaker has moved
 * on (a late call, a slow trial of a period already decided) moves only the cumulative counters of
 * {@link #metrics()}: it can neither re-open a breaker that closed after it was admitted, nor count as a trial of a
 * HALF_OPEN period it was not admitted in, nor return a permit it did not take.
 *
 * <p><b>Without the token</b>, {@link #tryAcquirePermission()} and the {@code on*} methods without a permit
 * argument apply a result to the phase current when it arrives. That is exact while the breaker stays in the phase
 * the call was admitted in, which is every call of a single-threaded caller; its limits: a late result of a call
 * admitted in an earlier phase is recorded in the current CLOSED window, and counts as a HALF_OPEN trial while a
 * trial is outstanding (a late release returns a trial permit, letting one more trial in). Use it only where the
 * token cannot be carried.
 *
 * <pre>{@code
 * CircuitBreaker cb = CircuitBreaker.of("payments", CircuitBreakerConfig.builder()
 *     .failureRateThreshold(0.5).slidingWindow(100).openFor(Duration.ofSeconds(30)).build());
 * long permit = cb.tryAcquirePermit();
 * if (permit == CircuitBreaker.NO_PERMIT) {
 *   throw cb.newOpenException();
 * }
 * try {
 *   Receipt r = payments.charge(order);
 *   cb.onResult(permit, 0, r);
 *   return r;
 * } catch (RuntimeException e) {
 *   cb.onError(permit, 0, e);
 *   throw e;
 * }
 * }</pre>
 *
 * <p>Reading {@link #state()} or {@link #health()} never consumes a permit.
 *
 * <p><b>Health.</b> OPEN and FORCED_OPEN report DOWN, HALF_OPEN DEGRADED, every other state UP;
 * {@link #critical()} comes from {@link CircuitBreakerConfig#critical()}. A breaker is not itself a health source:
 * {@link #asHealthSource()} is its view named {@code circuit:<name>}, the one name its journal records and its
 * registry use too, so a breaker made by hand and one made by a registry are shown alike.
 *
 * <p><b>Events and journal.</b> Every state transition, reset and config change is published once as a
 * {@link CircuitBreakerEvent} on {@link #events()} (synchronously, on the thread that made the change, after it
 * committed), and appended to the breaker's {@link Journal} when it has one, at {@code circuit:<name>} (kinds
 * {@link RecoveryJournalKind#CIRCUIT_TRANSITION circuit.transition}, {@link RecoveryJournalKind#CIRCUIT_OVERRIDE
 * circuit.override}, {@link RecoveryJournalKind#CIRCUIT_RESET circuit.reset},
 * {@link RecoveryJournalKind#CIRCUIT_RECONFIGURE circuit.reconfigure}). A breaker built without a journal only
 * publishes events (and logs transitions at INFO). Per-call outcomes are counters: {@link #metrics()}.
 *
 *
 * <p>Implementations are thread-safe and lock-free on the call path.
 */
public interface CircuitBreaker {

  /** What {@link #tryAcquirePermit()} returns for a rejected call; never a permit. */
  long NO_PERMIT = -1L;

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

  /** {@return the breaker's name, unique within its registry, such as {@code payments}} */
  String name();

  /**
   * {@return the breaker's health verdict now (the rules: the class javadoc); never changes its state}
   */
  HealthReport health();

  /** {@return whether the breaker's health may pull readiness down, as configured. Defaults to {@code false}} */
  default boolean critical() {
    return false;
  }

  /**
   * This breaker as a health source, named {@code circuit:<name>}: the name its journal records and its registry
   * give it too, however it was made (add it to a context with {@code context.addHealthSource(x.asHealthSource())}).
   * Its verdict: DOWN while OPEN or FORCED_OPEN, DEGRADED while HALF_OPEN, else UP.
   * It may pull readiness down only when {@link #critical()}. Two views of one instance are equal.
   *
   * @return the health source view of this breaker
   */
  default HealthSource asHealthSource() {
    return PolicyHealth.of(this);
  }

  /** {@return the current state. Never changes state, never consumes a permit} */
  State state();

  /**
   * Asks to make one call and returns its permit, the per-call token (a non-negative number), or
   * {@link #NO_PERMIT}. Never blocks, never allocates. In HALF_OPEN at most the configured number of trial calls are
   * admitted, however many threads race. A permit obliges the caller to report the call's end exactly once, passing
   * the permit back.
   *
   * <p>The default implementation, for breakers written before the token, maps {@link #tryAcquirePermission()} to
   * permit 0 and the permit-taking methods to the methods without a permit.
   *
   * @return the permit, or {@link #NO_PERMIT}
   */
  default long tryAcquirePermit() {
    return tryAcquirePermission() ? 0L : NO_PERMIT;
  }

  /**
   * {@link #tryAcquirePermit()} without the token: {@code true} obliges the caller to report the call's end
   * exactly once through a method without a permit argument (see the class javadoc for that path's limits).
   *
   * @return whether the call may go
   */
  boolean tryAcquirePermission();

  /**
   * The call of {@code permit} ended without an outcome to record (cancelled): frees its permit, records nothing.
   *
   * @param permit the call's permit
   */
  default void releasePermission(long permit) {
    releasePermission();
  }

  /**
   * The call of {@code permit} succeeded after {@code durationNanos} (0 unless {@link #measuresDuration()}).
   *
   * @param permit the call's permit
   * @param durationNanos the call's duration, in nanoseconds
   */
  default void onSuccess(long permit, long durationNanos) {
    onSuccess(durationNanos);
  }

  /**
   * The call of {@code permit} threw {@code error} after {@code durationNanos}. The record/ignore predicates decide
   * whether it counts as a failure. A predicate that throws records nothing: the permit is released, the throw is
   * counted in {@link CircuitBreakerMetrics#predicateFailures()}, and the predicate's exception (carrying
   * {@code error} as a suppressed exception) is thrown from here.
   *
   * @param permit the call's permit
   * @param durationNanos the call's duration, in nanoseconds
   * @param error what the call threw
   */
  default void onError(long permit, long durationNanos, Throwable error) {
    onError(durationNanos, error);
  }

  /**
   * The call of {@code permit} returned {@code result}; the result predicate decides whether it counts as a failure.
   * A predicate that throws records nothing, releases the permit, is counted and its exception is thrown from here.
   *
   * @param permit the call's permit
   * @param durationNanos the call's duration, in nanoseconds
   * @param result what the call returned
   */
  default void onResult(long permit, long durationNanos, Object result) {
    onResult(durationNanos, result);
  }

  /** {@link #releasePermission(long)} without the token, applied to the current phase. */
  void releasePermission();

  /**
   * {@link #onSuccess(long, long)} without the token, applied to the current phase.
   *
   * @param durationNanos the call's duration, in nanoseconds
   */
  void onSuccess(long durationNanos);

  /**
   * {@link #onError(long, long, Throwable)} without the token, applied to the current phase.
   *
   * @param durationNanos the call's duration, in nanoseconds
   * @param error what the call threw
   */
  void onError(long durationNanos, Throwable error);

  /**
   * {@link #onResult(long, long, Object)} without the token, applied to the current phase.
   *
   * @param durationNanos the call's duration, in nanoseconds
   * @param result what the call returned
   */
  void onResult(long durationNanos, Object result);

  /** {@return whether callers must measure call durations (only when slow-call detection is configured)} */
  boolean measuresDuration();

  /** {@return the exception to throw for a rejected call (without a stack trace unless configured)} */
  CircuitOpenException newOpenException();

  // ------------------------------------------------------------------ factories

  /**
   * A breaker with {@link CircuitBreakerConfig#ofDefaults() the default config}, without a journal.
   *
   * @param name the breaker's name
   * @return the breaker
   */
  static CircuitBreaker ofDefaults(String name) {
    return of(name, CircuitBreakerConfig.ofDefaults());
  }

  /**
   * A breaker without a journal: transitions are published as events only.
   *
   * @param name the breaker's name
   * @param config the breaker's settings
   * @return the breaker
   */
  static CircuitBreaker of(String name, CircuitBreakerConfig config) {
    return new StripedCircuitBreaker(name, config, null);
  }

  /**
   * A breaker that also appends every transition and config change to {@code journal}.
   *
   * @param name the breaker's name
   * @param config the breaker's settings
   * @param journal where transitions are recorded
   * @return the breaker
   */
  static CircuitBreaker of(String name, CircuitBreakerConfig config, Journal journal) {
    return new StripedCircuitBreaker(name, config, Objects.requireNonNull(journal, "journal"));
  }

  // ------------------------------------------------------------------ operator controls and observation

  /**
   * Moves the breaker to {@code target} on behalf of {@code actor} (journaled as {@code circuit.override}).
   * Any state may be reached from any other; asking for the current state changes nothing and publishes
   * nothing. Entering CLOSED starts an empty window; entering HALF_OPEN admits a fresh set of trials; entering
   * OPEN starts the first wait in OPEN.
   *
   * @param target the state to move to
   * @param actor who asks, for the journal
   */
  void transitionTo(State target, Actor actor);

  /**
   * {@link #transitionTo(State, Actor)} by {@code Actor.operator("api")}.
   *
   * @param target the state to move to
   */
  default void transitionTo(State target) {
    transitionTo(target, ApiActor.API);
  }

  /**
   * Back to CLOSED with an empty window and the growth of the wait in OPEN forgotten; counters are kept.
   *
   * @param actor who resets, for the journal
   */
  void reset(Actor actor);

  /** {@link #reset(Actor)} by {@code Actor.operator("api")}. */
  default void reset() {
    reset(ApiActor.API);
  }

  /**
   * Takes a new configuration at run time, keeping the state, the wait in OPEN already started and the current
   * trials; the window is kept when type and size are unchanged, else restarted empty. The ticker cannot change
   * ({@link IllegalArgumentException}). Published as {@link CircuitBreakerEvent.ConfigChanged}, journaled as
   * {@link RecoveryJournalKind#CIRCUIT_RECONFIGURE circuit.reconfigure}.
   *
   * @param config the new settings
   * @param actor who changes them, for the journal
   */
  void reconfigure(CircuitBreakerConfig config, Actor actor);

  /**
   * {@link #reconfigure(CircuitBreakerConfig, Actor)} by {@code Actor.operator("api")}, as on every policy.
   *
   * @param config the new settings
   */
  default void reconfigure(CircuitBreakerConfig config) {
    reconfigure(config, ApiActor.API);
  }

  /** {@return the current configuration} */
  CircuitBreakerConfig config();

  /** {@return counters and window figures; reading them never consumes a permit} */
  CircuitBreakerMetrics metrics();

  /** {@return this breaker's own bus of {@link CircuitBreakerEvent}s (synchronous dispatch; throwing listeners isolated)} */
  EventBus events();
}
