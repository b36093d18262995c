package dev.selfheal.core.spi;

import java.util.Collection;

/**
 * A provider of {@link PolicyControl}s, discovered with {@link java.util.ServiceLoader}. The recovery module
 * registers one answering for every open registry; the probes module's HTTP endpoint loads all providers and
 * lists and commands their policies.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe. The collection is read
 * again on every request, so registries opened later are seen.
 */
public interface PolicyControlProvider {

  /** The controls this provider knows about right now. */
  Collection<? extends PolicyControl> policyControls();
}
