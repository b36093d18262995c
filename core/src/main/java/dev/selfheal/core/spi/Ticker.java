package dev.selfheal.core.spi;

/**
 * A monotonic time source in nanoseconds, injected wherever a rule depends on elapsed time
 * (restart intensity windows, backoff, probe periods, breaker wait durations).
 *
 * <p>Only differences between two readings are meaningful, exactly as with {@link System#nanoTime()}.
 * Wall-clock jumps never affect a {@code Ticker}. Tests use {@code ManualTicker} of the selfheal-test artifact ({@code dev.selfheal.test}).
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {

  /** {@return returns the current reading in nanoseconds} */
  long read();

  /** {@return the system ticker, backed by {@link System#nanoTime()}} */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
