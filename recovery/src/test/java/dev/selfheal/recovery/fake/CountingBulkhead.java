package dev.selfheal.recovery.fake;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.BulkheadFullException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Wraps a bulkhead and counts successful acquires and releases, so tests can prove release-exactly-once. */
public final class CountingBulkhead implements Bulkhead {
  private final Bulkhead delegate;
  public final AtomicLong acquired = new AtomicLong();
  public final AtomicLong released = new AtomicLong();

  public CountingBulkhead(Bulkhead delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public HealthReport health() {
    return delegate.health();
  }

  @Override
  public BulkheadConfig config() {
    return delegate.config();
  }

  @Override
  public boolean tryAcquire() {
    boolean ok = delegate.tryAcquire();
    if (ok) {
      acquired.incrementAndGet();
    }
    return ok;
  }

  @Override
  public boolean tryAcquire(Duration maxWait) throws InterruptedException {
    boolean ok = delegate.tryAcquire(maxWait);
    if (ok) {
      acquired.incrementAndGet();
    }
    return ok;
  }

  @Override
  public void release() {
    released.incrementAndGet();
    delegate.release();
  }

  @Override
  public Permit tryAcquirePermit() {
    throw new UnsupportedOperationException();
  }

  @Override
  public int availablePermits() {
    return delegate.availablePermits();
  }

  @Override
  public long permittedCalls() {
    return delegate.permittedCalls();
  }

  @Override
  public long rejectedCalls() {
    return delegate.rejectedCalls();
  }

  @Override
  public BulkheadFullException newFullException() {
    return delegate.newFullException();
  }

  @Override
  public void reconfigure(BulkheadConfig config, Actor actor) {
    delegate.reconfigure(config, actor);
  }
}
