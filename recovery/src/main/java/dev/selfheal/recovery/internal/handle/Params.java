package dev.selfheal.recovery.internal.handle;

import dev.selfheal.core.annotation.Overrides;
import dev.selfheal.core.spi.SupervisionContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads one annotation's parameters on one method, through the overrides, and words every refusal as
 * {@code <interface>.<method>: @<Annotation>(<parameter>) <problem>, was <value>}.
 */
final class Params {
  private final SupervisionContext ctx;
  private final Method method;
  private String annotation = "";

  Params(SupervisionContext ctx, Method method) {
    this.ctx = ctx;
    this.method = method;
  }

  /**
   * The annotation on the method (implementation first), else on the type (implementation first); null when
   * absent or turned off with an {@code enabled=false} override.
   */
  <A extends Annotation> A find(Class<A> type) {
    A a = ctx.annotation(method, type);
    if (a == null && ctx.implementation().isPresent()) {
      a = ctx.implementation().get().getAnnotation(type);
    }
    if (a == null) {
      a = ctx.type().getAnnotation(type);
    }
    if (a == null) {
      return null;
    }
    annotation = type.getSimpleName();
    return ov().booleanValue(ctx.type(), method, annotation, "enabled", true) ? a : null;
  }

  /** Whether {@code type} is on the method itself (or the implementation's), not only on a type. */
  <A extends Annotation> boolean onMethod(Class<A> type) {
    return ctx.annotation(method, type) != null;
  }

  void at(Annotation a) {
    annotation = a.annotationType().getSimpleName();
  }

  private Overrides ov() {
    return ctx.overrides();
  }

  int i(String param, int annotated) {
    return wrap(() -> ov().intValue(ctx.type(), method, annotation, param, annotated));
  }

  long l(String param, long annotated) {
    return wrap(() -> ov().longValue(ctx.type(), method, annotation, param, annotated));
  }

  double d(String param, double annotated) {
    return wrap(() -> ov().doubleValue(ctx.type(), method, annotation, param, annotated));
  }

  boolean b(String param, boolean annotated) {
    return wrap(() -> ov().booleanValue(ctx.type(), method, annotation, param, annotated));
  }

  ChronoUnit unit(String param, ChronoUnit annotated) {
    return wrap(() -> ov().enumValue(ctx.type(), method, annotation, param, annotated));
  }

  String s(String param, String annotated) {
    return ov().find(ctx.type(), method, annotation, param).map(Overrides.Found::value).orElse(annotated);
  }

  /** Annotated classes, or the override's comma-separated class names loaded with the interface's loader. */
  List<Class<? extends Throwable>> classes(String param, Class<? extends Throwable>[] annotated) {
    Overrides.Found f = ov().find(ctx.type(), method, annotation, param).orElse(null);
    if (f == null) {
      return List.of(annotated);
    }
    List<Class<? extends Throwable>> out = new ArrayList<>();
    for (String n : f.value().split(",")) {
      String name = n.trim();
      if (name.isEmpty()) {
        continue;
      }
      try {
        Class<?> c = Class.forName(name, false, ctx.type().getClassLoader());
        if (!Throwable.class.isAssignableFrom(c)) {
          throw bad(param, name, "(override " + f.key() + ") must name Throwable classes");
        }
        out.add(c.asSubclass(Throwable.class));
      } catch (ClassNotFoundException e) {
        throw bad(param, name, "(override " + f.key() + ") names a class that is not found");
      }
    }
    return out;
  }

  int atLeast(String param, int value, int min) {
    if (value < min) {
      throw bad(param, value, "must be >= " + min);
    }
    return value;
  }

  Duration positive(String param, long amount, ChronoUnit unit) {
    if (amount <= 0) {
      throw bad(param, amount, "must be > 0");
    }
    return Duration.of(amount, unit);
  }

  Duration nonNegative(String param, long amount, ChronoUnit unit) {
    if (amount < 0) {
      throw bad(param, amount, "must be >= 0");
    }
    return Duration.of(amount, unit);
  }

  IllegalArgumentException bad(String param, Object value, String problem) {
    return new IllegalArgumentException(where() + "(" + param + ") " + problem + ", was " + value);
  }

  /** A config builder's own refusal, prefixed with where the value came from. */
  <T> T build(Supplier<T> config) {
    try {
      return config.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where() + ": " + e.getMessage(), e);
    }
  }

  String where() {
    return ctx.type().getName() + "." + method.getName() + ": @" + annotation;
  }

  private <T> T wrap(Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where() + ": " + e.getMessage(), e);
    }
  }

  static boolean any(List<Class<? extends Throwable>> types, Throwable t) {
    for (Class<? extends Throwable> c : types) {
      if (c.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
