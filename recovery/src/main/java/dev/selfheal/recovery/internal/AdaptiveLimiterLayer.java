package dev.selfheal.recovery.internal;

import dev.selfheal.recovery.AdaptiveLimiter;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * An {@link AdaptiveLimiter} as a pipeline layer, innermost (just inside the bulkhead), so that its latency
 * samples are the call's own and not time spent in retries, breakers or bulkhead waits. Sync and async: acquire
 * without waiting; a success records a sample; a failure the config's {@code dropOn} accepts is a drop; any
 * other failure, and a cancellation, only releases. Exactly one release per admitted call. Not API.
 */
public final class AdaptiveLimiterLayer implements PolicyLayer {
  /** Innermost: after {@link PolicyLayer#BULKHEAD}. */
  public static final int RANK = BULKHEAD + 1;

  private final AdaptiveLimiter limiter;

  public AdaptiveLimiterLayer(AdaptiveLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public int rank() {
    return RANK;
  }

  private void failed(long token, Throwable t) {
    Predicate<Throwable> dropOn = limiter.config().dropOn();
    Throwable cause = Throwables.unwrap(t);
    if (!(cause instanceof CancellationException) && dropOn.test(cause)) {
      limiter.onDropped(token);
    } else {
      limiter.onIgnore(token);
    }
  }

  @Override
  public Stage wrap(Stage next) {
    return (task, arg, kind) -> {
      long token = limiter.tryAcquire();
      if (token == AdaptiveLimiter.REJECTED) {
        throw limiter.newFullException();
      }
      Object result;
      try {
        result = next.call(task, arg, kind);
      } catch (Throwable t) {
        failed(token, t);
        throw t;
      }
      limiter.onSuccess(token);
      return result;
    };
  }

  @Override
  public AsyncStage wrapAsync(AsyncStage next) {
    return task -> {
      long token = limiter.tryAcquire();
      if (token == AdaptiveLimiter.REJECTED) {
        return CompletableFuture.failedFuture(limiter.newFullException());
      }
      CompletableFuture<Object> inner;
      try {
        inner = next.call(task);
      } catch (Throwable t) {
        limiter.onIgnore(token);
        throw t;
      }
      return Futures.afterEach(inner, (r, t) -> {
        if (t == null) {
          limiter.onSuccess(token);
        } else {
          failed(token, t);
        }
      });
    };
  }
}
