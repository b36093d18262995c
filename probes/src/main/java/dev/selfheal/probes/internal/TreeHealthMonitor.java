package dev.selfheal.probes.internal;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthSourceProvider;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.probes.ComponentHealth;
import dev.selfheal.probes.HealthCheck;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeSpec;
import dev.selfheal.probes.ProcessHealth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HealthMonitor} of one {@link SupervisorTree}: one {@link ProbedComponent} per probed path, fed by
 * the tree's {@link SupervisorEvent}s, plus the aggregation rules documented on {@link HealthMonitor}.
 *
 * <p>This class is thread-safe: components guard themselves, sources live in a copy-on-write list, and
 * start/stop are synchronized.
 */
public final class TreeHealthMonitor implements HealthMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(TreeHealthMonitor.class);

  private final SupervisorTree tree;
  private final Map<String, ProbedComponent> components = new LinkedHashMap<>();
  private final CopyOnWriteArrayList<HealthSource> sources;
  private final List<HealthSourceProvider> providers;
  private final RuntimeContext context;
  private final ThreadPoolExecutor ownPool;
  private final List<EventBus.Subscription> subscriptions = new ArrayList<>();
  private boolean started; // guarded by this
  private boolean stopped; // guarded by this
  private RuntimeContext.Registration membership; // while started; guarded by this
  private final List<HealthSource> probeSources; // probe:<path> per component, shown through the membership

  public TreeHealthMonitor(SupervisorTree tree, List<ProbeSpec<?>> probes, List<HealthSource> sources,
      List<HealthSourceProvider> providers, Scheduler scheduler, Ticker ticker, Executor probeExecutor,
      int probeThreads) {
    this.tree = Objects.requireNonNull(tree, "tree");
    this.context = tree.context();
    Scheduler s = scheduler != null ? scheduler : tree.scheduler();
    Ticker t = ticker != null ? ticker : tree.ticker();
    if (s == null || t == null) {
      throw new IllegalArgumentException("scheduler and ticker must be given when the tree has none, were "
          + s + " and " + t);
    }
    if (probeExecutor == null) {
      ownPool = OwnedPool.start("selfheal-probe", probeThreads);
    } else {
      ownPool = null;
    }
    Executor executor = probeExecutor != null ? probeExecutor : ownPool;

    Map<String, List<ProbeSpec<?>>> byPath = new LinkedHashMap<>();
    for (ProbeSpec<?> spec : probes) {
      List<ProbeSpec<?>> list = byPath.computeIfAbsent(spec.path(), p -> new ArrayList<>());
      for (ProbeSpec<?> other : list) {
        if (other.kind() == spec.kind()) {
          throw new IllegalArgumentException("probe must be unique per kind and path: a second " + spec.kind()
              + " probe was given for '" + spec.path() + "'");
        }
      }
      list.add(spec);
    }
    byPath.forEach((path, specs) -> components.put(path, new ProbedComponent(path, specs, tree, s, t, executor)));
    List<HealthSource> verdicts = new ArrayList<>();
    components.forEach((path, c) -> verdicts.add(new ProbeVerdictSource(path, c)));
    this.probeSources = List.copyOf(verdicts);
    this.sources = new CopyOnWriteArrayList<>(sources);
    this.providers = List.copyOf(providers);

    EventBus bus = tree.events();
    subscriptions.add(bus.subscribe(SupervisorEvent.ChildStarted.class, e -> {
      ProbedComponent c = components.get(e.path());
      if (c != null) {
        c.onStarted(e.generation(), e.instance());
      }
    }));
    subscriptions.add(bus.subscribe(SupervisorEvent.ChildExited.class, e -> {
      ProbedComponent c = components.get(e.path());
      if (c != null) {
        c.onEnded(e.generation(), "instance " + e.generation() + " exited: " + e.reason().message());
      }
    }));
    subscriptions.add(bus.subscribe(SupervisorEvent.ChildHeld.class, e -> {
      ProbedComponent c = components.get(e.path());
      if (c != null) {
        c.onHeld(e.generation(), e.instance(), e.reason());
      }
    }));
    subscriptions.add(bus.subscribe(SupervisorEvent.ChildStopped.class, e -> {
      ProbedComponent c = components.get(e.path());
      if (c != null) {
        c.onEnded(e.generation(), "instance " + e.generation() + " stopped (" + e.outcome() + ")");
      }
    }));
    // Subscribed first, then caught up: an instance that started before this monitor existed is probed too.
    components.forEach((path, c) -> tree.currentInstance(path).ifPresent(e -> c.seed(e.generation(), e.instance())));
  }

  @Override
  public synchronized void start() {
    if (stopped) {
      throw new IllegalStateException("this monitor was stopped; build a new one");
    }
    if (started) {
      return;
    }
    started = true;
    ChildSnapshot root = tree.snapshot();
    for (String path : components.keySet()) {
      if (root == null || root.find(path) == null) {
        LOG.warn("probes target '{}', which is not in the tree (yet): it stays NOT_READY until a child starts there",
            path);
      }
    }
    components.values().forEach(ProbedComponent::activate);
    if (context != null) {
      membership = context.addHealthSources(new Membership(this));
    }
  }

  /**
   * The monitor of {@code member}, if it is the membership a started monitor holds in its tree's context, else
   * null: how {@code SelfhealMetrics}' probes binder finds the monitors of a context.
   */
  public static HealthMonitor monitorOf(HealthSourceProvider member) {
    return member instanceof Membership m ? m.monitor : null;
  }

  /**
   * A started monitor's place among its context's members, so that what binds a context's meters finds it
   * and follows it joining and leaving. It shows each component's probe verdict as a non-critical health
   * source {@code probe:<path>} ({@link ProbedComponent#probeVerdict()}), which diagnosis can name
   * ({@code dependsOnHealth}, a plan step's {@code releaseWhen}); the monitor itself skips them, since it
   * reports its components as components.
   */
  /** A component's probe verdict as a health source named {@code probe:<path>}; never critical. */
  private record ProbeVerdictSource(String path, ProbedComponent component) implements HealthSource {
    @Override
    public String name() {
      return "probe:" + path;
    }

    @Override
    public HealthReport health() {
      return component.probeVerdict();
    }

    @Override
    public boolean critical() {
      return false;
    }
  }

  private static final class Membership implements HealthSourceProvider {
    final TreeHealthMonitor monitor;

    Membership(TreeHealthMonitor monitor) {
      this.monitor = monitor;
    }

    @Override
    public Collection<? extends HealthSource> healthSources() {
      return monitor.probeSources;
    }

    @Override
    public String toString() {
      return "health monitor of " + monitor.tree.rootPath();
    }
  }

  @Override
  public void stop() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      if (membership != null) {
        membership.close();
        membership = null;
      }
    }
    subscriptions.forEach(EventBus.Subscription::close);
    components.values().forEach(ProbedComponent::deactivate);
    if (ownPool != null) {
      OwnedPool.stop(ownPool, "probe");
    }
  }

  @Override
  public ProcessHealth health(ProbeKind kind, Set<String> exclude) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(exclude, "exclude");
    List<Check> checks = new ArrayList<>();
    HealthSource treeSource = tree.health();
    switch (kind) {
      case LIVENESS -> {
        boolean failed = tree.failed();
        checks.add(new Check(treeSource.name(), failed ? HealthStatus.DOWN : HealthStatus.UP,
            failed ? "root supervisor failed: " + report(treeSource).message() : "", true));
      }
      case READINESS -> {
        checks.add(fromSource(treeSource, true));
        for (ProbedComponent c : components.values()) {
          ComponentHealth h = c.snapshot();
          checks.add(new Check(c.path(), h.status(), h.message(), c.critical()));
        }
        for (HealthSource source : allSources()) {
          checks.add(fromSource(source, source.critical()));
        }
      }
      case STARTUP -> {
        checks.add(fromSource(treeSource, true));
        for (ProbedComponent c : components.values()) {
          if (c.hasStartupProbe()) {
            String pending = c.startupPendingReason();
            checks.add(new Check(c.path(), pending == null ? HealthStatus.UP : HealthStatus.DOWN,
                pending == null ? "" : pending, true));
          }
        }
      }
    }
    Set<String> unknown = new LinkedHashSet<>(exclude);
    List<HealthCheck> out = new ArrayList<>(checks.size());
    HealthStatus aggregate = HealthStatus.UP;
    for (Check c : checks) {
      boolean excluded = exclude.contains(c.name);
      unknown.remove(c.name);
      HealthCheck hc = new HealthCheck(c.name, c.status, c.message, c.critical, excluded);
      aggregate = aggregate.worst(hc.contribution());
      out.add(hc);
    }
    return new ProcessHealth(kind, aggregate, out, new ArrayList<>(unknown));
  }

  @Override
  public List<ComponentHealth> components() {
    List<ComponentHealth> out = new ArrayList<>(components.size());
    for (ProbedComponent c : components.values()) {
      out.add(c.snapshot());
    }
    return out;
  }

  @Override
  public ComponentHealth component(String path) {
    ProbedComponent c = components.get(path);
    return c == null ? null : c.snapshot();
  }

  @Override
  public void addHealthSource(HealthSource source) {
    sources.add(Objects.requireNonNull(source, "source"));
  }

  @Override
  public boolean removeHealthSource(HealthSource source) {
    return sources.remove(source);
  }

  /**
   * Sources given here, then those of the tree's context (added by its registries and handles), then what
   * each ServiceLoader provider shows in that context.
   */
  private List<HealthSource> allSources() {
    List<HealthSource> all = new ArrayList<>(sources);
    for (HealthSourceProvider p : context.healthSourceProviders()) {
      if (monitorOf(p) != this) { // its own probe:<path> sources are its components, reported as such
        addFrom(all, p, null);
      }
    }
    for (HealthSourceProvider p : providers) {
      addFrom(all, p, context);
    }
    return all;
  }

  private static void addFrom(List<HealthSource> all, HealthSourceProvider p, RuntimeContext bound) {
    try {
      Collection<? extends HealthSource> provided = bound == null ? p.healthSources() : p.healthSources(bound);
      if (provided != null) {
        all.addAll(provided);
      }
    } catch (RuntimeException e) {
      LOG.warn("health source provider {} threw; its sources are skipped this time", p, e);
      all.add(new BrokenProvider(p, e));
    }
  }

  private static Check fromSource(HealthSource source, boolean critical) {
    HealthReport r = report(source);
    String name;
    try {
      name = source.name();
    } catch (RuntimeException e) {
      name = source.getClass().getName();
    }
    return new Check(name, r.status(), r.message(), critical);
  }

  private static HealthReport report(HealthSource source) {
    try {
      HealthReport r = source.health();
      return r != null ? r : HealthReport.down("health() returned null");
    } catch (RuntimeException e) {
      LOG.warn("health source {} threw; counted as DOWN", source, e);
      return HealthReport.down("health() threw " + ProbedComponent.describe(e));
    }
  }

  private record Check(String name, HealthStatus status, String message, boolean critical) {}

  /** Stands in for a provider that threw, so that the failure is visible (non-critical: it only degrades). */
  private record BrokenProvider(HealthSourceProvider provider, RuntimeException error) implements HealthSource {
    @Override
    public String name() {
      return "provider:" + provider.getClass().getName();
    }

    @Override
    public HealthReport health() {
      return HealthReport.down("healthSources() threw " + ProbedComponent.describe(error));
    }
  }
}
