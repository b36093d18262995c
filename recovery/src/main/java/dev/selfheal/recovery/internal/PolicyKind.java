package dev.selfheal.recovery.internal;

import static dev.selfheal.recovery.RecoveryJournalKind.*;

import dev.selfheal.recovery.RecoveryJournalKind;

/**
 * The policy kinds a registry holds, each with the name events and the policy listing give it and the journal
 * kinds of its registry's records, so that no call site builds a kind from a string (#13). Not API.
 */
public enum PolicyKind {
  BULKHEAD("bulkhead", BULKHEAD_ADD, BULKHEAD_REMOVE, BULKHEAD_EVICT, BULKHEAD_RECONFIGURE),
  RETRY("retry", RETRY_ADD, RETRY_REMOVE, RETRY_EVICT, RETRY_RECONFIGURE),
  RATE_LIMITER("ratelimiter", RATE_LIMITER_ADD, RATE_LIMITER_REMOVE, RATE_LIMITER_EVICT, RATE_LIMITER_RECONFIGURE),
  TIMEOUT("timeout", TIMEOUT_ADD, TIMEOUT_REMOVE, TIMEOUT_EVICT, TIMEOUT_RECONFIGURE),
  CIRCUIT_BREAKER("circuitbreaker", CIRCUIT_ADD, CIRCUIT_REMOVE, CIRCUIT_EVICT, CIRCUIT_RECONFIGURE),
  // reconfigured through overrideLimit only, journaled as ADAPTIVE_LIMITER_OVERRIDE
  ADAPTIVE_LIMITER("adaptivelimiter", ADAPTIVE_LIMITER_ADD, ADAPTIVE_LIMITER_REMOVE, ADAPTIVE_LIMITER_EVICT, null);

  private final String kind;
  private final RecoveryJournalKind added;
  private final RecoveryJournalKind removed;
  private final RecoveryJournalKind evicted;
  private final RecoveryJournalKind reconfigured;

  PolicyKind(String kind, RecoveryJournalKind added, RecoveryJournalKind removed, RecoveryJournalKind evicted,
      RecoveryJournalKind reconfigured) {
    this.kind = kind;
    this.added = added;
    this.removed = removed;
    this.evicted = evicted;
    this.reconfigured = reconfigured;
  }

  /** The kind as events and the policy listing name it, such as {@code circuitbreaker}. */
  public String kind() {
    return kind;
  }

  /** The one name of instance {@code name}, such as {@code circuit:payments} ({@link PolicyNames}). */
  public String instanceName(String name) {
    return PolicyNames.of(kind, name);
  }

  public RecoveryJournalKind added() {
    return added;
  }

  public RecoveryJournalKind removed() {
    return removed;
  }

  public RecoveryJournalKind evicted() {
    return evicted;
  }

  public RecoveryJournalKind reconfigured() {
    if (reconfigured == null) {
      throw new IllegalStateException(kind + " has no reconfigure record");
    }
    return reconfigured;
  }

  @Override
  public String toString() {
    return kind;
  }
}
