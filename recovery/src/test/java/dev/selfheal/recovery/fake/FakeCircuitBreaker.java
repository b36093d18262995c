package dev.selfheal.recovery.fake;

import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitOpenException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only breaker that follows the {@link CircuitBreaker} protocol: it opens after {@code threshold}
 * consecutive failures and stays open until {@link #close()}. It counts every protocol call and the permits
 * still out, so tests can check that each permit ended exactly once.
 */
public final class FakeCircuitBreaker implements CircuitBreaker {
  private final String name;
  private final int threshold;
  private final boolean measures;
  private volatile State state = State.CLOSED;
  public final AtomicInteger consecutiveFailures = new AtomicInteger();
  public final AtomicInteger permitsOut = new AtomicInteger();
  public final AtomicInteger successes = new AtomicInteger();
  public final AtomicInteger failures = new AtomicInteger();
  public final AtomicInteger releases = new AtomicInteger();
  public final AtomicInteger rejections = new AtomicInteger();
  public volatile long lastDuration = -1;

  public FakeCircuitBreaker(String name, int threshold, boolean measuresDuration) {
    this.name = name;
    this.threshold = threshold;
    this.measures = measuresDuration;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public boolean tryAcquirePermission() {
    if (state == State.OPEN) {
      rejections.incrementAndGet();
      return false;
    }
    permitsOut.incrementAndGet();
    return true;
  }

  private void end() {
    if (permitsOut.decrementAndGet() < 0) {
      throw new AssertionError("permit ended twice");
    }
  }

  @Override
  public void releasePermission() {
    end();
    releases.incrementAndGet();
  }

  @Override
  public void onSuccess(long durationNanos) {
    end();
    lastDuration = durationNanos;
    successes.incrementAndGet();
    consecutiveFailures.set(0);
  }

  @Override
  public void onError(long durationNanos, Throwable error) {
    end();
    lastDuration = durationNanos;
    failures.incrementAndGet();
    if (consecutiveFailures.incrementAndGet() >= threshold) {
      state = State.OPEN;
    }
  }

  @Override
  public void onResult(long durationNanos, Object result) {
    onSuccess(durationNanos);
  }

  @Override
  public boolean measuresDuration() {
    return measures;
  }

  @Override
  public CircuitOpenException newOpenException() {
    return new CircuitOpenException(name, state, false);
  }

  @Override
  public HealthReport health() {
    return state == State.OPEN ? HealthReport.down("open") : HealthReport.up();
  }

  /** Operator reset. */
  public void close() {
    state = State.CLOSED;
    consecutiveFailures.set(0);
  }

  // Operator and observation methods are not part of what the pipeline tests exercise.

  @Override
  public void transitionTo(State target, dev.selfheal.core.event.Actor actor) {
    state = target;
  }

  @Override
  public void reset(dev.selfheal.core.event.Actor actor) {
    state = State.CLOSED;
    consecutiveFailures.set(0);
  }

  @Override
  public void reconfigure(dev.selfheal.recovery.CircuitBreakerConfig config, dev.selfheal.core.event.Actor actor) {
    throw new AssertionError("not used by these tests");
  }

  @Override
  public dev.selfheal.recovery.CircuitBreakerConfig config() {
    throw new AssertionError("not used by these tests");
  }

  @Override
  public dev.selfheal.recovery.CircuitBreakerMetrics metrics() {
    throw new AssertionError("not used by these tests");
  }

  @Override
  public dev.selfheal.core.event.EventBus events() {
    return events;
  }

  private final dev.selfheal.core.event.EventBus events = new dev.selfheal.core.event.EventBus();
}
