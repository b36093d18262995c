package dev.selfheal.recovery;

import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthSourceProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The recovery module's {@link HealthSourceProvider}, registered in
 * {@code META-INF/services/dev.selfheal.core.spi.HealthSourceProvider}: lists the health sources
 * (bulkheads, breakers, registered sources) of every open {@link RecoveryRegistry}. Registries are held
 * weakly, so one that is dropped without {@link RecoveryRegistry#close()} does not leak.
 *
 * <p>Which source may pull readiness down is each source's {@link HealthSource#critical()}; the probes module
 * applies that rule.
 *
 * <p>This class is thread-safe.
 */
public final class RecoveryHealthSources implements HealthSourceProvider {
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
  public Collection<? extends HealthSource> healthSources() {
    List<RecoveryRegistry> registries;
    synchronized (REGISTRIES) {
      registries = new ArrayList<>(REGISTRIES);
    }
    List<HealthSource> out = new ArrayList<>();
    for (RecoveryRegistry r : registries) {
      out.addAll(r.healthSources());
    }
    return out;
  }
}
