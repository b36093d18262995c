package dev.selfheal.core.internal.handle;

import dev.selfheal.core.ChildContext;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.annotation.Overrides;
import dev.selfheal.core.annotation.Supervised;
import dev.selfheal.core.internal.supervisor.InlineFactory;
import dev.selfheal.core.spi.CallInterceptor;
import dev.selfheal.core.spi.CallInterceptorProvider;
import dev.selfheal.core.spi.ChildSpecContributor;
import dev.selfheal.core.spi.ComponentHealthSources;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.SupervisionContext;
import dev.selfheal.core.spi.Ticker;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Creates supervised handles: reads {@link Supervised} and the options into a child spec, asks the
 * providers found with {@link ServiceLoader} for each method's interceptor and for spec extensions, and
 * builds the proxy. Everything that can be misconfigured fails here, before anything starts.
 */
public final class Handles {
  private Handles() {}

  /** A handle and the child spec that feeds it. */
  public record Created<T>(T handle, ChildSpec spec, SupervisedHandle<T> handler) {}

  public static <T> Created<T> create(Class<T> type, Function<ChildContext, ? extends T> factory,
      HandleOptions options, Ticker defaultTicker) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(options, "options");
    if (!type.isInterface()) {
      throw new IllegalArgumentException("supervise: " + type.getName() + " is not an interface; a handle "
          + "implements the interface and routes to the current instance");
    }
    if (options.implementation() != null && !type.isAssignableFrom(options.implementation())) {
      throw new IllegalArgumentException("supervise: implementation " + options.implementation().getName()
          + " does not implement " + type.getName());
    }
    SupervisedSettings settings = SupervisedSettings.resolve(type, options);
    SupervisedHandle<T> handle = new SupervisedHandle<>(type, options.awaitInstance(), settings.fatal(),
        options.errorsFatal());
    Ticker ticker = options.ticker() != null ? options.ticker() : defaultTicker;
    Context ctx = new Context(type, settings.id(), options.overrides(), ticker,
        Optional.ofNullable(options.implementation()), new ArrayList<>());

    Function<ChildContext, Gate> gates = c -> {
      Object target = factory.apply(c);
      if (target == null) {
        throw new IllegalStateException("factory of " + type.getName() + " returned null");
      }
      if (!type.isInstance(target)) {
        throw new IllegalStateException("factory returned a " + target.getClass().getName()
            + ", which does not implement " + type.getName());
      }
      return new Gate(handle, target, c.generation());
    };
    ChildSpec.Builder child = settings.apply(ChildSpec.service(settings.id(), gates));
    if (options.plan() != null) {
      child.plan(options.plan());
    }
    child.dependsOn(options.dependsOn().toArray(String[]::new));
    child.dependsOnHealth(options.dependsOnHealth().toArray(String[]::new));
    if (options.constructsInline()) {
      child.extension(InlineFactory.class, InlineFactory.DECLARED);
    }
    ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : Handles.class.getClassLoader();
    List<CallInterceptorProvider> providers = new ArrayList<>();
    if (options.discoverProviders()) {
      ServiceLoader.load(CallInterceptorProvider.class, loader).forEach(providers::add);
      for (ChildSpecContributor c : ServiceLoader.load(ChildSpecContributor.class, loader)) {
        c.contribute(ctx, child);
      }
    }
    Map<Method, MethodPlan> plans = new HashMap<>();
    for (Method m : type.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      CallInterceptor ic = interceptorOf(ctx, m, providers, options.interceptors());
      accessible(m);
      plans.put(m, m.isDefault() ? new MethodPlan.Default(handle, m, ic) : new MethodPlan.Routed(handle, m, ic));
    }
    for (String name : List.of("equals", "hashCode", "toString")) {
      Method m = objectMethod(name);
      plans.put(m, new MethodPlan.ObjectMethod(handle, m));
    }
    for (String name : options.interceptors().keySet()) {
      if (!name.equals("*") && plans.keySet().stream().noneMatch(m -> m.getName().equals(name))) {
        throw new IllegalArgumentException("supervise " + type.getName() + ": intercept(\"" + name
            + "\") names no method of the interface");
      }
    }
    if (!ctx.sources().isEmpty()) {
      child.extension(ComponentHealthSources.class, new ComponentHealthSources(ctx.sources()));
    }
    ChildSpec spec = child.extension(HandleBinding.class, handle).build();
    handle.init(plans, spec, settings.id(), options.ticker());
    T proxy = type.cast(Proxy.newProxyInstance(loader, new Class<?>[] {type}, handle));
    handle.proxy = proxy;
    return new Created<>(proxy, spec, handle);
  }

  private static CallInterceptor interceptorOf(SupervisionContext ctx, Method m,
      List<CallInterceptorProvider> providers, Map<String, CallInterceptor> programmatic) {
    CallInterceptor found = null;
    String by = null;
    for (CallInterceptorProvider p : providers) {
      Optional<CallInterceptor> ic = p.interceptor(ctx, m);
      if (ic.isPresent()) {
        if (found != null) {
          throw new IllegalArgumentException(ctx.type().getName() + "." + m.getName() + ": both " + by + " and "
              + p.getClass().getName() + " intercept it; one interceptor per method");
        }
        found = ic.get();
        by = p.getClass().getName();
      }
    }
    CallInterceptor named = programmatic.get(m.getName());
    if (named != null && found != null) {
      throw new IllegalArgumentException(ctx.type().getName() + "." + m.getName()
          + ": policies are declared twice, by annotations (" + by + ") and by HandleOptions.intercept;"
          + " keep one of them");
    }
    if (named != null) {
      return named;
    }
    return found != null ? found : programmatic.get("*");
  }

  /**
   * Suppresses reflection's access check on each call (it costs a caller lookup), and is required for a
   * package-private interface. Where the module system refuses it the checked call still works for a
   * public interface.
   */
  private static void accessible(Method m) {
    try {
      m.setAccessible(true);
    } catch (RuntimeException e) {
      if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
        throw new IllegalArgumentException("supervise: cannot call the methods of " + m.getDeclaringClass()
            .getName() + " reflectively (" + e.getMessage() + "); make the interface public or open its package",
            e);
      }
    }
  }

  private static Method objectMethod(String name) {
    try {
      return name.equals("equals") ? Object.class.getMethod(name, Object.class) : Object.class.getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  /** The handler behind {@code proxy}, or null when it is not a supervised handle. */
  public static SupervisedHandle<?> handlerOf(Object proxy) {
    if (proxy != null && Proxy.isProxyClass(proxy.getClass())
        && Proxy.getInvocationHandler(proxy) instanceof SupervisedHandle<?> h) {
      return h;
    }
    return null;
  }

  private record Context(Class<?> type, String childId, Overrides overrides, Ticker ticker,
      Optional<Class<?>> implementation, List<HealthSource> sources) implements SupervisionContext {
    @Override
    public void healthSource(HealthSource source) {
      sources.add(Objects.requireNonNull(source, "source"));
    }
  }
}
