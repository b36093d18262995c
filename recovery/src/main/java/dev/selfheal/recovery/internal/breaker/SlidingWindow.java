package dev.selfheal.recovery.internal.breaker;

import dev.selfheal.recovery.CircuitBreakerConfig;
import java.util.concurrent.atomic.LongAdder;

/**
 * The CLOSED-state sliding window of a breaker, striped so that a success never writes a shared word.
 *
 * <p><b>Purpose.</b> Every call recorded in this window increments {@code calls}, a {@link LongAdder} owned by the
 * window alone (its cells are striped by the JDK's per-thread probe, and a thread that collides with another moves
 * to another cell). A fast success does nothing else once the window is {@linkplain #exact() past its minimum}.
 * Failures and slow calls (rare while CLOSED) are also counted per bucket in {@link TaggedCounters}, and they always
 * evaluate the window, summing the stripes once. A window is created fresh, with its own adder, whenever the breaker
 * enters CLOSED: an outcome recorded against an older phase can only reach that phase's window, never the new one
 * (a shared adder with a starting mark read before the transition's CAS let such an outcome appear in the "empty"
 * window: the lincheck race of issue #14).
 *
 * <pre>{@code
 *   success ──► calls.increment(); exact ? counts : null                      (striped, no shared CAS)
 *               exact: the caller evaluates the window (below the minimum: a success may complete it)
 *   failure ──► calls.increment(); P = calls.sum();                   (one pass over the stripes)
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
  /** The calls recorded in this window, ever: the success path's only write. */
  final LongAdder calls = new LongAdder();
  private final TaggedCounters failures;
  private final TaggedCounters slowCalls;
  /**
   * True while the window may hold fewer calls than the minimum: successes then evaluate the window (a success can
   * complete the minimum with a rate already at the threshold). A hint that is always safe to set: true only costs
   * evaluations. Cleared by an evaluation that counted at least the minimum.
   */
  private volatile boolean exact = true;

  SlidingWindow(int buckets) {
    this.failures = new TaggedCounters(buckets);
    this.slowCalls = new TaggedCounters(buckets);
  }

  /** Whether a success must evaluate the window (see {@link #exact}). */
  final boolean exact() {
    return exact;
  }

  /** Records what an evaluation counted: below {@code minimum} calls, successes evaluate again. */
  final void evaluated(WindowCounts counts, int minimum) {
    boolean below = counts.calls() < minimum;
    if (exact != below) {
      exact = below;
    }
  }

  /** Makes successes evaluate again (the minimum may have changed). */
  final void reexamine() {
    exact = true;
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

  static SlidingWindow create(CircuitBreakerConfig config) {
    return config.windowType() == CircuitBreakerConfig.WindowType.COUNT_BASED
        ? new CountWindow(config.windowCalls())
        : new TimeWindow(config.windowDuration().toNanos(), config.ticker());
  }

  /**
   * Records a fast success: the hot path. Returns the window's counts including it when the caller must evaluate
   * them (while the window may hold fewer calls than the minimum, or, TIME_BASED, when this success opened a new
   * bucket, which expired the oldest one and so may have raised the rates), else {@code null}: nothing allocated.
   */
  abstract WindowCounts recordSuccess();

  /** Records a failure and/or slow call and returns the window's counts including it. */
  abstract WindowCounts recordNotable(boolean failure, boolean slow);

  /** The window's counts now, recording nothing. */
  abstract WindowCounts counts();
}
