package dev.selfheal.core.spi;

import java.util.Collection;

/**
 * A provider of {@link HealthSource}s, discovered with {@link java.util.ServiceLoader}. The recovery
 * module registers one that lists its registered breakers and bulkheads; the probes module loads all
 * providers and folds their sources into the process's health.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe. The collection is
 * read again on every health evaluation, so sources added later are seen.
 */
public interface HealthSourceProvider {

  /** The sources this provider knows about right now. */
  Collection<? extends HealthSource> healthSources();
}
