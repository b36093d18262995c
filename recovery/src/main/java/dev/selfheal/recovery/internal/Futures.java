package dev.selfheal.recovery.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

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

  /** Completes {@code target} like {@code source}. */
  public static <T> void relay(CompletableFuture<? extends T> source, CompletableFuture<T> target) {
    source.whenComplete((r, t) -> {
      if (t != null) {
        target.completeExceptionally(Throwables.unwrap(t));
      } else {
        target.complete(r);
      }
    });
  }

  /** Runs {@code task} directly on the completing thread. */
  public static final Executor DIRECT = Runnable::run;
}
