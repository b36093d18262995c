package dev.selfheal.recovery;

import dev.selfheal.recovery.internal.PredicateFallback;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Replaces a failure (or an unwanted result) with a fallback value.
 *
 * <pre>{@code
 * Fallback<String> fb = Fallback.<String>builder((failure, result) -> "cached")
 *     .handle(IOException.class)
 *     .handleResultIf(r -> r == null)
 *     .build();
 * }</pre>
 *
 * <p>Async: the fallback function runs on the thread that completes the failed future, with the caller's MDC.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @param <T> the call's result type
 */
public interface Fallback<T> {

  /**
   * A builder around {@code function}.
   *
   * @param <T> the call's result type
   * @param function computes the fallback result
   * @return a new builder
   */
  static <T> Builder<T> builder(FallbackFunction<T> function) {
    return new Builder<>(function);
  }

  /**
   * Any {@link Exception} is replaced with {@code value}.
   *
   * @param <T> the call's result type
   * @param value the fallback result
   * @return the fallback
   */
  static <T> Fallback<T> ofValue(T value) {
    return Fallback.<T>builder((failure, result) -> value).build();
  }

  /**
   * Runs {@code supplier}; a failure (or a rejected result) is replaced by the fallback's answer.
   *
   * @param supplier the call
   * @return the call's or the fallback's result
   */
  T get(Supplier<? extends T> supplier);

  /**
   * Runs {@code callable}; a failure (or a rejected result) is replaced by the fallback's answer.
   *
   * @param callable the call
   * @return the call's or the fallback's result
   * @throws Exception what the fallback throws
   */
  T call(Callable<? extends T> callable) throws Exception;

  /**
   * Runs the stage {@code supplier} returns; a failure (or a rejected result) is replaced by the fallback's answer.
   *
   * @param supplier starts the call and returns its stage
   * @return the call's or the fallback's result
   */
  CompletableFuture<T> getAsync(Supplier<? extends CompletionStage<? extends T>> supplier);

  /** {@return calls whose outcome was replaced} */
  long fallbacks();

  /**
   * Computes the fallback.
   *
   * @param <T> the call's result type
   */
  @FunctionalInterface
  interface FallbackFunction<T> {
    /**
     * @param failure the failure, or null when a result was rejected
     * @param result  the rejected result, or null after a failure
     * @return the result the caller gets
     * @throws Exception given to the caller in place of the failure
     */
    T apply(Throwable failure, T result) throws Exception;
  }

  /**
   * Builder of {@link Fallback}. Not thread-safe.
   *
   * @param <T> the call's result type
   */
  final class Builder<T> {
    private final FallbackFunction<T> function;
    private final List<Class<? extends Throwable>> types = new ArrayList<>();
    private Predicate<Throwable> failurePredicate;
    private Predicate<? super T> resultPredicate;

    private Builder(FallbackFunction<T> function) {
      this.function = Validation.notNull("function", function);
    }

    /**
     * Handle failures that are instances of {@code type} (repeatable). Default, when neither this nor
     * {@link #handleIf} is set: any {@link Exception}, never an {@link Error}.
     *
     * @param type handle failures that are instances of {@code type} (repeatable)
     * @return this builder
     */
    public Builder<T> handle(Class<? extends Throwable> type) {
      types.add(Validation.notNull("handle", type));
      return this;
    }

    /**
     * Handle failures this predicate accepts (in addition to {@link #handle} types). Default: none.
     *
     * @param predicate handle failures this predicate accepts (in addition to {@link #handle} types)
     * @return this builder
     */
    public Builder<T> handleIf(Predicate<Throwable> predicate) {
      this.failurePredicate = Validation.notNull("handleIf", predicate);
      return this;
    }

    /**
     * Also replace results this predicate accepts. Default: none.
     *
     * @param predicate also replace results this predicate accepts
     * @return this builder
     */
    public Builder<T> handleResultIf(Predicate<? super T> predicate) {
      this.resultPredicate = Validation.notNull("handleResultIf", predicate);
      return this;
    }

    /** {@return the fallback} */
    public Fallback<T> build() {
      List<Class<? extends Throwable>> handled = List.copyOf(types);
      Predicate<Throwable> byPredicate = failurePredicate;
      Predicate<Throwable> failures;
      if (handled.isEmpty() && byPredicate == null) {
        failures = t -> t instanceof Exception;
      } else {
        failures = t -> {
          for (Class<? extends Throwable> type : handled) {
            if (type.isInstance(t)) {
              return true;
            }
          }
          return byPredicate != null && byPredicate.test(t);
        };
      }
      return new PredicateFallback<>(function, failures, resultPredicate);
    }
  }
}
