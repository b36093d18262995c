package dev.selfheal.recovery;

import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthSourceProvider;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.core.spi.PolicyControlProvider;
import dev.selfheal.recovery.internal.RegistryPolicyControl;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The recovery module's {@link HealthSourceProvider}, registered in
 * {@code META-INF/services/dev.selfheal.core.spi.HealthSourceProvider}: lists the health sources
 * (bulkheads, breakers, registered sources) of every open {@link RecoveryRegistry} built <em>without</em> a
 * {@link dev.selfheal.core.RuntimeContext}. Registries are held weakly, so one that is dropped without
 * {@link RecoveryRegistry#close()} does not leak.
 *
 * <p><b>Contexts.</b> A registry built with a context is not here: it adds itself to that context, where
 * only that context's monitors and endpoints find it. Asked for a context
 * ({@link HealthSourceProvider#healthSources(dev.selfheal.core.RuntimeContext)}), this provider answers
 * with the context-free registries: they are process-wide by definition, so every context shows them. That
 * is the documented default for a registry built without a context, and the one thing not isolated.
 *
 * <p>Which source may pull readiness down is each source's {@link HealthSource#critical()}; the probes module
 * applies that rule.
 *
 * <p>It is also the module's {@link PolicyControlProvider} (registered in
 * {@code META-INF/services/dev.selfheal.core.spi.PolicyControlProvider}): one
 * {@link RegistryPolicyControl} per open registry, through which the probes module's endpoint lists and
 * commands breakers and bulkheads.
 *
 * <p>This class is thread-safe.
 */
public final class RecoveryHealthSources implements HealthSourceProvider, PolicyControlProvider {
  private static final Set<RecoveryRegistry> REGISTRIES = Collections.synchronizedSet(
      Collections.newSetFromMap(new WeakHashMap<>()));

  /** For {@link java.util.ServiceLoader}. */
  public RecoveryHealthSources() {}

  static void track(RecoveryRegistry registry) {
    REGISTRIES.add(registry);
  }

  static void untrack(RecoveryRegistry registry) {
    REGISTRIES.remove(registry);
  }

  @Override
  public Collection<? extends PolicyControl> policyControls() {
    List<PolicyControl> out = new ArrayList<>();
    for (RecoveryRegistry r : registries()) {
      out.add(new RegistryPolicyControl(r));
    }
    return out;
  }

  private static List<RecoveryRegistry> registries() {
    synchronized (REGISTRIES) {
      return new ArrayList<>(REGISTRIES);
    }
  }

  @Override
  public Collection<? extends HealthSource> healthSources() {
    List<HealthSource> out = new ArrayList<>();
    for (RecoveryRegistry r : registries()) {
      out.addAll(r.healthSources());
    }
    return out;
  }
}
