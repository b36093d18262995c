package dev.selfheal.recovery;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.internal.AdaptiveConcurrencyLimiter;
import dev.selfheal.recovery.internal.Environment;
import dev.selfheal.recovery.internal.PolicyHealth;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A bulkhead whose limit follows the service's real capacity: it is raised while more concurrency brings more
 * throughput and lowered as soon as extra calls only queue (their latency grows against a robust no-queue
 * baseline) or get dropped (timeouts). Rules: {@code LimitRules} in the implementation package; results of
 * the deterministic simulation against Netflix concurrency-limits: the README.
 *
 * <p>Protocol: {@link #tryAcquire()} returns a permit token (or {@link #REJECTED}); exactly one of
 * {@link #onSuccess}, {@link #onDropped} or {@link #onIgnore} returns it. The token is a primitive, so the
 * protocol allocates nothing. The {@link Pipeline} does this for you: the limiter sits innermost, next to the
 * bulkhead, so it measures the call itself and not time spent waiting in other policies.
 *
 * <p>Health ({@link #health()}, and as a health source {@link #asHealthSource()}, named with the one name its
 * journal records and registry use): UP while a permit is free, DEGRADED while saturated (calls in flight at the limit). Only a
 * limiter configured {@link AdaptiveLimiterConfig#critical() critical} may pull readiness down.
 *
 * <p>Implementations are thread-safe; acquire and release are lock-free. The cap is hard: calls in flight
 * never exceed the limit in force when they were admitted.
 */
public interface AdaptiveLimiter {

  /** The token {@link #tryAcquire()} returns when the limit is reached. */
  long REJECTED = Long.MIN_VALUE;

  /**
   * A limiter outside any registry (system ticker, its own event bus and journal).
   *
   * @param name the limiter's name
   * @param config its settings
   * @return the limiter
   */
  static AdaptiveLimiter of(String name, AdaptiveLimiterConfig config) {
    return new AdaptiveConcurrencyLimiter(name, config, Environment.standalone());
  }

  /**
   * A limiter on the given time source (a simulation's virtual clock, a test's manual ticker).
   *
   * @param name the limiter's name
   * @param config its settings
   * @param ticker the time source
   * @return the limiter
   */
  static AdaptiveLimiter of(String name, AdaptiveLimiterConfig config, Ticker ticker) {
    return of(name, config, ticker, ThreadLocalRandom.current());
  }

  /**
   * A limiter on the given time source whose latency-sampled calls ({@link AdaptiveLimiterConfig#latencySampling})
   * are chosen by {@code random} instead of {@code ThreadLocalRandom}: with a seeded generator and one driving
   * thread (a simulation) every run is reproducible. With several acquiring threads the generator must be
   * thread-safe.
   *
   * @param name the limiter's name, for events, the journal and health
   * @param config its settings
   * @param ticker the time source latencies are measured on
   * @param random chooses the sampled calls
   * @return the limiter
   */
  static AdaptiveLimiter of(String name, AdaptiveLimiterConfig config, Ticker ticker, RandomGenerator random) {
    Environment standalone = Environment.standalone();
    return new AdaptiveConcurrencyLimiter(name, config, new Environment(Validation.notNull("ticker", ticker),
        standalone.scheduler(), standalone.events(), standalone.journal()), Validation.notNull("random", random));
  }

  /**
   * {@link #of(String, AdaptiveLimiterConfig)} with {@link AdaptiveLimiterConfig#ofDefaults()}.
   *
   * @param name the limiter's name
   * @return the limiter
   */
  static AdaptiveLimiter ofDefaults(String name) {
    return of(name, AdaptiveLimiterConfig.ofDefaults());
  }

  /** {@return the limiter's name, unique within its registry} */
  String name();

  /**
   * {@return the limiter's health verdict now (the rules: the class javadoc); never changes its state}
   */
  HealthReport health();

  /** {@return whether the limiter's health may pull readiness down, as configured. Defaults to {@code false}} */
  default boolean critical() {
    return false;
  }

  /**
   * This limiter as a health source, named {@code adaptivelimiter:<name>}: the name its journal records and its registry
   * give it too, however it was made (add it to a context with {@code context.addHealthSource(x.asHealthSource())}).
   * Its verdict: UP while a permit is free, DEGRADED while saturated.
   * It may pull readiness down only when {@link #critical()}. Two views of one instance are equal.
   *
   * @return the health source view of this limiter
   */
  default HealthSource asHealthSource() {
    return PolicyHealth.of(this);
  }

  /** {@return the configuration in force} */
  AdaptiveLimiterConfig config();

  /**
   * Admits a call if fewer calls than the limit are in flight. Never blocks.
   *
   * @return a token to pass to exactly one of the {@code on*} methods, or {@link #REJECTED}
   */
  long tryAcquire();

  /**
   * The call succeeded: releases its permit and records its latency.
   *
   * @param token the call's token
   */
  void onSuccess(long token);

  /**
   * The call was lost to overload (a timeout, a downstream rejection): releases and shrinks the limit.
   *
   * @param token the call's token
   */
  void onDropped(long token);

  /**
   * The call ended in a way that says nothing about capacity: releases only.
   *
   * @param token the call's token
   */
  void onIgnore(long token);

  /** {@return the limit in force (an operator override if set), in {@code [minLimit, maxLimit]}} */
  int limit();

  /** {@return calls in flight now (racy snapshot)} */
  int inFlight();

  /** {@return counters and the rules' current estimates} */
  Metrics metrics();

  /** {@return the exception to throw for a refused call} */
  BulkheadFullException newFullException();

  /**
   * Pins the limit to {@code limit} (within {@code [minLimit, maxLimit]}) until {@link #clearOverride}; the
   * rules keep learning meanwhile. Journaled and published.
   *
   * @param limit the pinned limit
   * @param actor who pins it, for the journal
   * @throws IllegalArgumentException naming the value if it is out of range
   */
  void overrideLimit(int limit, Actor actor);

  /**
   * Returns the limit to the rules. Journaled and published.
   *
   * @param actor who clears it, for the journal
   */
  void clearOverride(Actor actor);

  /**
   * A change of the limit, published on the event bus at most once per
   * {@link AdaptiveLimiterConfig#eventInterval()} (an operator override always).
   *
   * @param name         the limiter
   * @param oldLimit     the limit announced last
   * @param newLimit     the limit now
   * @param reason       the rule that moved it ({@code SLOW_START}, {@code QUEUEING}, {@code DROPS}, ...) or
   *                     {@code OVERRIDE} / {@code OVERRIDE_CLEARED}
   * @param baselineNanos the no-queue latency estimate
   * @param actor        automatic for the rules, the operator for an override
   */
  record LimitChanged(String name, int oldLimit, int newLimit, String reason, long baselineNanos, Actor actor) {}

  /**
   * A point-in-time view; figures are read one after another without a lock.
   *
   * @param limit         the limit in force
   * @param adaptiveLimit the rules' limit (differs from {@code limit} while overridden)
   * @param overridden    whether an operator override is in force
   * @param inFlight      calls in flight
   * @param baselineNanos the no-queue latency estimate (0 before the first window)
   * @param permitted     cumulative admitted calls
   * @param rejected      cumulative refused calls
   * @param dropped       cumulative calls reported dropped
   * @param windows       adjustment windows closed
   * @param pauses        stop-the-world pauses detected
   */
  record Metrics(int limit, int adaptiveLimit, boolean overridden, int inFlight, long baselineNanos, long permitted,
      long rejected, long dropped, long windows, long pauses) {}
}
