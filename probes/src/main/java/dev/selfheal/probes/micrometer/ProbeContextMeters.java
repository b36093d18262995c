package dev.selfheal.probes.micrometer;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.micrometer.ContextMeterBinderProvider;
import dev.selfheal.core.micrometer.MemberBinder;
import dev.selfheal.core.spi.HealthSourceProvider;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.internal.TreeHealthMonitor;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

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
    Tags t = Tags.of(tags);
    return new MemberBinder<HealthMonitor>(context, ProbeContextMeters::monitors, (monitor, registry) -> {
      ProbeMetrics m = new ProbeMetrics(monitor, null, t);
      m.bindTo(registry);
      return m::close;
    });
  }

  private static List<HealthMonitor> monitors(RuntimeContext context) {
    List<HealthMonitor> out = new ArrayList<>();
    for (HealthSourceProvider p : context.healthSourceProviders()) {
      HealthMonitor m = TreeHealthMonitor.monitorOf(p);
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }
}
