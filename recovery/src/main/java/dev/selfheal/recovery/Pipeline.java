package dev.selfheal.recovery;

import dev.selfheal.core.spi.CallInterceptor;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.internal.AdaptiveLimiterLayer;
import dev.selfheal.recovery.internal.BodyFuture;
import dev.selfheal.recovery.internal.BreakerLayer;
import dev.selfheal.recovery.internal.BulkheadLayer;
import dev.selfheal.recovery.internal.PolicyLayer;
import dev.selfheal.recovery.internal.RateLimiterLayer;
import dev.selfheal.recovery.internal.StagedPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Policies composed around a call, built once and reused by any number of threads.
 *
 * <p><b>Default order</b>, outermost first: <b>Fallback, Retry, CircuitBreaker, RateLimiter, Timeout,
 * Bulkhead, AdaptiveLimiter</b>, then the call. So each retry attempt asks the breaker, the limiter and the
 * bulkhead again; a timed-out attempt counts as a breaker failure; the bulkhead limits calls actually running;
 * the adaptive limiter, innermost, measures the call itself (a timeout outside it reaches it as a drop). Call
 * {@link Builder#explicitOrder()} to keep the order in which the policies were added instead (outermost
 * first).
 *
 * <pre>{@code
 * Pipeline<String> pipeline = Pipeline.<String>builder()
 *     .retry(retry)
 *     .circuitBreaker(breaker)
 *     .bulkhead(bulkhead)
 *     .fallback(Fallback.ofValue("cached"))
 *     .build();
 * String body = pipeline.get(() -> client.fetch());
 * }</pre>
 *
 * <p>Sync calls with Retry, CircuitBreaker, RateLimiter and Bulkhead allocate nothing on the success path
 * (a Timeout runs the call on another thread, which allocates). Async calls (a supplier of
 * {@link CompletionStage}) never block: the bulkhead and rate limiter do not wait, retries and deadlines are
 * scheduled; cancelling the returned future cancels the attempt in flight and any pending retry. SLF4J's
 * MDC is carried into async attempts, timeout threads and fallbacks.
 *
 * <p>A pipeline is also a {@link CallInterceptor}: give it to a supervised handle with
 * {@code HandleOptions.builder().intercept("method", pipeline)} and the method's calls run through it, each
 * attempt on the component's current instance.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <R> the result type
 */
public interface Pipeline<R> extends CallInterceptor {

  /**
   * A builder of a pipeline, with no policy yet.
   *
   * @param <R> the calls' result type
   * @return a new builder
   */
  static <R> Builder<R> builder() {
    return new Builder<>();
  }

  /**
   * Runs {@code supplier} through the policies.
   *
   * @param supplier the call
   * @return the call's (or a fallback's) result
   */
  R get(Supplier<? extends R> supplier);

  /**
   * Runs {@code callable} through the policies; its checked exceptions reach the caller as themselves.
   *
   * @param callable the call
   * @return the call's (or a fallback's) result
   * @throws Exception what the call throws through the policies
   */
  R call(Callable<? extends R> callable) throws Exception;

  /**
   * Runs {@code runnable} through the policies.
   *
   * @param runnable the call
   */
  void run(Runnable runnable);

  /**
   * Runs {@code function} on {@code arg} through the policies (no allocation per call).
   *
   * @param <A> the argument's type
   * @param function the call
   * @param arg its argument
   * @return the call's (or a fallback's) result
   */
  <A> R apply(Function<? super A, ? extends R> function, A arg);

  /**
   * {@code function} decorated with the policies.
   *
   * @param <A> the argument's type
   * @param function the call
   * @return the decorated function
   */
  default <A> Function<A, R> decorate(Function<? super A, ? extends R> function) {
    return a -> apply(function, a);
  }

  /**
   * Runs the stage {@code supplier} returns through the policies. A bulkhead holds its permit until that stage
   * completes; it cannot see a body behind the stage, and a cancelled {@code CompletableFuture} completes at once
   * while its body may still run, so cancelling frees the permit of a body still running. Use
   * {@link #supplyAsync} where the bulkhead must bound what really runs.
   *
   * @param supplier starts one attempt and returns its stage
   * @return the outcome of the last attempt, or a fallback's
   */
  CompletableFuture<R> getAsync(Supplier<? extends CompletionStage<? extends R>> supplier);

  /**
   * Runs {@code body} on {@code executor} through the policies, as {@link #getAsync} does, but the pipeline runs the
   * body itself: each attempt's stage completes only when its body has really ended, so a bulkhead's bound holds
   * under cancellation storms and timeouts. Cancelling the returned future (or a timeout) interrupts the body, and
   * its permit comes back when the body ends.
   *
   * @param body the call
   * @param executor where each attempt's body runs
   * @return the outcome of the last attempt, or a fallback's
   */
  default CompletableFuture<R> supplyAsync(Supplier<? extends R> body, Executor executor) {
    return getAsync(() -> BodyFuture.start(body, executor));
  }

  /** {@return the layers, outermost first, by kind: e.g. {@code [retry, circuitbreaker, bulkhead]}} */
  List<String> order();

