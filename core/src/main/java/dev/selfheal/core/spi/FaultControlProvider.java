package dev.selfheal.core.spi;

import dev.selfheal.core.RuntimeContext;
import java.util.Collection;

/**
 * A provider of {@link FaultControl}s, discovered with {@link java.util.ServiceLoader}. The recovery module
 * registers one answering with the chaos controls bound to a context; the probes module's HTTP endpoint
 * loads all providers once and asks them with its tree's context on every request.
 *
 * <p><b>Bound to a context, always.</b> Unlike {@link PolicyControlProvider} there is no form that shows
 * every context: arming a fault is an operator's action on one service, and an endpoint of one tree must
 * never reach the injection points of another tree in the same JVM.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe.
 */
public interface FaultControlProvider {

  /**
   * The controls bound to a context.
   *
   * @param context the tree's context
   * @return the controls bound to {@code context} right now; empty if none
   */
  Collection<? extends FaultControl> faultControls(RuntimeContext context);
}
