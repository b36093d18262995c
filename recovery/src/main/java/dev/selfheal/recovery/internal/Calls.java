package dev.selfheal.recovery.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/** The typed entry points shared by the policies and the pipeline, over an untyped chain. Not API. */
public final class Calls {
  private Calls() {}

  @SuppressWarnings("unchecked")
  public static <T> T get(Stage chain, Supplier<? extends T> supplier) {
    try {
      return (T) chain.call(supplier, null, Stage.SUPPLIER);
    } catch (Exception e) {
      throw Throwables.unchecked(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static <T> T call(Stage chain, Callable<? extends T> callable) throws Exception {
    return (T) chain.call(callable, null, Stage.CALLABLE);
  }

  public static void run(Stage chain, Runnable runnable) {
    try {
      chain.call(runnable, null, Stage.RUNNABLE);
    } catch (Exception e) {
      throw Throwables.unchecked(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static <A, T> T apply(Stage chain, Function<? super A, ? extends T> function, A arg) {
    try {
      return (T) chain.call(function, arg, Stage.FUNCTION);
    } catch (Exception e) {
      throw Throwables.unchecked(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static <T> CompletableFuture<T> getAsync(AsyncStage chain,
      Supplier<? extends CompletionStage<? extends T>> supplier) {
    return (CompletableFuture<T>) (CompletableFuture<?>) chain.call(supplier);
  }
}
