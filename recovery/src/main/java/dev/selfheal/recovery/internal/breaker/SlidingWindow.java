package dev.selfheal.recovery.internal.breaker;

import dev.selfheal.recovery.CircuitBreakerConfig;
import java.util.concurrent.atomic.LongAdder;

/**
 * The CLOSED-state sliding window of a breaker, striped so that a success never writes a shared word.
 *
 * <p><b>Purpose.</b> Every recorded call increments {@code calls}, a {@link LongAdder} owned by the breaker and
 * never reset (its cells are striped by the JDK's per-thread probe, and a thread that collides with another moves
 * to another cell). A fast success does nothing else. Failures and slow calls (rare while CLOSED) are also counted
 * per bucket in {@link TaggedCounters}, and only they evaluate the window, summing the stripes once. A window
 * starts at {@code base}, the value of {@code calls} when it was created: it is created fresh whenever the breaker
 * enters CLOSED.
 *
 * <pre>{@code
 *   success ──► calls.increment()                                      (striped, no shared CAS)
 *   failure ──► calls.increment(); P = calls.sum() - base;            (one pass over the stripes)
 *               failures[bucket(P or now)] += 1; counts over the window's buckets
 * }</pre>
 *
 * <p><b>Memory ordering.</b> {@code calls.sum()} is not a snapshot: increments concurrent with it may or may not be
 * seen, so calls recorded concurrently may swap places in the window (benign: it moves a window edge by the calls
 * in flight). Bucket counters are CAS-updated and volatile-read.
 *
 * <p><b>Progress.</b> Recording is wait-free for successes (one adder increment, or, TIME_BASED, also one ticker
 * read and at most one rollover CAS) and lock-free for failures. Evaluation is bounded by the bucket count (at most
 * 65 slots read).
 *
 * <p>This class is thread-safe.
 */
abstract class SlidingWindow {
  final LongAdder calls;
  final long base;
  private final TaggedCounters failures;
  private final TaggedCounters slowCalls;

  SlidingWindow(LongAdder calls, int buckets) {
    this.calls = calls;
    this.base = calls.sum();
    this.failures = new TaggedCounters(buckets);
    this.slowCalls = new TaggedCounters(buckets);
  }

  /** Counts a failure and/or slow call in {@code bucket}. */
  final void countNotable(long bucket, boolean failure, boolean slow) {
    if (failure) {
      failures.add(bucket);
    }
    if (slow) {
      slowCalls.add(bucket);
    }
  }

  /** The window's counts given its calls and its bucket range {@code first..last}. */
  final WindowCounts countsOver(long callsInWindow, long first, long last) {
    return WindowCounts.of(callsInWindow, failures.sum(first, last), slowCalls.sum(first, last));
  }

  static SlidingWindow create(CircuitBreakerConfig config, LongAdder calls) {
    return config.windowType() == CircuitBreakerConfig.WindowType.COUNT_BASED
        ? new CountWindow(config.windowCalls(), calls)
        : new TimeWindow(config.windowDuration().toNanos(), config.ticker(), calls);
  }

  /** Records a fast success: the hot path. */
  abstract void recordSuccess();

  /** Records a failure and/or slow call and returns the window's counts including it. */
  abstract WindowCounts recordNotable(boolean failure, boolean slow);

  /** The window's counts now, recording nothing. */
  abstract WindowCounts counts();
}
