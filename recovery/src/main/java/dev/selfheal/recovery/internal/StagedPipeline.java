package dev.selfheal.recovery.internal;

import dev.selfheal.recovery.Pipeline;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link Pipeline} compiled once into a chain of {@link Stage}s (and one of {@link AsyncStage}s); a call
 * passes its task down the chain as an argument, so running it allocates nothing.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param <R> the result type
 */
public final class StagedPipeline<R> implements Pipeline<R> {
  private final Stage chain;
  private final AsyncStage asyncChain;
  private final List<String> order;

  public StagedPipeline(List<PolicyLayer> outermostFirst, List<String> order) {
    Stage s = Terminal.INSTANCE;
    AsyncStage a = Terminal.INSTANCE;
    for (int i = outermostFirst.size() - 1; i >= 0; i--) {
      s = outermostFirst.get(i).wrap(s);
      a = outermostFirst.get(i).wrapAsync(a);
    }
    this.chain = s;
    this.asyncChain = a;
    this.order = List.copyOf(order);
  }

  @Override
  public R get(Supplier<? extends R> supplier) {
    return Calls.get(chain, supplier);
  }

  @Override
  public R call(Callable<? extends R> callable) throws Exception {
    return Calls.call(chain, callable);
  }

  @Override
  public void run(Runnable runnable) {
    Calls.run(chain, runnable);
  }

  @Override
  public <A> R apply(Function<? super A, ? extends R> function, A arg) {
    return Calls.apply(chain, function, arg);
  }

  /**
   * A handle's call runs down the chain itself, not through {@link #apply}: two frames fewer on a path that
   * must fit C2's inline depth whole (see {@code SupervisedHandle.route} in core). The outcome is the default
   * method's: a checked exception of the component reaches the caller as itself, an interrupted permit wait
   * becomes a {@code CancellationException} with the thread's interrupt flag set again.
   */
  @Override
  public Object intercept(Invocation invocation, Object[] args) throws Throwable {
    try {
      return chain.call(invocation.asFunction(), args, Stage.FUNCTION);
    } catch (InterruptedException e) {
      throw Throwables.unchecked(e);
    }
  }

  @Override
  public CompletableFuture<R> getAsync(Supplier<? extends CompletionStage<? extends R>> supplier) {
    return Calls.getAsync(asyncChain, supplier);
  }

  @Override
  public List<String> order() {
    return order;
  }

  @Override
  public String toString() {
    return "Pipeline" + order;
  }
}
