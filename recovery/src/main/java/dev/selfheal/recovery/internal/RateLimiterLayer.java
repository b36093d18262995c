package dev.selfheal.recovery.internal;

import dev.selfheal.recovery.RateLimiter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link RateLimiter} as a pipeline layer: sync calls wait up to the config's {@code maxWait}; async calls
 * never wait. Not API.
 */
public final class RateLimiterLayer implements PolicyLayer {
  private final RateLimiter limiter;

  public RateLimiterLayer(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public int rank() {
    return RATE_LIMITER;
  }

  @Override
  public Stage wrap(Stage next) {
    return (task, arg, kind) -> {
      Duration wait = limiter.config().maxWait();
      if (!(wait.isZero() ? limiter.tryAcquire() : limiter.tryAcquire(wait))) {
        throw limiter.newExceededException();
      }
      return next.call(task, arg, kind);
    };
  }

  @Override
  public AsyncStage wrapAsync(AsyncStage next) {
    return task -> limiter.tryAcquire() ? next.call(task)
        : CompletableFuture.failedFuture(limiter.newExceededException());
  }
}
