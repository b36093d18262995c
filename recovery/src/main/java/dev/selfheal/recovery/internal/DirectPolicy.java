package dev.selfheal.recovery.internal;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A named policy that is also usable on its own: its layer wrapped once around the call itself, behind the
 * typed {@code get}/{@code call}/{@code run}/{@code getAsync} entry points. Not API.
 *
 * <p>The chains are built in this constructor, before the subclass's fields are set: {@link #wrap} and
 * {@link #wrapAsync} must only capture {@code this} and read fields when a call runs.
 */
abstract class DirectPolicy implements PolicyLayer {
  protected final String name;
  protected final Environment env;
  private final Stage direct;
  private final AsyncStage directAsync;

  DirectPolicy(String name, Environment env) {
    this.name = Objects.requireNonNull(name, "name");
    this.env = Objects.requireNonNull(env, "env");
    this.direct = wrap(Terminal.INSTANCE);
    this.directAsync = wrapAsync(Terminal.INSTANCE);
  }

  public String name() {
    return name;
  }

  public <T> T get(Supplier<T> supplier) {
    return Calls.get(direct, supplier);
  }

  public <T> T call(Callable<T> callable) throws Exception {
    return Calls.call(direct, callable);
  }

  public void run(Runnable runnable) {
    Calls.run(direct, runnable);
  }

  public <T> CompletableFuture<T> getAsync(Supplier<? extends CompletionStage<T>> supplier) {
    return Calls.getAsync(directAsync, supplier);
  }
}
