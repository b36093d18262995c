package dev.selfheal.recovery.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/** The innermost layer: runs the user's task. Not API. */
public enum Terminal implements Stage, AsyncStage {
  INSTANCE;

  @Override
  @SuppressWarnings("unchecked")
  public Object call(Object task, Object arg, int kind) throws Exception {
    switch (kind) {
      case SUPPLIER:
        return ((Supplier<?>) task).get();
      case CALLABLE:
        return ((Callable<?>) task).call();
      case RUNNABLE:
        ((Runnable) task).run();
        return null;
      case FUNCTION:
        return ((Function<Object, ?>) task).apply(arg);
      default:
        throw new IllegalArgumentException("unknown task kind " + kind);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<Object> call(Supplier<? extends CompletionStage<?>> task) {
    try {
      CompletionStage<?> stage = task.get();
      if (stage == null) {
        return CompletableFuture.failedFuture(new NullPointerException("the task returned a null CompletionStage"));
      }
      // a CompletableFuture is used as is, so that cancelling it reaches the user's work
      CompletableFuture<?> f = stage.toCompletableFuture();
      return (CompletableFuture<Object>) f;
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }
}
