package dev.selfheal.core.spi;

import java.util.List;

/**
 * The health sources a supervised component's policies expose (its breakers, bulkheads), attached to its
 * child spec as an extension when the handle is created. When the handle binds to its tree they are added
 * to the tree's {@link dev.selfheal.core.RuntimeContext}, so a policy made from an annotation is visible in
 * that tree's health, and only in that tree's.
 *
 * @param sources the sources, in the order the providers registered them
 */
public record ComponentHealthSources(List<HealthSource> sources) {
  /**
   * Copies the list.
   *
   * @param sources the sources, in the order the providers registered them
   */
  public ComponentHealthSources {
    sources = List.copyOf(sources);
  }
}
