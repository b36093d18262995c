package dev.selfheal.core.spi;

import dev.selfheal.core.ChildSpec;

/**
 * Adds a module's declarations to the child spec of a supervised component, as a typed
 * {@link ChildSpec.Builder#extension extension}: probes contributes the probes declared with its
 * annotations. Found with {@link java.util.ServiceLoader} when a handle is created.
 *
 * <p>Misconfiguration must throw {@link IllegalArgumentException} naming the class, the method, the
 * annotation and the problem.
 */
public interface ChildSpecContributor {

  /**
   * Reads {@code context.type()} and attaches what this module declares on it to {@code child}.
   *
   * @param context the supervised interface and its implementation
   * @param child the spec being built for it
   */
  void contribute(SupervisionContext context, ChildSpec.Builder child);
}
