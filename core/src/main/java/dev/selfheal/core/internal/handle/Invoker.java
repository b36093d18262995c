package dev.selfheal.core.internal.handle;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Calls one interface method on an instance. For a public interface and up to four parameters it is a
 * class spun by {@link LambdaMetafactory} (the JDK's own, no bytecode library) that calls the method
 * directly, so a handle's call is two plain interface calls rather than reflection; otherwise it falls back
 * to {@link Method#invoke}.
 *
 * <p>Implementations are immutable and thread-safe. Exceptions the method throws propagate unwrapped.
 */
final class Invoker {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  /** 0 to 4: returns, by arity; 5 to 9: void, by arity + 5; -1: reflection. */
  private final int kind;
  private final Object call;
  private final Method method;

  private Invoker(int kind, Object call, Method method) {
    this.kind = kind;
    this.call = call;
    this.method = method;
  }

  /** Whether calls go through a spun class rather than reflection. */
  boolean direct() {
    return kind >= 0;
  }

  Object invoke(Object t, Object[] a) throws Throwable {
    switch (kind) {
      case 0:
        return ((Call0) call).call(t);
      case 1:
        return ((Call1) call).call(t, a[0]);
      case 2:
        return ((Call2) call).call(t, a[0], a[1]);
      case 3:
        return ((Call3) call).call(t, a[0], a[1], a[2]);
      case 4:
        return ((Call4) call).call(t, a[0], a[1], a[2], a[3]);
      case 5:
        ((VoidCall0) call).call(t);
        return null;
      case 6:
        ((VoidCall1) call).call(t, a[0]);
        return null;
      case 7:
        ((VoidCall2) call).call(t, a[0], a[1]);
        return null;
      case 8:
        ((VoidCall3) call).call(t, a[0], a[1], a[2]);
        return null;
      case 9:
        ((VoidCall4) call).call(t, a[0], a[1], a[2], a[3]);
        return null;
      default:
        try {
          return method.invoke(t, a);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
    }
  }

  static Invoker of(Method m) {
    if (Modifier.isPublic(m.getDeclaringClass().getModifiers()) && m.getParameterCount() <= 4) {
      try {
        return spun(m);
      } catch (Throwable e) {
        // a class the metafactory cannot link against (loader or module visibility): reflection still works
      }
    }
    return new Invoker(-1, null, m);
  }

  private static Invoker spun(Method m) throws Throwable {
    Class<?> type = m.getDeclaringClass();
    MethodHandle impl = MethodHandles.publicLookup().findVirtual(type, m.getName(),
        MethodType.methodType(m.getReturnType(), m.getParameterTypes()));
    int n = m.getParameterCount();
    boolean isVoid = m.getReturnType() == void.class;
    Class<?> sam = isVoid ? VOID_CALLS[n] : CALLS[n];
    MethodType erased = MethodType.genericMethodType(n + 1);
    if (isVoid) {
      erased = erased.changeReturnType(void.class);
    }
    MethodType instantiated = MethodType.methodType(isVoid ? void.class : wrap(m.getReturnType()), type);
    for (Class<?> p : m.getParameterTypes()) {
      instantiated = instantiated.appendParameterTypes(wrap(p));
    }
    Object call = LambdaMetafactory.metafactory(LOOKUP, "call", MethodType.methodType(sam), erased, impl,
        instantiated).getTarget().invoke();
    return new Invoker(isVoid ? n + 5 : n, call, m);
  }

  private static Class<?> wrap(Class<?> c) {
    return c.isPrimitive() ? MethodType.methodType(c).wrap().returnType() : c;
  }

  private static final Class<?>[] CALLS = {Call0.class, Call1.class, Call2.class, Call3.class, Call4.class};
  private static final Class<?>[] VOID_CALLS = {VoidCall0.class, VoidCall1.class, VoidCall2.class,
      VoidCall3.class, VoidCall4.class};

  interface Call0 {
    Object call(Object t) throws Throwable;
  }

  interface Call1 {
    Object call(Object t, Object a) throws Throwable;
  }

  interface Call2 {
    Object call(Object t, Object a, Object b) throws Throwable;
  }

  interface Call3 {
    Object call(Object t, Object a, Object b, Object c) throws Throwable;
  }

  interface Call4 {
    Object call(Object t, Object a, Object b, Object c, Object d) throws Throwable;
  }

  interface VoidCall0 {
    void call(Object t) throws Throwable;
  }

  interface VoidCall1 {
    void call(Object t, Object a) throws Throwable;
  }

  interface VoidCall2 {
    void call(Object t, Object a, Object b) throws Throwable;
  }

  interface VoidCall3 {
    void call(Object t, Object a, Object b, Object c) throws Throwable;
  }

  interface VoidCall4 {
    void call(Object t, Object a, Object b, Object c, Object d) throws Throwable;
  }
}
