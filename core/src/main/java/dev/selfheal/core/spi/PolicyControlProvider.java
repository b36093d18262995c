package dev.selfheal.core.spi;

import dev.selfheal.core.RuntimeContext;
import java.util.Collection;

/**
 * A provider of {@link PolicyControl}s, discovered with {@link java.util.ServiceLoader}. The recovery module
 * registers one answering for every open registry; the probes module's HTTP endpoint loads all providers and
 * lists and commands their policies.
 *
 * <p><b>Bound to a context.</b> An endpoint asks {@link #policyControls(RuntimeContext)} with its tree's
 * context, so a provider answers for that context only; the no-argument form is what the provider shows
 * every context (the bound form's default).
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe. The collection is read
 * again on every request, so registries opened later are seen.
 */
public interface PolicyControlProvider {

  /** {@return the controls this provider shows every context right now} */
  Collection<? extends PolicyControl> policyControls();

  /**
   * The controls this provider shows in {@code context} right now. Default: {@link #policyControls()}.
   *
   * @param context the context asking
   * @return the controls
   */
  default Collection<? extends PolicyControl> policyControls(RuntimeContext context) {
    return policyControls();
  }
}
