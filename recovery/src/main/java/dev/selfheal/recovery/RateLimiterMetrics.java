package dev.selfheal.recovery;

/**
 * A point-in-time view of a {@link RateLimiter}: the permits a call could take now and the cumulative counters, read
 * from what the limiter keeps anyway (reading it adds nothing to the call path). Counters only grow; figures are read
 * one after another without a lock.
 *
 * @param availablePermits permits a call could take now without waiting (0 to the configured burst)
 * @param permittedCalls   cumulative calls that got a permit
 * @param rejectedCalls    cumulative calls refused
 */
public record RateLimiterMetrics(int availablePermits, long permittedCalls, long rejectedCalls) {}
