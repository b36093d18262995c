package dev.selfheal.recovery.internal;

import dev.selfheal.recovery.Fallback;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link Fallback} chosen by a failure predicate and an optional result predicate.
 *
 * <p>This class is immutable (but for its counter) and thread-safe.
 *
 * @param <T> the call's result type
 */
public final class PredicateFallback<T> implements Fallback<T>, PolicyLayer {
  private final FallbackFunction<T> function;
  private final Predicate<Throwable> failures;
  private final Predicate<? super T> results;
  private final LongAdder fallbacks = new LongAdder();
  private final Stage direct;
  private final AsyncStage directAsync;

  public PredicateFallback(FallbackFunction<T> function, Predicate<Throwable> failures, Predicate<? super T> results) {
    this.function = function;
    this.failures = failures;
    this.results = results;
    this.direct = wrap(Terminal.INSTANCE);
    this.directAsync = wrapAsync(Terminal.INSTANCE);
  }

  @Override
  public int rank() {
    return FALLBACK;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Stage wrap(Stage next) {
    return (task, arg, kind) -> {
      T result;
      try {
        result = (T) next.call(task, arg, kind);
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError || !failures.test(t)) {
          throw Throwables.sneakyThrow(t);
        }
        fallbacks.increment();
        return function.apply(t, null);
      }
      if (results != null && results.test(result)) {
        fallbacks.increment();
        return function.apply(null, result);
      }
      return result;
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public AsyncStage wrapAsync(AsyncStage next) {
    return task -> {
      Map<String, String> mdc = Mdc.capture();
      CompletableFuture<Object> result = new CompletableFuture<>();
      CompletableFuture<Object> inner = next.call(task);
      inner.whenComplete((value, error) -> Mdc.wrap(mdc, () -> {
        if (result.isDone()) { // cancelled by the caller: nothing to replace
          return;
        }
        Throwable failure = error == null ? null : Throwables.unwrap(error);
        try {
          if (failure != null) {
            if (failure instanceof VirtualMachineError || !failures.test(failure)) {
              result.completeExceptionally(failure);
              return;
            }
            fallbacks.increment();
            result.complete(function.apply(failure, null));
          } else if (results != null && results.test((T) value)) {
            fallbacks.increment();
            result.complete(function.apply(null, (T) value));
          } else {
            result.complete(value);
          }
        } catch (Throwable fallbackFailure) {
          result.completeExceptionally(fallbackFailure);
        }
      }).run());
      Futures.cancelInnerOnCancel(result, inner);
      return result;
    };
  }

  @Override
  public T get(Supplier<? extends T> supplier) {
    return Calls.get(direct, supplier);
  }

  @Override
  public T call(Callable<? extends T> callable) throws Exception {
    return Calls.call(direct, callable);
  }

  @Override
  public CompletableFuture<T> getAsync(Supplier<? extends CompletionStage<? extends T>> supplier) {
    return Calls.getAsync(directAsync, supplier);
  }

  @Override
  public long fallbacks() {
    return fallbacks.sum();
  }
}
