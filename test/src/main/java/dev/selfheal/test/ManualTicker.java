package dev.selfheal.test;

import dev.selfheal.core.spi.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that only moves when told to: the way to test time-based rules without sleeping.
 *
 * <pre>{@code
 * ManualTicker ticker = new ManualTicker();
 * ticker.advance(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class ManualTicker implements Ticker {
  private final AtomicLong nanos;

  /** Starts at an arbitrary non-zero reading, so code that assumes 0 means "never" is caught. */
  public ManualTicker() {
    this(1_000_000_000L);
  }

  /**
   * Starts at {@code startNanos}.
   *
   * @param startNanos the first reading
   */
  public ManualTicker(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  @Override
  public long read() {
    return nanos.get();
  }

  /**
   * Moves time forward by {@code amount}; a negative amount is refused (time is monotonic).
   *
   * @param amount at least zero
   * @return this ticker
   */
  public ManualTicker advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    return advanceNanos(amount.toNanos());
  }

  /**
   * Moves time forward by {@code amountNanos}; a negative amount is refused (time is monotonic).
   *
   * @param amountNanos at least 0
   * @return this ticker
   */
  public ManualTicker advanceNanos(long amountNanos) {
    if (amountNanos < 0) {
      throw new IllegalArgumentException("amountNanos must be >= 0 (a monotonic clock never goes back), was " + amountNanos);
    }
    nanos.addAndGet(amountNanos);
    return this;
  }
}
