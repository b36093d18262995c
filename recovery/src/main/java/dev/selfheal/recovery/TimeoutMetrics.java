package dev.selfheal.recovery;

/**
 * A point-in-time view of a {@link Timeout}'s cumulative counters, read from what the timeout keeps anyway (reading
 * it adds nothing to the call path). Counters only grow; figures are read one after another without a lock.
 *
 * @param completedCalls calls that ended within the limit, with a result or with their own exception
 * @param timedOutCalls  calls that ran past the limit
 */
public record TimeoutMetrics(long completedCalls, long timedOutCalls) {}