  /**
   * Runs a supervised handle's call through the policies, allocating nothing: a checked exception thrown by
   * the component reaches the caller as itself, not wrapped.
   *
   * @param invocation the handle's call
   * @param args its arguments
   * @return the call's (or a fallback's) result
   * @throws Throwable what the call throws through the policies
   */
  @Override
  @SuppressWarnings("unchecked") // R only types results; a handle's method returns what its instance returns
  default Object intercept(Invocation invocation, Object[] args) throws Throwable {
    try {
      return ((Pipeline<Object>) this).apply(invocation.asFunction(), args);
    } catch (CompletionException e) {
      // apply() wraps a checked exception (thrown undeclared by the invocation) in a CompletionException
      Throwable cause = e.getCause();
      throw cause instanceof Exception && !(cause instanceof RuntimeException) ? cause : e;
    }
  }

  /**
   * Builder of {@link Pipeline}. Not thread-safe. Each policy kind may be added once.
   *
   * @param <R> the result type
   */
  final class Builder<R> {
    private final List<PolicyLayer> layers = new ArrayList<>();
    private final List<String> kinds = new ArrayList<>();
    private boolean explicitOrder;
    private Ticker ticker = Ticker.system();

    private Builder() {}

    /**
     * Replaces failures or results; see {@link Fallback}.
     *
     * @param fallback the fallback
     * @return this builder
     */
    public Builder<R> fallback(Fallback<R> fallback) {
      return add("fallback", ownLayer(fallback, "fallback"));
    }

    /**
     * A {@link Retry}, made by {@link Retry#of} or a {@link RecoveryRegistry}.
     *
     * @param retry the retry
     * @return this builder
     */
    public Builder<R> retry(Retry retry) {
      return add("retry", ownLayer(retry, "retry"));
    }

    /**
     * Any {@link CircuitBreaker} implementation, driven through its permit protocol.
     *
     * @param breaker any {@link CircuitBreaker} implementation, driven through its permit protocol
     * @return this builder
     */
    public Builder<R> circuitBreaker(CircuitBreaker breaker) {
      return add("circuitbreaker", new BreakerLayer(Validation.notNull("circuitBreaker", breaker), ticker));
    }

    /**
     * Any {@link RateLimiter} implementation.
     *
     * @param limiter any {@link RateLimiter} implementation
     * @return this builder
     */
    public Builder<R> rateLimiter(RateLimiter limiter) {
      return add("ratelimiter", new RateLimiterLayer(Validation.notNull("rateLimiter", limiter)));
    }

    /**
     * A {@link Timeout}, made by {@link Timeout#of} or a {@link RecoveryRegistry}.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder<R> timeout(Timeout timeout) {
      return add("timeout", ownLayer(timeout, "timeout"));
    }

    /**
     * Any {@link Bulkhead} implementation.
     *
     * @param bulkhead any {@link Bulkhead} implementation
     * @return this builder
     */
    public Builder<R> bulkhead(Bulkhead bulkhead) {
      return add("bulkhead", new BulkheadLayer(Validation.notNull("bulkhead", bulkhead)));
    }

    /**
     * An {@link AdaptiveLimiter}: a bulkhead whose limit follows the service's capacity (innermost).
     *
     * @param limiter an {@link AdaptiveLimiter}: a bulkhead whose limit follows the service's capacity (innermost)
     * @return this builder
     */
    public Builder<R> adaptiveLimiter(AdaptiveLimiter limiter) {
      return add("adaptivelimiter", new AdaptiveLimiterLayer(Validation.notNull("adaptiveLimiter", limiter)));
    }

    /**
     * The ticker that measures call durations for a breaker with slow-call detection. Default
     * {@link Ticker#system()}.
     *
     * @param ticker the ticker that measures call durations for a breaker with slow-call detection
     * @return this builder
     */
    public Builder<R> ticker(Ticker ticker) {
      this.ticker = Validation.notNull("ticker", ticker);
      return this;
    }

    /**
     * Keep the order in which policies were added (outermost first) instead of the default order.
     *
     * @return this builder
     */
    public Builder<R> explicitOrder() {
      this.explicitOrder = true;
      return this;
    }

    /** {@return the pipeline, in the default order unless {@link #explicitOrder()}} */
    public Pipeline<R> build() {
      for (int i = 0; i < layers.size(); i++) {
        if (layers.get(i) instanceof BreakerLayer) {
          layers.set(i, ((BreakerLayer) layers.get(i)).withTicker(ticker));
        }
      }
      List<PolicyLayer> ordered = new ArrayList<>(layers);
      List<String> names = new ArrayList<>(kinds);
      if (!explicitOrder) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
          idx.add(i);
        }
        idx.sort((a, b) -> Integer.compare(layers.get(a).rank(), layers.get(b).rank()));
        ordered.clear();
        names.clear();
        for (int i : idx) {
          ordered.add(layers.get(i));
          names.add(kinds.get(i));
        }
      }
      return new StagedPipeline<>(ordered, names);
    }

    private Builder<R> add(String kind, PolicyLayer layer) {
      if (kinds.contains(kind)) {
        throw new IllegalArgumentException(kind + " was already added to this pipeline");
      }
      kinds.add(kind);
      layers.add(layer);
      return this;
    }

    private static PolicyLayer ownLayer(Object policy, String field) {
      Validation.notNull(field, policy);
      if (!(policy instanceof PolicyLayer)) {
        throw new IllegalArgumentException(field + " must be created by Selfheal (a factory or a registry), was "
            + policy.getClass().getName());
      }
      return (PolicyLayer) policy;
    }
  }
}
