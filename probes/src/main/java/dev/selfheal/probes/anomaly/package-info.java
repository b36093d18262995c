/**
 * Early detection: an online {@link dev.selfheal.probes.anomaly.AnomalyDetector} (scored on the Numenta
 * Anomaly Benchmark), an {@link dev.selfheal.probes.anomaly.ExhaustionForecaster} for bounded resources, and
 * {@link dev.selfheal.probes.anomaly.MetricWatch}, which watches a component's metric streams, journals
 * anomalies and forecasts with their evidence, degrades the component's health and, when asked, requests a
 * proactive restart from its supervisor.
 */
package dev.selfheal.probes.anomaly;
