package dev.selfheal.recovery.internal;

import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.recovery.AdaptiveLimiter;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.CircuitBreaker;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A policy seen as a health source, under the instance's one name ({@link PolicyKind#instanceName}, such as
 * {@code circuit:payments}): what every policy's {@code asHealthSource()} returns, whoever made the policy (a
 * registry, an annotation, {@code CircuitBreaker.of} by hand), so that its health, its journal records and the
 * registry all say the same name (#13). The verdict and criticality are the policy's own, read at each call.
 * Two views of one policy are equal, so a source added twice is shown once. Not API.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class PolicyHealth implements HealthSource {
  private final String name;
  private final Object policy;
  private final Supplier<HealthReport> health;
  private final BooleanSupplier critical;

  private PolicyHealth(String name, Object policy, Supplier<HealthReport> health, BooleanSupplier critical) {
    this.name = name;
    this.policy = policy;
    this.health = health;
    this.critical = critical;
  }

  public static HealthSource of(CircuitBreaker breaker) {
    return new PolicyHealth(PolicyKind.CIRCUIT_BREAKER.instanceName(breaker.name()), breaker, breaker::health,
        breaker::critical);
  }

  public static HealthSource of(Bulkhead bulkhead) {
    return new PolicyHealth(PolicyKind.BULKHEAD.instanceName(bulkhead.name()), bulkhead, bulkhead::health,
        bulkhead::critical);
  }

  public static HealthSource of(AdaptiveLimiter limiter) {
    return new PolicyHealth(PolicyKind.ADAPTIVE_LIMITER.instanceName(limiter.name()), limiter, limiter::health,
        limiter::critical);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public HealthReport health() {
    return health.get();
  }

  @Override
  public boolean critical() {
    return critical.getAsBoolean();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicyHealth other && other.policy == policy && other.name.equals(name);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(policy);
  }

  @Override
  public String toString() {
    return name;
  }
}
