package dev.selfheal.core.spi;

/**
 * Anything that can tell whether part of the process is healthy: a circuit breaker, a bulkhead, the
 * supervisor tree itself. This is where the probes module and the recovery module meet without
 * depending on each other.
 *
 * <p>Only a <em>critical</em> source may pull the process's readiness down; a non-critical source that is
 * {@link HealthStatus#DOWN} only degrades it. Mark a source critical when the process cannot serve
 * anything useful without it, never for a downstream shared by every replica (its outage would take
 * every replica out of the load balancer at once).
 *
 * <p>{@link #health()} is called from probe threads and HTTP handlers: it must be cheap, must not block,
 * and must never change the source's state (reading a breaker's health never consumes a permit).
 */
public interface HealthSource {

  /** {@return A stable, low-cardinality name, unique among sources, such as {@code circuit:payments}} */
  String name();

  /** {@return the current verdict} */
  HealthReport health();

  /** {@return whether this source may pull readiness down. Defaults to {@code false}} */
  default boolean critical() {
    return false;
  }
}
