package dev.selfheal.recovery.internal;

import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.CircuitBreaker;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link CircuitBreaker} as a pipeline layer, following its protocol with the per-call token:
 * {@code tryAcquirePermit()}, then exactly one of {@code onSuccess}, {@code onError}, {@code onResult} or
 * {@code releasePermission} with that permit (the call was cancelled: an {@link InterruptedException} or
 * {@link CancellationException}, which records nothing), so a late result is never applied to a later phase. A
 * record or result predicate that throws reaches the caller in place of the call's outcome. The ticker is read
 * only when the breaker {@code measuresDuration()}. Not API.
 */
public final class BreakerLayer implements PolicyLayer {
  private final CircuitBreaker breaker;
  private final Ticker ticker;

  public BreakerLayer(CircuitBreaker breaker, Ticker ticker) {
    this.breaker = breaker;
    this.ticker = ticker;
  }

  /** The same breaker measured on {@code newTicker}. */
  public BreakerLayer withTicker(Ticker newTicker) {
    return new BreakerLayer(breaker, newTicker);
  }

  @Override
  public int rank() {
    return CIRCUIT_BREAKER;
  }

  @Override
  public Stage wrap(Stage next) {
    return (task, arg, kind) -> {
      long permit = breaker.tryAcquirePermit();
      if (permit == CircuitBreaker.NO_PERMIT) {
        throw breaker.newOpenException();
      }
      boolean measure = breaker.measuresDuration();
      long start = measure ? ticker.read() : 0L;
      Object result;
      try {
        result = next.call(task, arg, kind);
      } catch (Throwable t) {
        end(permit, t, measure ? ticker.read() - start : 0L);
        throw Throwables.sneakyThrow(t);
      }
      long duration = measure ? ticker.read() - start : 0L;
      if (kind == Stage.RUNNABLE) {
        breaker.onSuccess(permit, duration);
      } else {
        breaker.onResult(permit, duration, result);
      }
      return result;
    };
  }

  private void end(long permit, Throwable t, long duration) {
    if (t instanceof InterruptedException || t instanceof CancellationException) {
      breaker.releasePermission(permit);
    } else {
      breaker.onError(permit, duration, t);
    }
  }

  @Override
  public AsyncStage wrapAsync(AsyncStage next) {
    return task -> {
      long permit = breaker.tryAcquirePermit();
      if (permit == CircuitBreaker.NO_PERMIT) {
        return CompletableFuture.failedFuture(breaker.newOpenException());
      }
      boolean measure = breaker.measuresDuration();
      long start = measure ? ticker.read() : 0L;
      CompletableFuture<Object> inner = next.call(task); // never throws: failures come back as futures
      return Futures.afterEach(inner, (r, t) -> {
        long duration = measure ? ticker.read() - start : 0L;
        if (t == null) {
          breaker.onResult(permit, duration, r);
        } else {
          end(permit, Throwables.unwrap(t), duration);
        }
      });
    };
  }
}
