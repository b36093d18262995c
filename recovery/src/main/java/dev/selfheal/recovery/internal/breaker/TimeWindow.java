package dev.selfheal.recovery.internal.breaker;

import dev.selfheal.core.spi.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A TIME_BASED window: the calls recorded in the current bucket and the {@code BUCKETS - 1} before it, buckets being
 * {@code duration / BUCKETS} long on the ticker, counted from the window's creation. A call belongs to the bucket of
 * the ticker reading taken when its outcome is recorded.
 *
 * <p>Successes are not counted per bucket: the first call to see a new bucket (the rollover, one CAS per bucket
 * period) stores {@code calls.sum()} as that bucket's starting mark, and the window's call count is
 * {@code calls.sum()} minus the mark of its oldest bucket that has one (a bucket without a mark saw no call). The
 * success path therefore costs one ticker read, one read of the next rollover time and one owned-cell increment. The
 * ticker read is the price of a time window: with the system ticker it is one {@code System.nanoTime()}; inject a
 * coarser {@code Ticker} through the config to make it cheaper. See {@link SlidingWindow} for the concurrency
 * contract; calls racing with a rollover may be counted in the neighbouring bucket.
 *
 * <p>This class is thread-safe.
 */
final class TimeWindow extends SlidingWindow {
  static final int BUCKETS = 10;
  private static final VarHandle NEXT_ROLLOVER;
  private static final VarHandle CURRENT_BUCKET;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      NEXT_ROLLOVER = lookup.findVarHandle(TimeWindow.class, "nextRollover", long.class);
      CURRENT_BUCKET = lookup.findVarHandle(TimeWindow.class, "currentBucket", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Ticker ticker;
  private final long origin;
  private final long bucketNanos;
  /** Per slot: [bucket tag, calls.sum() at the bucket's first call]; tag written last (release), read first. */
  private final AtomicLongArray marks = new AtomicLongArray(2 * BUCKETS);
  @SuppressWarnings("unused") // accessed through NEXT_ROLLOVER
  private long nextRollover;
  @SuppressWarnings("unused") // accessed through CURRENT_BUCKET
  private long currentBucket;

  TimeWindow(long durationNanos, Ticker ticker) {
    super(BUCKETS);
    this.ticker = ticker;
    this.bucketNanos = durationNanos / BUCKETS;
    this.origin = ticker.read();
    // bucket 0 starts at 0 calls; its tag (0) and value (0) are already in place
    NEXT_ROLLOVER.setRelease(this, origin + bucketNanos);
  }

  /**
   * Between two rollovers no call leaves the window, so a success can only lower the rates; the success that opens a
   * new bucket (the rollover's winner) evaluates, since the buckets it expired may have held successes only.
   */
  @Override
  WindowCounts recordSuccess() {
    long now = ticker.read();
    boolean rolled = now - (long) NEXT_ROLLOVER.getOpaque(this) >= 0 && rollover(now);
    if (rolled || exact()) {
      calls.incrementVolatile(); // then reads the buckets: see SlidingWindow's memory ordering
      return countsAt(bucketOf(now));
    }
    calls.increment();
    return null;
  }

  @Override
  WindowCounts recordNotable(boolean failure, boolean slow) {
    long now = ticker.read();
    long bucket = bucketOf(now);
    if (now - (long) NEXT_ROLLOVER.getOpaque(this) >= 0) {
      rollover(now);
    }
    calls.increment();
    countNotable(bucket, failure, slow);
    return countsAt(bucket);
  }

  @Override
  WindowCounts counts() {
    return countsAt(bucketOf(ticker.read()));
  }

  private long bucketOf(long now) {
    return Math.max(0, now - origin) / bucketNanos;
  }

  /**
   * The first caller to see a new bucket marks its start; everyone else proceeds (benign race at the edge).
   *
   * @return whether this caller marked it
   */
  private boolean rollover(long now) {
    long bucket = bucketOf(now);
    long current = (long) CURRENT_BUCKET.getVolatile(this);
    if (bucket > current && CURRENT_BUCKET.compareAndSet(this, current, bucket)) {
      int slot = (int) (bucket % BUCKETS);
      marks.set(2 * slot + 1, calls.sum());
      marks.set(2 * slot, bucket); // published after the value
      NEXT_ROLLOVER.setRelease(this, origin + (bucket + 1) * bucketNanos);
      return true;
    }
    return false;
  }

  private WindowCounts countsAt(long bucket) {
    long first = Math.max(0, bucket - BUCKETS + 1);
    // buckets before calls: a failure seen here comes with its call (see SlidingWindow's memory ordering)
    long failures = failuresIn(first, bucket);
    long slow = slowCallsIn(first, bucket);
    long start = -1;
    for (long b = first; b <= bucket && start < 0; b++) {
      int slot = (int) (b % BUCKETS);
      if (marks.get(2 * slot) == b) {
        long value = marks.get(2 * slot + 1);
        if (marks.get(2 * slot) == b) { // not recycled while we read the value
          start = value;
        }
      }
    }
    long inWindow = start < 0 ? 0 : Math.max(0, calls.sum() - start);
    return WindowCounts.of(inWindow, failures, slow);
  }
}
