package dev.selfheal.recovery;

/**
 * A point-in-time view of a breaker's counters and window. Reading it never consumes a permit and never
 * changes the breaker's state. Cumulative counters only grow (Micrometer {@code FunctionCounter}s read them);
 * window figures describe the current CLOSED-state window (or the current trials in HALF_OPEN). Outside CLOSED and
 * METRICS_ONLY they describe the CLOSED window as it was when it stopped recording (frozen: neither late results
 * nor time move them while the breaker is OPEN); after an automatic opening they are exactly the counts the opening
 * was decided from, the ones its journal record cites.
 *
 * <p>Figures are read one after another without a lock, so under concurrent calls they may be mutually
 * inconsistent by the calls in flight.
 *
 * @param state                the state at the time of reading
 * @param callsInWindow        calls in the window (trial outcomes in HALF_OPEN)
 * @param failuresInWindow     failures among them
 * @param slowCallsInWindow    slow calls among them (failed or not)
 * @param failureRate          {@code failuresInWindow / callsInWindow} (0 with no call), also below the minimum
 *                             number of calls: {@code callsInWindow} says how many calls the rate is over
 * @param slowCallRate         likewise for slow calls
 * @param successfulCalls      cumulative recorded successes
 * @param failedCalls          cumulative recorded failures
 * @param slowCalls            cumulative slow calls (included in the two above)
 * @param rejectedCalls        cumulative calls refused a permit
 * @param ignoredCalls         cumulative calls ended by an ignored exception (permit released, nothing recorded)
 * @param cancelledCalls       cumulative {@link CircuitBreaker#releasePermission()} calls
 * @param predicateFailures    cumulative record/ignore/result predicate invocations that threw (nothing recorded,
 *                             permit released, the exception thrown to the caller)
 * @param halfOpenPermitsInUse trial permits taken and not yet returned (0 outside HALF_OPEN)
 */
public record CircuitBreakerMetrics(CircuitBreaker.State state, long callsInWindow, long failuresInWindow,
    long slowCallsInWindow, double failureRate, double slowCallRate, long successfulCalls, long failedCalls,
    long slowCalls, long rejectedCalls, long ignoredCalls, long cancelledCalls, long predicateFailures,
    int halfOpenPermitsInUse) {}
