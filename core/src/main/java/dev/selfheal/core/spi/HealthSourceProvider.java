package dev.selfheal.core.spi;

import dev.selfheal.core.RuntimeContext;
import java.util.Collection;

/**
 * A provider of {@link HealthSource}s, discovered with {@link java.util.ServiceLoader}. The recovery
 * module registers one that lists its registered breakers and bulkheads; the probes module loads all
 * providers and folds their sources into the process's health.
 *
 * <p><b>Bound to a context.</b> A monitor asks {@link #healthSources(RuntimeContext)} with its tree's
 * context, so a provider answers for that context only and two trees never see each other's sources. The
 * no-argument form is the provider's context-free view: what it shows every context (by default the
 * bound form returns it, which suits a provider with nothing per context).
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe. The collection is
 * read again on every health evaluation, so sources added later are seen.
 */
public interface HealthSourceProvider {

  /** {@return the sources this provider shows every context right now} */
  Collection<? extends HealthSource> healthSources();

  /**
   * The sources this provider shows in {@code context} right now. Default: {@link #healthSources()}.
   *
   * @param context the context asking
   * @return the sources
   */
  default Collection<? extends HealthSource> healthSources(RuntimeContext context) {
    return healthSources();
  }
}
