package dev.selfheal.core.spi;

import dev.selfheal.core.RuntimeContext;
import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * Runs one method's calls through a supervised handle's policies: the seam through which recovery's
 * {@code Pipeline} wraps a supervised component without core depending on recovery.
 *
 * <p>A handle asks every {@link CallInterceptorProvider} once per interface method, at supervise time, and
 * keeps what they return; on each call it passes the interceptor the method's {@link Invocation} (created
 * once per method) and the call's arguments, so intercepting allocates nothing of ours. The interceptor
 * calls {@link Invocation#proceed} zero or more times (a retry proceeds again, an open breaker not at all);
 * each proceed routes to the component's <em>current</em> instance, so an attempt retried after a restart
 * reaches the new instance.
 *
 * <p>Implementations are immutable and thread-safe; they must rethrow what {@code proceed} throws (checked
 * exceptions included, unwrapped) unless a policy replaces it.
 */
@FunctionalInterface
public interface CallInterceptor {

  /**
   * Runs {@code invocation} on {@code args} through the policies and returns its (or a fallback's) result.
   *
   * @param invocation the call to make
   * @param args the call's arguments
   * @return the result
   * @throws Throwable what the call or its policies throw
   */
  Object intercept(Invocation invocation, Object[] args) throws Throwable;

  /**
   * An interceptor whose policies belong to the tree the handle binds to: a provider validates everything
   * at supervise time and returns one of these; when the handle binds to its tree it calls {@link #bind}
   * once and uses what that returns from then on, so the policies journal to that tree's journal, schedule
   * on its scheduler and add their health sources to its {@link RuntimeContext} only (a second tree
   * supervising the same interface gets policies of its own). The call path is the same as for any
   * interceptor: the handle swaps the bound one in, nothing is looked up per call.
   *
   * <p>Before the handle is bound there is no instance to call anyway: {@link #intercept} proceeds without
   * policies, so the call waits for an instance and fails with {@code ComponentUnavailableException}.
   */
  @FunctionalInterface
  interface PerTree extends CallInterceptor {
    /**
     * Builds the policies in {@code context}. Called once, when the handle binds; must not fail for a
     * configuration that was accepted at supervise time.
     *
     * @param ticker what the policies measure with: the handle options' ticker if one was given, else the
     *     context's
     * @param context the context of the component's tree
     * @return the interceptor
     */
    CallInterceptor bind(RuntimeContext context, Ticker ticker);

    @Override
    default Object intercept(Invocation invocation, Object[] args) throws Throwable {
      return invocation.proceed(args);
    }
  }

  /** One interface method of a supervised handle, bound to the handle. Immutable and thread-safe. */
  interface Invocation {
    /** {@return the interface method being called} */
    Method method();

    /** {@return the supervised handle (the proxy) the call came through: a default method's body runs on it} */
    Object handle();

    /**
     * Calls {@link #method()} on the component's current instance: waits a bounded time for one when the
     * component is restarting, then throws {@code ComponentUnavailableException}.
     *
     * @param args the call's arguments
     * @return the instance's result
     * @throws Throwable what the instance throws
     */
    Object proceed(Object[] args) throws Throwable;

    /**
     * {@link #proceed} as a {@link Function}, created once: for interceptors built on functions (recovery's
     * {@code Pipeline.apply}). It throws what {@code proceed} throws, checked exceptions included, undeclared.
     *
     * @return the function
     */
    Function<Object[], Object> asFunction();
  }
}
