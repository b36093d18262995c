package dev.selfheal.recovery.internal.breaker;

/**
 * A COUNT_BASED window: the last {@code size} recorded calls, by position. The position of a call is the number of
 * calls recorded in this window up to and including it ({@code calls.sum()}, read when a failure or slow call
 * is recorded). Positions are grouped in buckets of {@code k = ceil(size / 64)} calls ({@code k = 1}, exact, up to
 * 64 calls); the window at position {@code P} is every bucket holding one of the positions {@code (P - size, P]}, so
 * it spans {@code size} to {@code size + k - 1} calls, and its call count is exactly the positions those buckets
 * cover up to {@code P}. See {@link SlidingWindow} for the concurrency contract.
 *
 * <p>This class is thread-safe.
 */
final class CountWindow extends SlidingWindow {
  static final int MAX_BUCKETS = 64;

  private final long size;
  private final long bucketCalls;

  CountWindow(int size) {
    super(slots(size));
    this.size = size;
    this.bucketCalls = bucketCalls(size);
  }

  private static long bucketCalls(int size) {
    return (size + MAX_BUCKETS - 1) / MAX_BUCKETS;
  }

  /** The buckets a window can span, plus one: the partial oldest bucket and the newest. */
  private static int slots(int size) {
    long k = bucketCalls(size);
    return (int) ((size + k - 1) / k) + 1;
  }

  /** The position only grows, so once an evaluation counted the minimum, no success can complete it again. */
  @Override
  WindowCounts recordSuccess() {
    calls.increment();
    return exact() ? countsAt(Math.max(1, calls.sum())) : null;
  }

  @Override
  WindowCounts recordNotable(boolean failure, boolean slow) {
    calls.increment();
    long position = Math.max(1, calls.sum()); // includes this call: same thread, increment happened-before
    countNotable((position - 1) / bucketCalls, failure, slow);
    return countsAt(position);
  }

  @Override
  WindowCounts counts() {
    long position = calls.sum();
    return position <= 0 ? WindowCounts.EMPTY : countsAt(position);
  }

  private WindowCounts countsAt(long position) {
    long last = (position - 1) / bucketCalls;
    long first = (Math.max(1, position - size + 1) - 1) / bucketCalls;
    long inWindow = position - first * bucketCalls;
    return countsOver(inWindow, first, last);
  }
}
