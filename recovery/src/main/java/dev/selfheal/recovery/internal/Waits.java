package dev.selfheal.recovery.internal;

import dev.selfheal.core.spi.Ticker;
import java.util.concurrent.locks.LockSupport;

/** Blocking waits measured on an injected {@link Ticker}. Not API. */
public final class Waits {
  /** Longest single park, so that a waiter on a manual ticker notices when the test moves time. */
  private static final long MAX_PARK_NANOS = 10_000_000L;

  private Waits() {}

  /**
   * Parks the calling thread until {@code ticker} reads at least {@code deadline}.
   *
   * @throws InterruptedException if the thread is or becomes interrupted (the flag is cleared, as usual)
   */
  public static void parkUntil(Ticker ticker, long deadline) throws InterruptedException {
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting");
      }
      long remaining = deadline - ticker.read();
      if (remaining <= 0) {
        return;
      }
      LockSupport.parkNanos(Waits.class, Math.min(remaining, MAX_PARK_NANOS));
    }
  }
}
