package dev.selfheal.core.internal.handle;

import dev.selfheal.core.spi.CallInterceptor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * What a handle does for one interface method, decided at supervise time: route it (through its
 * interceptor, if any), run a default method's body on the handle, or answer an {@code Object} method.
 */
abstract class MethodPlan implements CallInterceptor.Invocation, Function<Object[], Object> {
  final SupervisedHandle<?> handle;
  final Method method;
  final CallInterceptor interceptor;

  MethodPlan(SupervisedHandle<?> handle, Method method, CallInterceptor interceptor) {
    this.handle = handle;
    this.method = method;
    this.interceptor = interceptor;
  }

  final Object call(Object[] args) throws Throwable {
    return interceptor == null ? proceed(args) : interceptor.intercept(this, args);
  }

  @Override
  public final Method method() {
    return method;
  }

  @Override
  public final Object handle() {
    return handle.proxy;
  }

  @Override
  public final Function<Object[], Object> asFunction() {
    return this;
  }

  /** The same call, throwing checked exceptions undeclared: for interceptors built on functions. */
  @Override
  public final Object apply(Object[] args) {
    try {
      return proceed(args);
    } catch (Throwable t) {
      throw MethodPlan.<RuntimeException>sneaky(t);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /** An abstract interface method: routed to the current instance. */
  static final class Routed extends MethodPlan {
    final Invoker invoker;

    Routed(SupervisedHandle<?> handle, Method method, CallInterceptor interceptor) {
      super(handle, method, interceptor);
      this.invoker = Invoker.of(method);
    }

    @Override
    public Object proceed(Object[] args) throws Throwable {
      return handle.route(this, args);
    }
  }

  /** A default method: its body runs on the handle, so the methods it calls are routed one by one. */
  static final class Default extends MethodPlan {
    Default(SupervisedHandle<?> handle, Method method, CallInterceptor interceptor) {
      super(handle, method, interceptor);
    }

    @Override
    public Object proceed(Object[] args) throws Throwable {
      return InvocationHandler.invokeDefault(handle.proxy, method, args);
    }
  }

  /** {@code equals}, {@code hashCode} or {@code toString}: answered by the handle, never by an instance. */
  static final class ObjectMethod extends MethodPlan {
    ObjectMethod(SupervisedHandle<?> handle, Method method) {
      super(handle, method, null);
    }

    @Override
    public Object proceed(Object[] args) {
      switch (method.getName()) {
        case "equals":
          return handle.handleEquals(args[0]);
        case "hashCode":
          return handle.handleHashCode();
        default:
          return handle.handleToString();
      }
    }
  }
}
