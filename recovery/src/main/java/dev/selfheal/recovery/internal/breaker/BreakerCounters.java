package dev.selfheal.recovery.internal.breaker;

import dev.selfheal.recovery.CircuitBreaker.State;
import dev.selfheal.recovery.CircuitBreakerMetrics;
import java.util.concurrent.atomic.LongAdder;

/**
 * A breaker's cumulative counters, and the assembly of its {@link CircuitBreakerMetrics}.
 *
 * <p><b>Purpose.</b> Cumulative counters only grow (Micrometer {@code FunctionCounter}s read them). The success path
 * writes only its window's counter, so the cumulative number of recorded calls is the sum of three parts: the calls of
 * the windows already replaced ({@link #retire}), the calls of the current window, and the outcomes recorded outside
 * any window (trials, results of an earlier phase). Successes are that total minus the failures.
 *
 * <p><b>Memory ordering.</b> Striped adders: sums are not snapshots, so figures read together may disagree by the
 * calls in flight. A window is retired by the thread whose CAS replaced it, after the CAS; a success that read the
 * old phase just before that CAS and increments the old window after the retiring sum is missing from the cumulative
 * count (it can only happen when an operator resets, forces or reconfigures a recording breaker: an automatic
 * transition never replaces a recording window directly).
 *
 * <p><b>Progress.</b> Wait-free increments; a metrics read is bounded by the window's bucket count.
 *
 * <p>This class is thread-safe.
 */
final class BreakerCounters {
  final LongAdder failed = new LongAdder();
  final LongAdder slow = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder ignored = new LongAdder();
  final LongAdder cancelled = new LongAdder();
  final LongAdder predicateFailures = new LongAdder();
  /** Outcomes recorded outside any window: HALF_OPEN trials, results of an earlier phase. */
  final LongAdder outside = new LongAdder();
  private final LongAdder retired = new LongAdder();

  /** Adds a replaced window's calls to the cumulative total. */
  void retire(SlidingWindow window) {
    retired.add(window.calls.sum());
  }

  CircuitBreakerMetrics metrics(Phase p) {
    WindowCounts counts;
    int inUse = 0;
    if (p.state == State.HALF_OPEN) {
      long w = p.trials.wordAcquire();
      counts = new WindowCounts(Trials.completed(w), Trials.failures(w), Trials.slowCalls(w));
      inUse = Trials.admitted(w) - Trials.completed(w);
    } else {
      counts = p.windowCounts();
    }
    long total = retired.sum() + p.window.calls.sum() + outside.sum();
    long failures = failed.sum();
    return new CircuitBreakerMetrics(p.state, counts.calls(), counts.failures(), counts.slowCalls(),
        counts.failureRate(), counts.slowCallRate(), Math.max(0, total - failures), failures, slow.sum(),
        rejected.sum(), ignored.sum(), cancelled.sum(), predicateFailures.sum(), inUse);
  }
}
