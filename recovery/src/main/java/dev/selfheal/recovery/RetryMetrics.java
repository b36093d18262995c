package dev.selfheal.recovery;

/**
 * A point-in-time view of a {@link Retry}'s cumulative counters: calls by result, attempts, and retries the budget
 * refused, read from the counters the retry keeps anyway (reading it adds nothing to the call path). Counters only
 * grow; figures are read one after another without a lock, so they may disagree by the calls in flight.
 *
 * @param successfulCallsWithoutRetry calls that succeeded at the first attempt
 * @param successfulCallsWithRetry    calls that succeeded after at least one retry
 * @param failedCallsWithRetry        calls that failed after at least one retry
 * @param failedCallsWithoutRetry     calls that failed with an outcome not to be retried, or with no retry allowed
 * @param attempts                    attempts made, first tries included (retries: attempts minus calls)
 * @param budgetRefusals              retries the retry budget refused (a retry storm held back)
 */
public record RetryMetrics(long successfulCallsWithoutRetry, long successfulCallsWithRetry, long failedCallsWithRetry,
    long failedCallsWithoutRetry, long attempts, long budgetRefusals) {}
