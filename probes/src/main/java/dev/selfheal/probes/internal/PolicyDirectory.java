package dev.selfheal.probes.internal;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.core.spi.PolicyControlProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the endpoint finds the process's policies: the one place that discovers {@link PolicyControlProvider}s
 * (with {@link ServiceLoader}, once) and binds them to the tree's {@link RuntimeContext}.
 *
 * <p>This class is thread-safe; the providers are asked again on every call.
 */
public final class PolicyDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyDirectory.class);
  private final Supplier<? extends Collection<? extends PolicyControl>> controls;

  private PolicyDirectory(Supplier<? extends Collection<? extends PolicyControl>> controls) {
    this.controls = controls;
  }

  /**
   * The policies of {@code context}: those added to it (its registries'), then what each provider found by
   * {@link ServiceLoader} in {@code loader} shows in that context. Another context's policies never appear.
   * A provider that cannot be loaded is logged and skipped, so a broken provider costs its policies, not
   * the health endpoint.
   */
  public static PolicyDirectory forContext(RuntimeContext context, ClassLoader loader) {
    List<PolicyControlProvider> providers = loadProviders(loader);
    return new PolicyDirectory(() -> {
      List<PolicyControl> out = new ArrayList<>(context.policyControls());
      for (PolicyControlProvider p : providers) {
        out.addAll(p.policyControls(context));
      }
      return out;
    });
  }

  private static List<PolicyControlProvider> loadProviders(ClassLoader loader) {
    return load(PolicyControlProvider.class, loader, "policies are not listed");
  }

  /**
   * The {@code type} providers {@link ServiceLoader} finds in {@code loader}; one that cannot be loaded is
   * logged ("a Type could not be loaded; its {@code lost}") and skipped.
   */
  static <T> List<T> load(Class<T> type, ClassLoader loader, String lost) {
    List<T> providers = new ArrayList<>();
    Iterator<T> it = ServiceLoader.load(type, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        providers.add(it.next());
      } catch (ServiceConfigurationError e) {
        LOG.warn("a {} could not be loaded; its {}", type.getSimpleName(), lost, e);
      }
    }
    return providers;
  }

  /** Exactly {@code controls} (tests, or an application that wires its own). */
  public static PolicyDirectory of(Supplier<? extends Collection<? extends PolicyControl>> controls) {
    return new PolicyDirectory(controls);
  }

  /** The controls right now. */
  List<PolicyControl> controls() {
    return List.copyOf(controls.get());
  }
}
