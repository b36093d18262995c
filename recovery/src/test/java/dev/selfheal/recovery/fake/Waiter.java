package dev.selfheal.recovery.fake;

import static org.awaitility.Awaitility.await;

import java.util.concurrent.atomic.AtomicBoolean;

/** A thread that makes one blocking acquire and keeps its answer; started parked, so tests can act on it. */
public final class Waiter {
  /** A blocking acquire. */
  @FunctionalInterface
  public interface Acquire {
    boolean acquire() throws InterruptedException;
  }

  private final AtomicBoolean got = new AtomicBoolean();
  private final Thread thread;

  private Waiter(Acquire acquire) {
    thread = new Thread(() -> {
      try {
        got.set(acquire.acquire());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "selfheal-test-waiter");
  }

  /** Starts the acquire and returns once the thread is parked in a timed wait. */
  public static Waiter startParked(Acquire acquire) {
    Waiter w = new Waiter(acquire);
    w.thread.start();
    await().until(() -> w.thread.getState() == Thread.State.TIMED_WAITING);
    return w;
  }

  /** Whether the acquire has succeeded so far. */
  public boolean got() {
    return got.get();
  }

  /** Waits (bounded) for the acquire to return and gives its answer. */
  public boolean join() throws InterruptedException {
    thread.join(10_000);
    return got.get();
  }
}
