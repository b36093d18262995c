package dev.selfheal.core.spi;

import dev.selfheal.core.annotation.Overrides;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * What a {@link CallInterceptorProvider} or a {@link ChildSpecContributor} knows about the component being
 * supervised. Immutable and thread-safe.
 */
public interface SupervisionContext {

  /** {@return the supervised interface, whose methods carry the annotations} */
  Class<?> type();

  /** {@return the child's id (the last segment of its path); policies built for it are named after it} */
  String childId();

  /** {@return where annotation parameters are overridden from outside the code} */
  Overrides overrides();

  /** {@return the time source policies should measure with} */
  Ticker ticker();

  /**
   * Registers a health source the component's policies expose (a breaker or bulkhead built for it); it joins
   * the {@link dev.selfheal.core.RuntimeContext} of the component's tree when the handle binds to it
   * ({@link ComponentHealthSources}).
   *
   * @param source the source
   */
  void healthSource(HealthSource source);

  /** {@return the implementation class given in the handle's options, whose method annotations are read too} */
  Optional<Class<?>> implementation();

  /**
   * {@code type} on the implementation's method that implements {@code method}, else on {@code method}
   * itself; null when neither has it.
   *
   * @param <A> the annotation's type
   * @param method the interface method
   * @param type the annotation's class
   * @return the annotation, or null
   */
  default <A extends Annotation> A annotation(Method method, Class<A> type) {
    Optional<Class<?>> impl = implementation();
    if (impl.isPresent()) {
      try {
        A a = impl.get().getMethod(method.getName(), method.getParameterTypes()).getAnnotation(type);
        if (a != null) {
          return a;
        }
      } catch (NoSuchMethodException e) {
        // an abstract class may leave it to a subclass: the interface's annotation stands
      }
    }
    return method.getAnnotation(type);
  }

  /**
   * Refuses {@code type} on a public method of the implementation that implements no method of
   * {@link #type()}: such an annotation would silently do nothing.
   *
   * @param type the annotation's class
   * @throws IllegalArgumentException naming the class, the method and the annotation
   */
  default void refuseOutsideInterface(Class<? extends Annotation> type) {
    Optional<Class<?>> impl = implementation();
    if (impl.isEmpty()) {
      return;
    }
    for (Method m : impl.get().getMethods()) {
      if (m.getDeclaringClass() == Object.class || !m.isAnnotationPresent(type)) {
        continue;
      }
      try {
        type().getMethod(m.getName(), m.getParameterTypes());
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(impl.get().getName() + "." + m.getName() + ": @" + type.getSimpleName()
            + " is on a method that is not on the supervised interface " + type().getName()
            + ", so calls through the handle never reach it");
      }
    }
  }
}
