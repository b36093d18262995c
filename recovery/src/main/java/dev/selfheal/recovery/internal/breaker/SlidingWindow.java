package dev.selfheal.recovery.internal.breaker;

import dev.selfheal.recovery.CircuitBreakerConfig;

/**
 * The CLOSED-state sliding window of a breaker, striped so that a success never writes a shared word.
 *
 * <p><b>Purpose.</b> Every call recorded in this window increments {@code calls}, an {@link OwnedCellCounter} owned
 * by the window alone (each thread counts in a cell it alone writes: no atomic read-modify-write). A fast success
 * does nothing else once the window is {@linkplain #exact() past its minimum}.
 * Failures and slow calls (rare while CLOSED) are also counted per bucket in {@link TaggedCounters}, and they always
 * evaluate the window, summing the stripes once. A window is created fresh, with its own counter, whenever the breaker
 * enters CLOSED: an outcome recorded against an older phase can only reach that phase's window, never the new one
 * (a shared counter with a starting mark read before the transition's CAS let such an outcome appear in the "empty"
 * window: the lincheck race of issue #14).
 *
 * <pre>{@code
 *   success ──► exact ? (calls.incrementVolatile(); counts) : (calls.increment(); null)   (a release store)
 *               exact: the caller evaluates the window (below the minimum: a success may complete it)
 *   failure ──► calls.increment(); P = a position of its own (COUNT_BASED, one CAS) or now (TIME_BASED)
 *               failures[bucket(P)] += 1; counts over the window's buckets       (one pass over the stripes)
 * }</pre>
 *
 * <p><b>Memory ordering.</b> {@code calls.sum()} is not a snapshot: increments concurrent with it may or may not be
 * seen, so calls recorded concurrently may swap places in the window (benign: it moves a window edge by the calls
 * in flight). Bucket counters are CAS-updated and volatile-read. An outcome that evaluates the window after counting
 * itself counts with a volatile store (a success) or a CAS (a notable outcome), then reads the other side with
 * volatile loads: of two outcomes racing, at least one sees the other (no store-buffer reordering can hide both).
 * An evaluation reads the calls after the buckets (or reads them again, COUNT_BASED), so a bucket entry it sees comes
 * with its call: the one that sees the other counts both, and no verdict is missed once both are in.
 *
 * <p><b>Progress.</b> Recording is wait-free for successes (one owned-cell increment, or, TIME_BASED, also one
 * ticker read and at most one rollover CAS) and lock-free for failures. Evaluation is bounded by the bucket count (at most
 * 65 slots read).
 *
 * <p>This class is thread-safe.
 */
abstract class SlidingWindow {
  /** The calls recorded in this window, ever: the success path's only write. */
  final OwnedCellCounter calls = new OwnedCellCounter();
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

  /** The failures counted in buckets {@code first..last}. */
  final long failuresIn(long first, long last) {
    return failures.sum(first, last);
  }

  /** The slow calls counted in buckets {@code first..last}. */
  final long slowCallsIn(long first, long last) {
    return slowCalls.sum(first, last);
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
