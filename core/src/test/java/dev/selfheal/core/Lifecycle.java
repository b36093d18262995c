package dev.selfheal.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Test fixture: scriptable children that record "start:id" and "stop:id" in the order they happen (the
 * role of OTP's dbg tracer in supervisor_SUITE), and keep each child's latest {@link ChildContext} so a
 * test can crash or end it.
 */
public final class Lifecycle {
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, ChildContext> contexts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> creations = new ConcurrentHashMap<>();

  public List<String> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  public void clear() {
    events.clear();
  }

  public ChildContext context(String id) {
    return contexts.get(id);
  }

  public int creations(String id) {
    return creations.computeIfAbsent(id, k -> new AtomicInteger()).get();
  }

  /** A service that starts and stops fine. */
  public ChildSpec.Builder service(String id) {
    return service(id, n -> false);
  }

  /** A service whose n-th creation (1-based) fails to start when {@code failOnCreation} says so. */
  public ChildSpec.Builder service(String id, IntPredicate failOnCreation) {
    return ChildSpec.service(id, ctx -> {
      int n = creations.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      contexts.put(id, ctx);
      return new Component() {
        @Override
        public void start() {
          if (failOnCreation.test(n)) {
            events.add("startfail:" + id);
            throw new IllegalStateException(id + " refuses to start (creation " + n + ")");
          }
          events.add("start:" + id);
        }

        @Override
        public void stop() {
          events.add("stop:" + id);
        }
      };
    });
  }

  /** A service whose stop() blocks until the latch opens (or it is interrupted). */
  public ChildSpec.Builder hangingStop(String id, CountDownLatch release) {
    return ChildSpec.service(id, ctx -> {
      contexts.put(id, ctx);
      return new Component() {
        @Override
        public void start() {
          events.add("start:" + id);
        }

        @Override
        public void stop() throws InterruptedException {
          events.add("stopping:" + id);
          release.await();
          events.add("stop:" + id);
        }
      };
    });
  }

  /** A worker that runs until asked to stop (or interrupted). */
  public ChildSpec.Builder worker(String id) {
    return ChildSpec.worker(id, () -> ctx -> {
      contexts.put(id, ctx);
      events.add("start:" + id);
      try {
        while (!ctx.stopRequested()) {
          Thread.onSpinWait();
          java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
      } finally {
        events.add("stop:" + id);
      }
    });
  }

  /** A worker that ends at once with the given exit: "normal", "shutdown" or "crash". */
  public ChildSpec.Builder exitingWorker(String id, String exit) {
    return ChildSpec.worker(id, () -> ctx -> {
      int n = creations.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      contexts.put(id, ctx);
      events.add("start:" + id);
      if (n > 1) {
        // later instances run until stopped, so a test observes exactly one exit
        while (!ctx.stopRequested()) {
          java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return;
      }
      switch (exit) {
        case "normal" -> { }
        case "shutdown" -> ctx.exitShutdown("done");
        case "crash" -> throw new IllegalStateException("crash of " + id);
        default -> throw new IllegalArgumentException(exit);
      }
    });
  }
}
