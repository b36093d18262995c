package dev.selfheal.core.spi;

import java.util.List;

/**
 * The health sources a supervised component's policies expose (its breakers, bulkheads), attached to its
 * child spec as an extension when the handle is created. A health monitor built for the tree folds them
 * into the process's health, so a policy made from an annotation is visible in that tree's health, and
 * only in that tree's.
 *
 * @param sources the sources, in the order the providers registered them
 */
public record ComponentHealthSources(List<HealthSource> sources) {
  public ComponentHealthSources {
    sources = List.copyOf(sources);
  }
}
