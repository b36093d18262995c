package dev.selfheal.core.internal.handle;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Calls one interface method on an instance, by the fastest means the method's loader and module allow:
 * <ol>
 *   <li><b>Spun</b>: a class spun by {@link LambdaMetafactory} (the JDK's own, no bytecode library) that calls
 *       the method directly, so a handle's call is two plain interface calls. Only where core can link against
 *       every type of the signature: public, exported (or open) to core's module, and <em>visible from core's
 *       class loader</em>. The spun class is a nestmate of this class, defined in core's loader and module, so
 *       it resolves the interface by name through core's loader; an interface defined by a child loader (a
 *       plugin's, a webapp's, a test's {@code URLClassLoader}) is not found there, and the spun call would
 *       throw {@link NoClassDefFoundError} at its first call (a {@link ClassCastException} where a child-first
 *       loader shadows a class of core's loader of the same name). No lookup in the interface's own loader is to be
 *       had without the user's help: {@link MethodHandles#privateLookupIn} into another module drops {@code MODULE}
 *       access, which {@code LambdaMetafactory} requires, and a child loader's unnamed module is another module.
 *   <li><b>Method handle</b>: otherwise, the method's {@link MethodHandle} adapted to
 *       {@code (Object, Object[])Object} and called with {@code invokeExact}: no linkage by name, so any loader
 *       and any arity; no allocation either (the adaptation casts and unboxes), only an indirection the JIT
 *       cannot inline through, as the handle is not a constant.
 *   <li><b>Reflection</b> ({@link Method#invoke}), where no method handle can be had but the method was made
 *       accessible.
 * </ol>
 * An interface whose package is neither exported nor open to core's module cannot be called at all: that
 * fails here, at supervise time, with the line to add to its {@code module-info}. Core reads the interface's
 * module on demand ({@link Module#addReads}), as a named module reads only what it requires.
 *
 * <p>Implementations are immutable and thread-safe. Exceptions the method throws propagate unwrapped.
 */
final class Invoker {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final int HANDLE = -2;
  private static final int REFLECT = -1;

  /** 0 to 4: spun, returns, by arity; 5 to 9: spun, void, by arity + 5; -2: method handle; -1: reflection. */
  private final int kind;
  private final Object call;
  private final MethodHandle handle;
  private final Method method;

  private Invoker(int kind, Object call, MethodHandle handle, Method method) {
    this.kind = kind;
    this.call = call;
    this.handle = handle;
    this.method = method;
  }

  /** Whether calls go through a spun class. */
  boolean direct() {
    return kind >= 0;
  }

  /** Whether calls go through a method handle (the interface is not linkable from core's loader). */
  boolean viaHandle() {
    return kind == HANDLE;
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
      case HANDLE:
        return (Object) handle.invokeExact(t, a);
      default:
        try {
          return method.invoke(t, a);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
    }
  }

  /**
   * The invoker of {@code m} (made accessible by the caller where it could be).
   *
   * @throws IllegalArgumentException if the interface's package is neither exported nor open to core
   */
  static Invoker of(Method m) {
    Class<?> type = m.getDeclaringClass();
    Module core = Invoker.class.getModule();
    if (!type.getModule().isExported(type.getPackageName(), core)) {
      throw new IllegalArgumentException("supervise: " + type.getName() + " is in package " + type.getPackageName()
          + " of " + type.getModule() + ", which neither exports nor opens it to " + name(core) + "; add \"exports "
          + type.getPackageName() + " to " + (core.isNamed() ? core.getName() : "<core's module>")
          + ";\" (or opens) to its module-info");
    }
    core.addReads(type.getModule()); // a no-op when core is unnamed or already reads it
    if (m.getParameterCount() <= 4 && linkable(m)) {
      try {
        return spun(m);
      } catch (Throwable e) {
        // the metafactory refused (it should not, for a linkable signature): a method handle still works
      }
    }
    try {
      MethodHandle h = LOOKUP.unreflect(m) // the accessible flag set by the caller suppresses the access check
          .asType(MethodType.genericMethodType(m.getParameterCount() + 1))
          .asSpreader(Object[].class, m.getParameterCount()); // takes the proxy's null for no arguments
      return new Invoker(HANDLE, null, h, m);
    } catch (IllegalAccessException e) {
      return new Invoker(REFLECT, null, null, m);
    }
  }

  private static String name(Module m) {
    return m.isNamed() ? "module " + m.getName() : "selfheal-core's " + m;
  }

  /**
   * Whether a class spun in core's loader and module can link against every type of {@code m}'s signature:
   * each found by name from core's loader as the same class, public, and exported to core.
   */
  private static boolean linkable(Method m) {
    if (!linkable(m.getDeclaringClass()) || !linkable(m.getReturnType())) {
      return false;
    }
    for (Class<?> p : m.getParameterTypes()) {
      if (!linkable(p)) {
        return false;
      }
    }
    return true;
  }

  private static boolean linkable(Class<?> c) {
    while (c.isArray()) {
      c = c.getComponentType();
    }
    if (c.isPrimitive()) {
      return true;
    }
    if (!Modifier.isPublic(c.getModifiers())
        || !c.getModule().isExported(c.getPackageName(), Invoker.class.getModule())) {
      return false;
    }
    try {
      return Class.forName(c.getName(), false, Invoker.class.getClassLoader()) == c;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static Invoker spun(Method m) throws Throwable {
    Class<?> type = m.getDeclaringClass();
    MethodHandle impl = LOOKUP.findVirtual(type, m.getName(),
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
    return new Invoker(isVoid ? n + 5 : n, call, null, m);
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
