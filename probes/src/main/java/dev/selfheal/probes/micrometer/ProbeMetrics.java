package dev.selfheal.probes.micrometer;

import dev.selfheal.core.micrometer.Binders;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.probes.ComponentHealth;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProbeStatistics;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for a {@link HealthMonitor} and, optionally, its {@link ProbeStatistics}.
 *
 * <pre>{@code
 * new ProbeMetrics(monitor, stats).bindTo(registry);      // stats may be null
 * }</pre>
 *
 * <table>
 *   <caption>Meters (Prometheus names in parentheses)</caption>
 *   <tr><td>{@code selfheal.health.status{probe,status}}</td><td>gauge 0/1: the process's answer to
 *       liveness, readiness and startup is up, degraded or down</td></tr>
 *   <tr><td>{@code selfheal.component.ready{path}}</td><td>gauge 0/1: READY or NOT_READY
 *       ({@code selfheal_component_ready})</td></tr>
 *   <tr><td>{@code selfheal.probe.status{path,kind}}</td><td>gauge: 1 if the latest run of the probe for the
 *       current instance passed, 0 if it failed, NaN before its first run</td></tr>
 *   <tr><td>{@code selfheal.probe.readiness.changes{path}}</td><td>counter: READY / NOT_READY transitions
 *       ({@code selfheal_probe_readiness_changes_total})</td></tr>
 *   <tr><td>{@code selfheal.probe.failures.reported{path}}</td><td>counter: liveness or startup failures
 *       reported to the supervisor</td></tr>
 *   <tr><td>{@code selfheal.probe.runs{path,kind,outcome}}</td><td>counter, instrumented probes only: runs
 *       that passed, failed or timed_out</td></tr>
 *   <tr><td>{@code selfheal.probe.duration{path,kind}}</td><td>function timer, instrumented probes only: count
 *       and total time of runs ({@code selfheal_probe_duration_seconds_count}, {@code _sum})</td></tr>
 * </table>
 *
 * <p><b>Pull-based.</b> Everything is read at scrape time from {@link HealthMonitor#health},
 * {@link HealthMonitor#components()} and the statistics. <b>Cardinality.</b> {@code path} takes the probed
 * components' paths, declared when the monitor is built; the other tags have fixed value sets.
 *
 * <p>Meters are registered for the components and instrumented probes known at {@link #bindTo}. This class is
 * thread-safe; it and {@code dev.selfheal.core.micrometer} are the only probes classes touching Micrometer.
 */
public final class ProbeMetrics implements MeterBinder, AutoCloseable {
  private final HealthMonitor monitor;
  private final ProbeStatistics stats;
  private final Tags tags;
  private final List<Meter> meters = new ArrayList<>();
  private MeterRegistry registry;

  /**
   * Meters for {@code monitor} and, if not null, {@code stats}, with {@code tags} on each.
   *
   * @param monitor the monitor whose health is measured
   * @param stats the probe runs counted, or null
   * @param tags added to every meter
   */
  public ProbeMetrics(HealthMonitor monitor, ProbeStatistics stats, Iterable<Tag> tags) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.stats = stats;
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Meters for {@code monitor} and, if not null, {@code stats}.
   *
   * @param monitor the monitor whose health is measured
   * @param stats the probe runs counted, or null
   */
  public ProbeMetrics(HealthMonitor monitor, ProbeStatistics stats) {
    this(monitor, stats, Tags.empty());
  }

  /**
   * Registers the meters.
   *
   * @param registry where the meters go
   * @throws IllegalStateException if already bound
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    this.registry = Binders.checkUnbound(this.registry, registry);
    for (ProbeKind kind : ProbeKind.values()) {
      for (HealthStatus status : HealthStatus.values()) {
        gauge("selfheal.health.status", "1 while the process's answer to this probe is this status, else 0",
            "status", monitor, m -> m.health(kind).status() == status ? 1 : 0,
            Tags.of("probe", kind.label(), "status", status.name().toLowerCase(Locale.ROOT)));
      }
    }
    for (ComponentHealth c : monitor.components()) {
      String path = c.path();
      Tags p = Tags.of("path", path);
      gauge("selfheal.component.ready", "1 while the component is READY, 0 while NOT_READY", "ready", monitor,
          m -> ready(m, path), p);
      for (ProbeKind kind : ProbeKind.values()) {
        gauge("selfheal.probe.status", "1 if the latest run of this probe passed, 0 if it failed, NaN before"
            + " its first run", "status", monitor, m -> latest(m, path, kind), p.and("kind", kind.label()));
      }
      if (stats != null) {
        counter("selfheal.probe.readiness.changes", "READY / NOT_READY transitions of the component", "changes",
            stats, s -> s.readinessChanges(path), p);
        counter("selfheal.probe.failures.reported", "Liveness or startup failures reported to the supervisor",
            "reported", stats, s -> s.failuresReported(path), p);
      }
    }
    if (stats != null) {
      for (ProbeStatistics.Probe probe : stats.instrumented()) {
        Tags pk = Tags.of("path", probe.path(), "kind", probe.kind().label());
        for (ProbeStatistics.Outcome o : ProbeStatistics.Outcome.values()) {
          counter("selfheal.probe.runs", "Runs of the probe's check by outcome (timed_out: ran for its timeout or"
              + " was interrupted at it)", "runs", stats, s -> s.runs(probe.path(), probe.kind(), o),
              pk.and("outcome", o.label()));
        }
        meters.add(FunctionTimer.builder("selfheal.probe.duration", stats, s -> s.runs(probe.path(), probe.kind()),
                s -> s.runNanos(probe.path(), probe.kind()), TimeUnit.NANOSECONDS)
            .description("Time the probe's check took").tags(tags).tags(pk).register(registry));
      }
    }
  }

  private static double ready(HealthMonitor m, String path) {
    ComponentHealth c = m.component(path);
    return c == null ? Double.NaN : c.ready() ? 1 : 0;
  }

  private static double latest(HealthMonitor m, String path, ProbeKind kind) {
    ComponentHealth c = m.component(path);
    ProbeResult r = c == null ? null : c.lastResults().get(kind);
    return r == null ? Double.NaN : r.passed() ? 1 : 0;
  }

  private <T> void counter(String name, String description, String unit, T obj, ToDoubleFunction<T> f, Tags extra) {
    meters.add(Binders.counter(registry, name, description, unit, obj, f, tags.and(extra)));
  }

  private <T> void gauge(String name, String description, String unit, T obj, ToDoubleFunction<T> f, Tags extra) {
    meters.add(Binders.gauge(registry, name, description, unit, obj, f, tags.and(extra)));
  }

  /** Removes every meter this binder registered. Idempotent. */
  @Override
  public synchronized void close() {
    if (registry != null) {
      meters.forEach(registry::remove);
    }
    meters.clear();
    registry = null;
  }
}
