package dev.selfheal.probes.internal;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.annotation.Overrides;
import dev.selfheal.core.spi.ChildSpecContributor;
import dev.selfheal.core.spi.SupervisedInstance;
import dev.selfheal.core.spi.SupervisionContext;
import dev.selfheal.probes.ProbeConfig;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProbeSpec;
import dev.selfheal.probes.annotation.Liveness;
import dev.selfheal.probes.annotation.Readiness;
import dev.selfheal.probes.annotation.Startup;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code @Liveness}, {@code @Readiness} and {@code @Startup} on a supervised interface (and its named
 * implementation) into a {@link Declarations} extension of the child spec; a health monitor built for the
 * tree turns them into {@link ProbeSpec}s for the child's path. Misconfiguration (arguments, a wrong return
 * type, two probes of one kind, a bad parameter) fails at supervise time.
 */
public final class AnnotatedProbes implements ChildSpecContributor {

  public AnnotatedProbes() {}

  /** The probes declared on one child, as a child-spec extension. Immutable. */
  public record Declarations(List<Declared> probes) {
    public Declarations {
      probes = List.copyOf(probes);
    }

    /** The probe specs for the child at {@code path}. */
    public List<ProbeSpec<?>> specs(String path) {
      List<ProbeSpec<?>> out = new ArrayList<>();
      for (Declared d : probes) {
        out.add(ProbeSpec.of(path, Object.class, d.config(), d::check).critical(d.critical()).build());
      }
      return out;
    }
  }

  /** One declared probe: the method to call on the instance and its config. */
  public record Declared(Method method, ProbeConfig config, boolean critical) {
    ProbeResult check(Object instance) throws Exception {
      Object target = instance instanceof SupervisedInstance s ? s.target() : instance;
      Object r;
      try {
        r = method.invoke(target);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception ex) {
          throw ex;
        }
        throw (Error) cause;
      }
      if (r instanceof Boolean b) {
        return ProbeResult.of(b, method.getName() + "() returned false");
      }
      return (ProbeResult) r; // null is a failure, as for any check
    }
  }

  @Override
  public void contribute(SupervisionContext ctx, ChildSpec.Builder child) {
    Map<ProbeKind, Declared> found = new EnumMap<>(ProbeKind.class);
    List<Method> methods = new ArrayList<>(List.of(ctx.type().getMethods()));
    ctx.implementation().ifPresent(impl -> methods.addAll(List.of(impl.getMethods())));
    for (Method m : methods) {
      read(ctx, m, m.getAnnotation(Liveness.class), ProbeKind.LIVENESS, found);
      read(ctx, m, m.getAnnotation(Readiness.class), ProbeKind.READINESS, found);
      read(ctx, m, m.getAnnotation(Startup.class), ProbeKind.STARTUP, found);
    }
    if (!found.isEmpty()) {
      child.extension(Declarations.class, new Declarations(new ArrayList<>(found.values())));
    }
  }

  private static void read(SupervisionContext ctx, Method m, Annotation a, ProbeKind kind,
      Map<ProbeKind, Declared> found) {
    if (a == null) {
      return;
    }
    String name = a.annotationType().getSimpleName();
    String where = m.getDeclaringClass().getName() + "." + m.getName() + ": @" + name;
    if (m.getParameterCount() != 0) {
      throw new IllegalArgumentException(where + " must be on a method without arguments, but "
          + m.getName() + " takes " + m.getParameterCount());
    }
    Class<?> r = m.getReturnType();
    if (r != boolean.class && r != Boolean.class && r != ProbeResult.class) {
      throw new IllegalArgumentException(where + " must be on a method returning boolean or ProbeResult, but "
          + m.getName() + " returns " + r.getName());
    }
    Declared earlier = found.get(kind);
    if (earlier != null && !sameSignature(earlier.method(), m)) {
      throw new IllegalArgumentException(where + ": a second " + kind + " probe; " + earlier.method().getName()
          + " already is one (one probe of each kind per component)");
    }
    Overrides ov = ctx.overrides();
    Class<?> type = ctx.type();
    try {
      long initialDelay = number(ov, type, m, a, "initialDelayMillis", 0, where);
      long period = number(ov, type, m, a, "periodMillis", 1, where);
      long timeout = number(ov, type, m, a, "timeoutMillis", 1, where);
      int success = ov.intValue(type, m, name, "successThreshold", element(a, "successThreshold", Integer.class));
      int failure = ov.intValue(type, m, name, "failureThreshold", element(a, "failureThreshold", Integer.class));
      boolean critical = ov.booleanValue(type, m, name, "critical", element(a, "critical", Boolean.class));
      check(where, "successThreshold", success, 1);
      check(where, "failureThreshold", failure, 1);
      ProbeConfig config = ProbeConfig.builder(kind).initialDelay(Duration.ofMillis(initialDelay))
          .period(Duration.ofMillis(period)).timeout(Duration.ofMillis(timeout)).successThreshold(success)
          .failureThreshold(failure).build();
      if (!java.lang.reflect.Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
        m.setAccessible(true);
      }
      found.put(kind, new Declared(m, config, critical));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(where)) {
        throw e;
      }
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static long number(Overrides ov, Class<?> type, Method m, Annotation a, String param, long min,
      String where) {
    long v = ov.longValue(type, m, a.annotationType().getSimpleName(), param, element(a, param, Long.class));
    check(where, param, v, min);
    return v;
  }

  /** An element of one of the three probe annotations, which share their elements (Java has no annotation inheritance). */
  private static <V> V element(Annotation a, String name, Class<V> type) {
    try {
      return type.cast(a.annotationType().getMethod(name).invoke(a));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("@" + a.annotationType().getSimpleName() + " has no element " + name, e);
    }
  }

  private static boolean sameSignature(Method a, Method b) {
    return a.getName().equals(b.getName()) && a.getParameterCount() == b.getParameterCount();
  }

  private static void check(String where, String param, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(where + "(" + param + ") must be >= " + min + ", was " + value);
    }
  }
}
