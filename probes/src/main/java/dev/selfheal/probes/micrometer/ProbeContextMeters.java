package dev.selfheal.probes.micrometer;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.micrometer.Binders;
import dev.selfheal.core.micrometer.ContextMeterBinderProvider;
import dev.selfheal.core.spi.HealthSourceProvider;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.internal.TreeHealthMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The probes module's part of {@code dev.selfheal.core.micrometer.SelfhealMetrics}: one {@link ProbeMetrics}
 * per started {@link HealthMonitor} of the context, bound when the monitor starts and closed when it stops, so
 * that one {@code SelfhealMetrics.bindTo(registry, tree)} covers the probes too. The monitor's
 * {@link dev.selfheal.probes.ProbeStatistics} are not known here, so the per-run meters of instrumented probes
 * ({@code selfheal.probe.runs}, {@code selfheal.probe.duration}) need a {@link ProbeMetrics} bound by hand;
 * bind one or the other for a monitor, not both.
 *
 * <p>Found with {@link java.util.ServiceLoader}; not API. Thread-safe.
 */
public final class ProbeContextMeters implements ContextMeterBinderProvider {
  /** The provider {@link java.util.ServiceLoader} instantiates. */
  public ProbeContextMeters() {}

  @Override
  public Binder create(RuntimeContext context, Iterable<Tag> tags) {
    return new ContextBinder(context, Tags.of(tags));
  }

  private static final class ContextBinder implements Binder {
    private final RuntimeContext context;
    private final Tags tags;
    private final Map<HealthMonitor, ProbeMetrics> bound = new IdentityHashMap<>(); // guarded by this
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
      Map<HealthMonitor, Boolean> present = new IdentityHashMap<>();
      for (HealthSourceProvider p : context.healthSourceProviders()) {
        HealthMonitor m = TreeHealthMonitor.monitorOf(p);
        if (m != null) {
          present.put(m, Boolean.TRUE);
        }
      }
      bound.entrySet().removeIf(e -> {
        if (!present.containsKey(e.getKey())) {
          e.getValue().close();
          return true;
        }
        return false;
      });
      for (HealthMonitor m : present.keySet()) {
        if (!bound.containsKey(m)) {
          ProbeMetrics metrics = new ProbeMetrics(m, null, tags);
          metrics.bindTo(registry);
          bound.put(m, metrics);
        }
      }
    }

    @Override
    public synchronized void close() {
      if (following != null) {
        following.close();
        following = null;
      }
      bound.values().forEach(ProbeMetrics::close);
      bound.clear();
      registry = null;
    }
  }
}
