package dev.selfheal.recovery.micrometer;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.micrometer.ContextMeterBinderProvider;
import dev.selfheal.core.micrometer.MemberBinder;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.recovery.RecoveryRegistry;
import dev.selfheal.recovery.internal.RegistryPolicyControl;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

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
    Tags t = Tags.of(tags);
    return new MemberBinder<RecoveryRegistry>(context, RecoveryContextMeters::registries, (r, registry) -> {
      RecoveryMetrics m = RecoveryMetrics.of(r, t, RecoveryMetrics.DEFAULT_MAX_INSTANCES_PER_KIND);
      m.bindTo(registry);
      return m::close;
    });
  }

  private static List<RecoveryRegistry> registries(RuntimeContext context) {
    List<RecoveryRegistry> out = new ArrayList<>();
    for (PolicyControl c : context.policyControls()) {
      if (c instanceof RegistryPolicyControl rpc) {
        out.add(rpc.registry());
      }
    }
    return out;
  }
}
