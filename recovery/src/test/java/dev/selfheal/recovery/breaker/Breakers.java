package dev.selfheal.recovery.breaker;

import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.CircuitBreakerEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test helpers: a small breaker on a manual ticker, calls that succeed or fail, an event recorder. */
final class Breakers {
  static final IOException BOOM = new IOException("boom");

  private Breakers() {}

  /** Window 10 calls, minimum 5, threshold 0.5, open 10 s, 2 trials, max 30 s in HALF_OPEN. */
  static CircuitBreakerConfig.Builder small(ManualTicker ticker) {
    return CircuitBreakerConfig.builder()
        .ticker(ticker)
        .slidingWindow(10)
        .minimumNumberOfCalls(5)
        .failureRateThreshold(0.5)
        .openFor(Duration.ofSeconds(10))
        .permittedCallsInHalfOpen(2)
        .maxWaitInHalfOpen(Duration.ofSeconds(30));
  }

  /** One successful call through the token protocol; false if it was rejected. */
  static boolean succeed(CircuitBreaker cb) {
    long permit = cb.tryAcquirePermit();
    if (permit == CircuitBreaker.NO_PERMIT) {
      return false;
    }
    cb.onSuccess(permit, 0);
    return true;
  }

  /** One failed call through the token protocol; false if it was rejected. */
  static boolean fail(CircuitBreaker cb) {
    long permit = cb.tryAcquirePermit();
    if (permit == CircuitBreaker.NO_PERMIT) {
      return false;
    }
    cb.onError(permit, 0, BOOM);
    return true;
  }

  static void repeat(int n, Runnable r) {
    for (int i = 0; i < n; i++) {
      r.run();
    }
  }

  /** Subscribes to every event of {@code cb} and returns the live list. */
  static List<CircuitBreakerEvent> record(CircuitBreaker cb) {
    List<CircuitBreakerEvent> events = new CopyOnWriteArrayList<>();
    cb.events().subscribe(CircuitBreakerEvent.class, events::add);
    return events;
  }

  static List<String> transitions(List<CircuitBreakerEvent> events) {
    return events.stream()
        .filter(e -> e instanceof CircuitBreakerEvent.StateTransition)
        .map(e -> (CircuitBreakerEvent.StateTransition) e)
        .map(t -> t.from() + "->" + t.to())
        .toList();
  }

  /** Drives a fresh {@link #small} breaker to OPEN with 5 failures. */
  static void trip(CircuitBreaker cb) {
    while (cb.state() == CircuitBreaker.State.CLOSED) {
      fail(cb);
    }
  }
}
