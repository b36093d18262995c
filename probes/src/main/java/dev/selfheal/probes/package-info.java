/**
 * Kubernetes-semantics health probes for the components of a {@link dev.selfheal.core.SupervisorTree},
 * the process health model they feed, and an HTTP endpoint on the JDK's own server.
 *
 * <p>Entry points: {@link dev.selfheal.probes.ProbeSpec} (what to check), {@link dev.selfheal.probes.HealthMonitor}
 * (runs the probes, heals through the tree, aggregates health) and {@link dev.selfheal.probes.HealthEndpoint}
 * ({@code /livez}, {@code /readyz}, {@code /startupz}, the tree, the journal and operator commands).
 */
package dev.selfheal.probes;
