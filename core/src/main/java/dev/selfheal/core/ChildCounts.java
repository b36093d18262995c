package dev.selfheal.core;

/**
 * OTP's {@code count_children}: how many child specs a supervisor holds, how many are running, and how
 * many are supervisors or workers (services count as workers, as in OTP).
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) {}
