package dev.selfheal.probes.internal.anomaly;

import java.util.function.DoubleSupplier;

/**
 * One declared stream of a watch.
 *
 * @param name the stream's name
 * @param gauge read every period; null for a recorded stream
 * @param limit the resource's limit (forecast against it), NaN for none
 * @param cumulative whether the gauge is a running total whose per-period increase is the sample
 */
public record StreamSpec(String name, DoubleSupplier gauge, double limit, boolean cumulative) {}
