package dev.selfheal.recovery.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One asynchronous layer of a pipeline. The returned future, when cancelled, cancels the work below it.
 * Not API.
 */
@FunctionalInterface
public interface AsyncStage {
  CompletableFuture<Object> call(Supplier<? extends CompletionStage<?>> task);
}
