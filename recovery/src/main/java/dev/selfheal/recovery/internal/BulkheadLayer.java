package dev.selfheal.recovery.internal;

import dev.selfheal.recovery.Bulkhead;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Bulkhead} as a pipeline layer. Sync: acquire (waiting up to the config's {@code maxWait}), run,
 * release in {@code finally}: exactly once whatever way the call ends. Async: acquire without waiting (never
 * block a thread that composes futures); release when the inner future completes, which happens exactly
 * once, including when it is cancelled. The permit belongs to the body: with {@code Pipeline.supplyAsync} the
 * inner future is a {@link BodyFuture}, which completes only when the body has ended, even when cancelled; a
 * caller's own stage ({@code getAsync}) is only as good as its completion. Not API.
 */
public final class BulkheadLayer implements PolicyLayer {
  private final Bulkhead bulkhead;

  public BulkheadLayer(Bulkhead bulkhead) {
    this.bulkhead = bulkhead;
  }

  @Override
  public int rank() {
    return BULKHEAD;
  }

  @Override
  public Stage wrap(Stage next) {
    return (task, arg, kind) -> {
      Duration wait = bulkhead.config().maxWait();
      if (!(wait.isZero() ? bulkhead.tryAcquire() : bulkhead.tryAcquire(wait))) {
        throw bulkhead.newFullException();
      }
      try {
        return next.call(task, arg, kind);
      } finally {
        bulkhead.release();
      }
    };
  }

  @Override
  public AsyncStage wrapAsync(AsyncStage next) {
    return task -> {
      if (!bulkhead.tryAcquire()) {
        return CompletableFuture.failedFuture(bulkhead.newFullException());
      }
      CompletableFuture<Object> inner;
      try {
        inner = next.call(task);
      } catch (Throwable t) {
        bulkhead.release();
        throw t;
      }
      return Futures.afterEach(inner, (r, t) -> bulkhead.release()); // once, even if the caller cancels
    };
  }
}
