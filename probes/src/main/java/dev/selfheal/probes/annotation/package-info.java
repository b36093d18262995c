/**
 * Probe annotations for supervised components: {@link dev.selfheal.probes.annotation.Liveness},
 * {@link dev.selfheal.probes.annotation.Readiness} and {@link dev.selfheal.probes.annotation.Startup}, read
 * when a handle is created and run by a {@link dev.selfheal.probes.HealthMonitor} built for the tree.
 */
package dev.selfheal.probes.annotation;
