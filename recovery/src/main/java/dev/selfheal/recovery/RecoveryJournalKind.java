package dev.selfheal.recovery;

import dev.selfheal.core.event.JournalKind;

/**
 * The journal kinds the recovery module writes, with their wire forms (fault injection's are
 * {@link dev.selfheal.recovery.chaos.FaultRecordKind}).
 *
 * <p>Every record is at the policy instance's one name, {@code <prefix>:<name>} (such as
 * {@code circuit:payments} or {@code bulkhead:db}), and its kind is {@code <prefix>.<what>} with the same
 * prefix: {@code circuit} for breakers, the policy kind ({@code bulkhead}, {@code retry}, {@code ratelimiter},
 * {@code timeout}, {@code adaptivelimiter}) for the others.
 *
 * <ul>
 *   <li>{@code .add}, {@code .remove}, {@code .evict}: a registry created an instance, removed it on request, or
 *       evicted it (idle, or over the registry's size bound; the cause says which).
 *   <li>{@code .reconfigure}: a new configuration was installed (by a registry, an operator or the code).
 *   <li>{@code circuit.transition}: the breaker moved on its own rules (CLOSED to OPEN, OPEN to HALF_OPEN, ...);
 *       {@code circuit.override}: an operator moved it; {@code circuit.reset}: an operator reset it.
 *   <li>{@code adaptivelimiter.override}: an operator set or cleared a fixed limit. The limiter's own limit
 *       changes are events and meters, not records: they happen on every measurement interval.
 * </ul>
 */
public enum RecoveryJournalKind implements JournalKind {
  /** {@code bulkhead.add}: a registry created the bulkhead. */
  BULKHEAD_ADD("bulkhead.add"),
  /** {@code bulkhead.remove}: the bulkhead was removed from its registry. */
  BULKHEAD_REMOVE("bulkhead.remove"),
  /** {@code bulkhead.evict}: the registry evicted the bulkhead. */
  BULKHEAD_EVICT("bulkhead.evict"),
  /** {@code bulkhead.reconfigure}: a new configuration is in force. */
  BULKHEAD_RECONFIGURE("bulkhead.reconfigure"),

  /** {@code retry.add}: a registry created the retry. */
  RETRY_ADD("retry.add"),
  /** {@code retry.remove}: the retry was removed from its registry. */
  RETRY_REMOVE("retry.remove"),
  /** {@code retry.evict}: the registry evicted the retry. */
  RETRY_EVICT("retry.evict"),
  /** {@code retry.reconfigure}: a new configuration is in force. */
  RETRY_RECONFIGURE("retry.reconfigure"),

  /** {@code ratelimiter.add}: a registry created the rate limiter. */
  RATE_LIMITER_ADD("ratelimiter.add"),
  /** {@code ratelimiter.remove}: the rate limiter was removed from its registry. */
  RATE_LIMITER_REMOVE("ratelimiter.remove"),
  /** {@code ratelimiter.evict}: the registry evicted the rate limiter. */
  RATE_LIMITER_EVICT("ratelimiter.evict"),
  /** {@code ratelimiter.reconfigure}: a new configuration is in force. */
  RATE_LIMITER_RECONFIGURE("ratelimiter.reconfigure"),

  /** {@code timeout.add}: a registry created the timeout. */
  TIMEOUT_ADD("timeout.add"),
  /** {@code timeout.remove}: the timeout was removed from its registry. */
  TIMEOUT_REMOVE("timeout.remove"),
  /** {@code timeout.evict}: the registry evicted the timeout. */
  TIMEOUT_EVICT("timeout.evict"),
  /** {@code timeout.reconfigure}: a new configuration is in force. */
  TIMEOUT_RECONFIGURE("timeout.reconfigure"),

  /** {@code circuit.add}: a registry created the breaker (was {@code circuitbreaker.add}). */
  CIRCUIT_ADD("circuit.add"),
  /** {@code circuit.remove}: the breaker was removed from its registry (was {@code circuitbreaker.remove}). */
  CIRCUIT_REMOVE("circuit.remove"),
  /** {@code circuit.evict}: the registry evicted the breaker (was {@code circuitbreaker.evict}). */
  CIRCUIT_EVICT("circuit.evict"),
  /** {@code circuit.reconfigure}: a new configuration is in force (was {@code circuit.config}). */
  CIRCUIT_RECONFIGURE("circuit.reconfigure"),
  /** {@code circuit.transition}: the breaker changed state by its own rules. */
  CIRCUIT_TRANSITION("circuit.transition"),
  /** {@code circuit.override}: an operator changed the breaker's state. */
  CIRCUIT_OVERRIDE("circuit.override"),
  /** {@code circuit.reset}: an operator reset the breaker (CLOSED, window emptied). */
  CIRCUIT_RESET("circuit.reset"),

  /** {@code adaptivelimiter.add}: a registry created the adaptive limiter. */
  ADAPTIVE_LIMITER_ADD("adaptivelimiter.add"),
  /** {@code adaptivelimiter.remove}: the adaptive limiter was removed from its registry. */
  ADAPTIVE_LIMITER_REMOVE("adaptivelimiter.remove"),
  /** {@code adaptivelimiter.evict}: the registry evicted the adaptive limiter. */
  ADAPTIVE_LIMITER_EVICT("adaptivelimiter.evict"),
  /** {@code adaptivelimiter.override}: an operator set or cleared the limiter's fixed limit. */
  ADAPTIVE_LIMITER_OVERRIDE("adaptivelimiter.override");

  private final String wire;

  RecoveryJournalKind(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
