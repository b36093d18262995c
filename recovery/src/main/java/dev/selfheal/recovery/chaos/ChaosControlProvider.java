package dev.selfheal.recovery.chaos;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.spi.FaultControl;
import dev.selfheal.core.spi.FaultControlProvider;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The recovery module's {@link FaultControlProvider}, registered in
 * {@code META-INF/services/dev.selfheal.core.spi.FaultControlProvider}: answers a context with the
 * {@link ChaosControl}s bound to it ({@link ChaosControl#bind}), and no other. Contexts are held weakly, so a
 * dropped tree's controls go with it.
 *
 * <p>This class is thread-safe.
 */
public final class ChaosControlProvider implements FaultControlProvider {
  private static final Map<RuntimeContext, CopyOnWriteArrayList<FaultControl>> BOUND = new WeakHashMap<>();

  /** For {@link java.util.ServiceLoader}. */
  public ChaosControlProvider() {}

  static RuntimeContext.Registration bind(RuntimeContext context, FaultControl control) {
    synchronized (BOUND) {
      BOUND.computeIfAbsent(context, c -> new CopyOnWriteArrayList<>()).add(control);
    }
    return () -> {
      synchronized (BOUND) {
        List<FaultControl> controls = BOUND.get(context);
        if (controls != null) {
          controls.remove(control);
        }
      }
    };
  }

  @Override
  public Collection<? extends FaultControl> faultControls(RuntimeContext context) {
    synchronized (BOUND) {
      List<FaultControl> controls = BOUND.get(context);
      return controls == null ? List.of() : List.copyOf(controls);
    }
  }
}
