/**
 * Implementation of the anomaly detector and the exhaustion forecast of
 * {@link dev.selfheal.probes.anomaly}. Not API: anything here may change without notice.
 */
package dev.selfheal.probes.internal.anomaly;
