package dev.selfheal.recovery;

/**
 * A point-in-time view of a {@link Bulkhead}: its permits and its cumulative counters, read from the counters the
 * bulkhead keeps anyway (reading it adds nothing to the call path). Cumulative counters only grow (Micrometer
 * {@code FunctionCounter}s read them). Figures are read one after another without a lock, so under concurrent calls
 * they may disagree by the calls in flight.
 *
 * @param availablePermits free permits at the time of reading, in {@code [0, maxPermits]}
 * @param maxPermits       the configured maximum of concurrent calls
 * @param permittedCalls   cumulative calls that got a permit
 * @param rejectedCalls    cumulative calls refused for want of a permit
 */
public record BulkheadMetrics(int availablePermits, int maxPermits, long permittedCalls, long rejectedCalls) {}
