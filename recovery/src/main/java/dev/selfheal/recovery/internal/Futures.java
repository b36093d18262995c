package dev.selfheal.recovery.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** Small helpers for chaining async layers. Not API. */
public final class Futures {
  private Futures() {}

  /** When {@code outer} is cancelled, cancel {@code inner} (with interruption where it applies). */
  public static void cancelInnerOnCancel(CompletableFuture<?> outer, CompletableFuture<?> inner) {
    outer.whenComplete((r, t) -> {
      if (outer.isCancelled()) {
        inner.cancel(true);
      }
    });
  }

  /**
   * A future that completes like {@code inner}, after {@code action} has run on inner's outcome; cancelling
   * it cancels {@code inner}. The action runs exactly once, even when the returned future is cancelled first:
   * it is attached to {@code inner} through a dependent nobody else sees. (A plain
   * {@code inner.whenComplete(action)} skips the action once its own dependent is cancelled: the
   * Resilience4j #332 permit leak.) If the action throws, the returned future fails with the action's exception
   * (a breaker predicate that threw: the caller must see it) instead of inner's outcome.
   */
  public static CompletableFuture<Object> afterEach(CompletableFuture<Object> inner,
      BiConsumer<Object, Throwable> action) {
    CompletableFuture<Object> outer = new CompletableFuture<>();
    inner.whenComplete((r, t) -> {
      try {
        action.accept(r, t);
      } catch (Throwable actionFailure) {
        outer.completeExceptionally(actionFailure);
        return;
      }
      if (t != null) {
        outer.completeExceptionally(Throwables.unwrap(t));
      } else {
        outer.complete(r);
      }
    });
    cancelInnerOnCancel(outer, inner);
    return outer;
  }
}
