package dev.selfheal.recovery.internal.handle;

import dev.selfheal.core.spi.CallInterceptor;
import dev.selfheal.recovery.Fallback;
import dev.selfheal.recovery.Pipeline;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code @Fallback}'s method, checked at supervise time: a default or static method of the interface with
 * the annotated method's parameter types (optionally plus a trailing {@link Throwable}) and a compatible
 * return type. The call's arguments reach it through a thread-local set for the call's duration (the
 * pipeline's fallback function sees only the failure), so a call allocates nothing for it.
 */
final class FallbackMethod {
  private static final ThreadLocal<Object[]> ARGS = new ThreadLocal<>();
  private static final ThreadLocal<Object> HANDLE = new ThreadLocal<>();

  private final Method target;
  private final boolean takesFailure;
  private final Fallback<Object> policy;

  private FallbackMethod(Method target, boolean takesFailure, List<Class<? extends Throwable>> applyOn,
      List<Class<? extends Throwable>> skipOn) {
    this.target = target;
    this.takesFailure = takesFailure;
    this.policy = Fallback.<Object>builder((failure, result) -> invoke(failure))
        .handleIf(t -> Params.any(applyOn, t) && !Params.any(skipOn, t)).build();
  }

  static FallbackMethod resolve(Params p, Class<?> type, Method method,
      dev.selfheal.recovery.annotation.Fallback fb) {
    String name = p.s("fallbackMethod", fb.fallbackMethod());
    Class<?>[] params = method.getParameterTypes();
    Class<?>[] withFailure = Arrays.copyOf(params, params.length + 1);
    withFailure[params.length] = Throwable.class;
    Method found = null;
    boolean takesFailure = false;
    for (Method m : type.getMethods()) {
      if (!m.getName().equals(name)) {
        continue;
      }
      if (Arrays.equals(m.getParameterTypes(), params)) {
        found = m;
      } else if (Arrays.equals(m.getParameterTypes(), withFailure)) {
        found = m;
        takesFailure = true;
      }
      if (found != null) {
        break;
      }
    }
    String expected = name + "(" + names(params) + ") or " + name + "(" + names(withFailure) + ") returning "
        + method.getReturnType().getName();
    if (found == null) {
      throw p.bad("fallbackMethod", "'" + name + "'", "names no method " + expected + " on " + type.getName());
    }
    if (!wraps(method.getReturnType(), found.getReturnType())) {
      throw p.bad("fallbackMethod", "'" + name + "' returning " + found.getReturnType().getName(),
          "must return " + method.getReturnType().getName() + " (the signature must be " + expected + ")");
    }
    if (!found.isDefault() && !Modifier.isStatic(found.getModifiers())) {
      throw p.bad("fallbackMethod", "'" + name + "', an abstract method", "must be a default or static method,"
          + " so that it answers while no instance is running");
    }
    return new FallbackMethod(found, takesFailure, p.classes("applyOn", fb.applyOn()), p.classes("skipOn",
        fb.skipOn()));
  }

  private static boolean wraps(Class<?> declared, Class<?> fallback) {
    return declared == fallback || (!declared.isPrimitive() && declared.isAssignableFrom(fallback));
  }

  private static String names(Class<?>[] types) {
    return String.join(", ", Arrays.stream(types).map(Class::getSimpleName).toList());
  }

  Fallback<Object> policy() {
    return policy;
  }

  /** The pipeline, with this call's arguments and handle made visible to the fallback function. */
  CallInterceptor around(Pipeline<Object> pipeline) {
    return (invocation, args) -> {
      Object[] prevArgs = ARGS.get();
      Object prevHandle = HANDLE.get();
      ARGS.set(args);
      HANDLE.set(invocation.handle());
      try {
        return pipeline.intercept(invocation, args);
      } finally {
        ARGS.set(prevArgs);
        HANDLE.set(prevHandle);
      }
    };
  }

  private Object invoke(Throwable failure) throws Exception {
    Object[] args = ARGS.get();
    Object[] actual = args == null ? new Object[0] : args;
    if (takesFailure) {
      actual = Arrays.copyOf(actual, actual.length + 1);
      actual[actual.length - 1] = failure;
    }
    try {
      if (Modifier.isStatic(target.getModifiers())) {
        return target.invoke(null, actual);
      }
      return InvocationHandler.invokeDefault(HANDLE.get(), target, actual);
    } catch (InvocationTargetException e) {
      throw rethrow(e.getCause());
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static Exception rethrow(Throwable t) {
    if (t instanceof Exception e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }
}
