package dev.selfheal.recovery.internal;

import dev.selfheal.recovery.Fallback;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.Timeout;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Pipeline layers for a {@link Retry}, {@link Timeout} or {@link Fallback} that Selfheal did not create (a
 * user's own implementation, a test double): the layer calls the policy's public {@code call} and
 * {@code getAsync}, so one rule holds for every policy kind: a pipeline accepts any implementation, as it
 * always did for breakers, bulkheads and rate limiters (#13). Selfheal's own instances are layers themselves
 * and keep their allocation-free path; a foreign one costs a lambda per call. Not API.
 */
public final class ForeignLayers {
  private ForeignLayers() {}

  /** {@code retry} as a layer: each attempt runs the rest of the pipeline. */
  public static PolicyLayer retry(Retry retry) {
    return new Foreign(PolicyLayer.RETRY, retry::call, s -> retry.getAsync(s::get));
  }

  /** {@code timeout} as a layer around the rest of the pipeline. */
  public static PolicyLayer timeout(Timeout timeout) {
    return new Foreign(PolicyLayer.TIMEOUT, timeout::call, s -> timeout.getAsync(s::get));
  }

  /** {@code fallback} as a layer: it answers for the rest of the pipeline's failures. */
  @SuppressWarnings("unchecked") // the pipeline's results are the fallback's results: R is only a compile-time type
  public static PolicyLayer fallback(Fallback<?> fallback) {
    Fallback<Object> f = (Fallback<Object>) fallback;
    return new Foreign(PolicyLayer.FALLBACK, f::call, s -> f.getAsync(s::get));
  }

  /** How a foreign policy runs a synchronous call. */
  @FunctionalInterface
  private interface SyncCall {
    Object call(Callable<Object> body) throws Exception;
  }

  private record Foreign(int rank, SyncCall sync,
      Function<Supplier<CompletableFuture<Object>>, CompletableFuture<Object>> async) implements PolicyLayer {
    @Override
    public Stage wrap(Stage next) {
      return (task, arg, kind) -> sync.call(() -> next.call(task, arg, kind));
    }

    @Override
    public AsyncStage wrapAsync(AsyncStage next) {
      return task -> async.apply(() -> next.call(task));
    }
  }
}
