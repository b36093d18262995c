package dev.selfheal.test;

import dev.selfheal.core.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Scheduler} driven by a {@link ManualTicker}: {@link #advance(Duration)} moves the ticker and
 * runs, on the calling thread and in due-time order, every task that has become due.
 *
 * <p>This class is thread-safe: tasks may be scheduled from any thread; they run only inside
 * {@link #advance} or {@link #runDueTasks()}.
 */
public final class ManualScheduler implements Scheduler {
  private final ManualTicker ticker;
  private final List<Entry> entries = new ArrayList<>();
  private long sequence;

  /**
   * A scheduler whose time is {@code ticker}'s.
   *
   * @param ticker the ticker that {@link #advance} moves
   */
  public ManualScheduler(ManualTicker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /** {@return the ticker this scheduler moves} */
  public ManualTicker ticker() {
    return ticker;
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    Objects.requireNonNull(task, "task");
    Entry entry;
    synchronized (entries) {
      entry = new Entry(ticker.read() + Math.max(0, delayNanos), sequence++, task);
      entries.add(entry);
    }
    return () -> {
      synchronized (entries) {
        entries.remove(entry);
      }
    };
  }

  /**
   * Moves time forward by {@code amount}, running due tasks at their due times, in order.
   *
   * @param amount at least zero
   */
  public void advance(Duration amount) {
    long target = ticker.read() + amount.toNanos();
    while (true) {
      Entry next;
      synchronized (entries) {
        next = entries.stream().filter(e -> e.dueNanos <= target)
            .min(Comparator.comparingLong((Entry e) -> e.dueNanos).thenComparingLong(e -> e.seq))
            .orElse(null);
        if (next != null) {
          entries.remove(next);
        }
      }
      if (next == null) {
        break;
      }
      if (next.dueNanos > ticker.read()) {
        ticker.advanceNanos(next.dueNanos - ticker.read());
      }
      next.task.run();
    }
    if (target > ticker.read()) {
      ticker.advanceNanos(target - ticker.read());
    }
  }

  /** Runs every task already due without moving time. */
  public void runDueTasks() {
    advance(Duration.ZERO);
  }

  /** {@return the number of tasks waiting} */
  public int pending() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private record Entry(long dueNanos, long seq, Runnable task) {}
}
