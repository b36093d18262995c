package dev.selfheal.core.internal.handle;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.spi.CallInterceptor;
import dev.selfheal.core.spi.Ticker;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a handle does for one interface method, decided at supervise time: route it (through its
 * interceptor, if any), run a default method's body on the handle, or answer an {@code Object} method.
 */
abstract class MethodPlan implements CallInterceptor.Invocation, Function<Object, Object> {
  final SupervisedHandle<?> handle;
  final Method method;
  final CallInterceptor interceptor;

  MethodPlan(SupervisedHandle<?> handle, Method method, CallInterceptor interceptor) {
    this.handle = handle;
    this.method = method;
    this.interceptor = interceptor;
  }

  /**
   * This plan for the tree the handle binds to: a copy with the interceptor built in {@code context} when
   * it is {@link CallInterceptor.PerTree}, else this plan itself.
   */
  final MethodPlan bound(RuntimeContext context, Ticker ticker) {
    if (!(interceptor instanceof CallInterceptor.PerTree p)) {
      return this;
    }
    CallInterceptor b = Objects.requireNonNull(p.bind(context, ticker), "PerTree.bind returned null");
    return with(b);
  }

  /** A copy of this plan with {@code other} as its interceptor. */
  abstract MethodPlan with(CallInterceptor other);

  @Override
  public final Method method() {
    return method;
  }

  @Override
  public final Object handle() {
    return handle.proxy;
  }

  /**
   * This plan itself: it is a {@code Function<Object, Object>} rather than of {@code Object[]}, so that
   * {@link #apply} needs no bridge method (one frame less for the JIT's inline depth, see
   * {@link SupervisedHandle#route}).
   */
  @Override
  @SuppressWarnings("unchecked") // apply casts its argument to Object[]: the function only ever gets arguments
  public final Function<Object[], Object> asFunction() {
    return (Function<Object[], Object>) (Function<?, ?>) this;
  }

  /** The same call, throwing checked exceptions undeclared: for interceptors built on functions. */
  @Override
  public Object apply(Object args) {
    try {
      return proceed((Object[]) args);
    } catch (Throwable t) {
      throw MethodPlan.<RuntimeException>sneaky(t);
    }
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /** An abstract interface method: routed to the current instance. */
  static final class Routed extends MethodPlan {
    final Invoker invoker;

    Routed(SupervisedHandle<?> handle, Method method, CallInterceptor interceptor) {
      this(handle, method, interceptor, Invoker.of(method));
    }

    private Routed(SupervisedHandle<?> handle, Method method, CallInterceptor interceptor, Invoker invoker) {
      super(handle, method, interceptor);
      this.invoker = invoker;
    }

    @Override
    MethodPlan with(CallInterceptor other) {
      return new Routed(handle, method, other, invoker);
    }

    @Override
    public Object proceed(Object[] args) throws Throwable {
      return handle.route(this, args);
    }

    /** {@link #proceed} without the frame in between (see {@link SupervisedHandle#route}). */
    @Override
    public Object apply(Object args) {
      try {
        return handle.route(this, (Object[]) args);
      } catch (Throwable t) {
        throw MethodPlan.<RuntimeException>sneaky(t);
      }
    }
  }

  /** A default method: its body runs on the handle, so the methods it calls are routed one by one. */
  static final class Default extends MethodPlan {
    Default(SupervisedHandle<?> handle, Method method, CallInterceptor interceptor) {
      super(handle, method, interceptor);
    }

    @Override
    MethodPlan with(CallInterceptor other) {
      return new Default(handle, method, other);
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
    MethodPlan with(CallInterceptor other) {
      return this;
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
