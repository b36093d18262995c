package dev.selfheal.recovery.micrometer;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.micrometer.Binders;
import dev.selfheal.core.micrometer.ContextMeterBinderProvider;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.recovery.RecoveryRegistry;
import dev.selfheal.recovery.internal.RegistryPolicyControl;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The recovery module's part of {@code dev.selfheal.core.micrometer.SelfhealMetrics}: one
 * {@link RecoveryMetrics} per {@link RecoveryRegistry} joined to the context (found by its policy control),
 * created when the registry joins and closed when it leaves ({@link RecoveryRegistry#close()}). Each
 * {@link RecoveryMetrics} follows its own registry's instances. Registries built without a context, or with
 * {@code exposeHealth(false)}, are not members of any context and are bound by hand.
 *
 * <p>Found with {@link java.util.ServiceLoader}; not API. Thread-safe.
 */
public final class RecoveryContextMeters implements ContextMeterBinderProvider {
  /** The provider {@link java.util.ServiceLoader} instantiates. */
  public RecoveryContextMeters() {}

  @Override
  public Binder create(RuntimeContext context, Iterable<Tag> tags) {
    return new ContextBinder(context, Tags.of(tags));
  }

  private static final class ContextBinder implements Binder {
    private final RuntimeContext context;
    private final Tags tags;
    private final Map<RecoveryRegistry, RecoveryMetrics> bound = new IdentityHashMap<>(); // guarded by this
    private RuntimeContext.Registration following;
    private MeterRegistry registry;

    ContextBinder(RuntimeContext context, Tags tags) {
      this.context = context;
      this.tags = tags;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
      this.registry = Binders.checkUnbound(this.registry, registry);
      following = context.onMembershipChange(this::reconcile);
      reconcile();
    }

    private synchronized void reconcile() {
      if (registry == null) {
        return; // closed
      }
      Map<RecoveryRegistry, Boolean> present = new IdentityHashMap<>();
      for (PolicyControl c : context.policyControls()) {
        if (c instanceof RegistryPolicyControl rpc) {
          present.put(rpc.registry(), Boolean.TRUE);
        }
      }
      bound.entrySet().removeIf(e -> {
        if (!present.containsKey(e.getKey())) {
          e.getValue().close();
          return true;
        }
        return false;
      });
      for (RecoveryRegistry r : present.keySet()) {
        if (!bound.containsKey(r)) {
          RecoveryMetrics m = RecoveryMetrics.of(r, tags, RecoveryMetrics.DEFAULT_MAX_INSTANCES_PER_KIND);
          m.bindTo(registry);
          bound.put(r, m);
        }
      }
    }

    @Override
    public synchronized void close() {
      if (following != null) {
        following.close();
        following = null;
      }
      bound.values().forEach(RecoveryMetrics::close);
      bound.clear();
      registry = null;
    }
  }
}
