package dev.selfheal.core.spi;

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

  /** Runs {@code invocation} on {@code args} through the policies and returns its (or a fallback's) result. */
  Object intercept(Invocation invocation, Object[] args) throws Throwable;

  /** One interface method of a supervised handle, bound to the handle. Immutable and thread-safe. */
  interface Invocation {
    /** The interface method being called. */
    Method method();

    /** The supervised handle (the proxy) the call came through: a default method's body runs on it. */
    Object handle();

    /**
     * Calls {@link #method()} on the component's current instance: waits a bounded time for one when the
     * component is restarting, then throws {@code ComponentUnavailableException}.
     */
    Object proceed(Object[] args) throws Throwable;

    /**
     * {@link #proceed} as a {@link Function}, created once: for interceptors built on functions (recovery's
     * {@code Pipeline.apply}). It throws what {@code proceed} throws, checked exceptions included, undeclared.
     */
    Function<Object[], Object> asFunction();
  }
}
