package dev.selfheal.recovery;

import dev.selfheal.core.spi.Ticker;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A retry budget shared by any number of {@link Retry} instances: it stops retries from multiplying an
 * outage. Every call deposits (one per call, not per attempt); every retry withdraws one, and is refused
 * when the window holds no more budget.
 *
 * <p><b>The rule.</b> The window is the last {@value #SLICES} slices of {@code ttl / }{@value #SLICES} each,
 * on the injected {@link Ticker}. A retry is allowed when
 * {@code retriesInWindow + 1 <= retryRatio * callsInWindow + minRetriesPerSecond * ttlSeconds}. Calls are
 * counted conservatively (a call made during a slice change may fall out of the window early), so the budget
 * may refuse slightly early but never allows more than the rule.
 *
 * <pre>{@code
 * RetryBudget budget = RetryBudget.of(RetryBudgetConfig.ofDefaults());
 * RetryConfig a = RetryConfig.builder().budget(budget).build();
 * RetryConfig b = RetryConfig.builder().maxAttempts(5).budget(budget).build();   // shares the budget
 * }</pre>
 *
 * <p><b>Cost.</b> {@link #deposit()} is a {@link LongAdder} increment: no clock read, no lock, no allocation.
 * {@link #tryWithdraw()} runs only when a call is about to be retried; it reads the ticker and takes this
 * object's monitor.
 *
 * <p>This class is thread-safe.
 */
public final class RetryBudget {
  /** The number of slices the window is cut into. */
  public static final int SLICES = 10;

  private final RetryBudgetConfig config;
  private final double reserve; // the retries a window with no calls allows: minRetriesPerSecond * ttl
  private final Ticker ticker;
  private final long sliceNanos;
  private final long origin;
  private final LongAdder calls = new LongAdder();
  private final LongAdder refused = new LongAdder();
  // guarded by this: per slice (ring index slice % SLICES), calls.sum() when the slice was entered, and the
  // retries withdrawn in it
  private final long[] callsAtSliceStart = new long[SLICES];
  private final long[] withdrawn = new long[SLICES];
  private long currentSlice;

  private RetryBudget(RetryBudgetConfig config, Ticker ticker) {
    this.config = Objects.requireNonNull(config, "config");
    this.reserve = config.minRetriesPerSecond() * (config.ttl().toNanos() / 1e9);
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.sliceNanos = Math.max(1, config.ttl().toNanos() / SLICES);
    this.origin = ticker.read();
  }

  /**
   * A budget on the system ticker.
   *
   * @param config the budget's ratio, reserve and window
   * @return the budget
   */
  public static RetryBudget of(RetryBudgetConfig config) {
    return of(config, Ticker.system());
  }

  /**
   * A budget on {@code ticker}.
   *
   * @param config the budget's ratio, reserve and window
   * @param ticker the time source of the window
   * @return the budget
   */
  public static RetryBudget of(RetryBudgetConfig config, Ticker ticker) {
    return new RetryBudget(config, ticker);
  }

  /** {@return the budget's ratio, reserve and window} */
  public RetryBudgetConfig config() {
    return config;
  }

  /** Records one call (not one attempt). */
  public void deposit() {
    calls.increment();
  }

  /**
   * Asks for one retry; {@code true} spends it.
   *
   * @return whether the retry may go
   */
  public synchronized boolean tryWithdraw() {
    long callsNow = calls.sum();
    rotate(callsNow);
    long windowStartCalls = callsAtSliceStart[(int) ((currentSlice + 1) % SLICES)];
    if (currentSlice < SLICES - 1) {
      windowStartCalls = 0; // the window reaches back before the budget existed
    }
    long retries = 0;
    for (long w : withdrawn) {
      retries += w;
    }
    double allowed = config.retryRatio() * (callsNow - windowStartCalls) + reserve;
    if (retries + 1 <= allowed) {
      withdrawn[(int) (currentSlice % SLICES)]++;
      return true;
    }
    refused.increment();
    return false;
  }

  /** {@return retries the budget refused so far} */
  public long refusedRetries() {
    return refused.sum();
  }

  /** {@return calls deposited so far} */
  public long calls() {
    return calls.sum();
  }

  private void rotate(long callsNow) {
    long slice = Math.floorDiv(ticker.read() - origin, sliceNanos);
    if (slice <= currentSlice) {
      return;
    }
    // every slice entered since the last rotation starts now, with callsNow (>= its true start count)
    long from = Math.max(currentSlice + 1, slice - SLICES + 1);
    for (long s = from; s <= slice; s++) {
      int i = (int) (s % SLICES);
      callsAtSliceStart[i] = callsNow;
      withdrawn[i] = 0;
    }
    currentSlice = slice;
  }

  @Override
  public String toString() {
    return "RetryBudget{" + config + ", calls=" + calls.sum() + ", refused=" + refused.sum() + "}";
  }
}
