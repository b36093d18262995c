package dev.selfheal.probes;

import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthSourceProvider;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.probes.internal.TreeHealthMonitor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Runs the probes of a {@link SupervisorTree}'s components, heals through the tree, and folds every health
 * signal into the process's health.
 *
 * <pre>{@code
 * HealthMonitor monitor = HealthMonitor.builder(tree)       // subscribes to the tree's events
 *     .probe(ProbeSpec.liveness("app/db", DatabasePool.class, db -> db.ping()).build())
 *     .build();
 * tree.start();
 * monitor.start();
 * ...
 * monitor.stop();
 * tree.stop();
 * }</pre>
 *
 * <h2>Probes</h2>
 * Each probe follows the child's current instance: a {@code ChildStarted} event starts its schedule from the
 * initial delay and forgets every count of the previous instance; a stopped or exited instance is not probed.
 * Runs take place every period on a bounded pool of daemon threads named {@code selfheal-probe-N}, at most one
 * run of a probe in flight. A run that throws, returns null or passes its timeout is a failure. When a period
 * comes while the previous run of the same instance is still in flight past its timeout, that period counts
 * as one more failure (reason "still running ...") and no new run starts; a run still in flight for an older
 * instance is skipped without a verdict. Verdicts:
 * <ul>
 *   <li>Liveness or startup past its failure threshold: {@code tree.reportFailure(path, generation,
 *       "liveness failed 3/3: <reason>")}; the supervisor heals by its strategy. The tree ignores a report
 *       about an instance that is no longer current, so a verdict about an old instance never restarts a new
 *       one. The count starts again from zero after a report.
 *   <li>Startup gates the rest: liveness and readiness of an instance run only once its startup probe passed
 *       (first run at the initial delay after the instance started, or right away if that has passed).
 *   <li>Readiness past its failure threshold: the component is NOT_READY; READY again after success-threshold
 *       consecutive passes. A new instance with a readiness probe is NOT_READY until it passes (as in
 *       Kubernetes); without one it is READY once running and started.
 * </ul>
 * Transitions are published as {@link ProbeEvent}s on the tree's event bus and journaled.
 *
 * <h2>Health rules</h2>
 * <ul>
 *   <li><b>Liveness</b> of the process is DOWN once the root supervisor has failed ({@link SupervisorTree#failed()}),
 *       UP otherwise. A failing component never fails process liveness: its supervisor heals it in-process;
 *       only when the tree gives up does the orchestrator get to restart the process.
 *   <li><b>Readiness</b> is the worst contribution of: the tree's own health source (critical: DOWN when failed
 *       or stopped), every probed component (critical unless all its probes were registered non-critical;
 *       DOWN when NOT_READY or when its liveness or startup probe has just failed past its threshold, until
 *       the new instance starts; DEGRADED when a probe's latest run failed below its threshold), every {@link HealthSource} registered here,
 *       added to the tree's {@link dev.selfheal.core.RuntimeContext} (by its registries, its handles, the
 *       application), or shown in that context by a {@link HealthSourceProvider} found with
 *       {@link java.util.ServiceLoader} (critical as the source says). A
 *       critical DOWN makes it DOWN; a non-critical DOWN, or any DEGRADED, only makes it DEGRADED.
 *   <li><b>Startup</b> is DOWN until the tree runs and every component with a startup probe has passed it (for
 *       its current instance).
 * </ul>
 * A health source whose {@code health()} throws counts as DOWN with the exception as the reason.
 *
 * <p><b>Declared probes.</b> Besides the probes given to the builder, the monitor runs those declared with
 * {@code @Liveness}, {@code @Readiness} and {@code @Startup} on the tree's supervised components (handles
 * bound to the tree before {@link Builder#build()}); a component added later with
 * {@code SupervisorTree.supervise} needs a monitor built after it. The breakers and bulkheads those
 * components' policy annotations created are in the tree's context, so they join this monitor's health
 * (and no other tree's).
 *
 * <p>This interface is thread-safe. It may be built before or after {@code tree.start()}: it subscribes to the
 * tree's events, then catches up with instances already running ({@code SupervisorTree.currentInstance}).
 */
public interface HealthMonitor extends AutoCloseable {

  /**
   * Starts a builder; nothing runs until {@link #start()}, but the tree's events are followed from {@link Builder#build()}.
   *
   * @param tree the tree whose components are probed
   * @return a new builder
   */
  static Builder builder(SupervisorTree tree) {
    return new Builder(tree);
  }

  /** Starts probing the instances seen so far and those started later. Idempotent; not restartable after {@link #stop()}. */
  void start();

  /** Cancels every schedule, interrupts runs in flight, stops the probe threads it created. Idempotent. */
  void stop();

  /** Same as {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }

  /**
   * The process's answer for {@code kind}, skipping the checks named in {@code exclude}.
   *
   * @param kind liveness, readiness or startup
   * @param exclude the names of checks to skip
   * @return the answer
   */
  ProcessHealth health(ProbeKind kind, Set<String> exclude);

  /**
   * The process's answer for {@code kind}.
   *
   * @param kind liveness, readiness or startup
   * @return the answer
   */
  default ProcessHealth health(ProbeKind kind) {
    return health(kind, Set.of());
  }

  /** {@return every probed component, in registration order} */
  List<ComponentHealth> components();

  /**
   * The probed component at {@code path}, or null if none of the probes targets it.
   *
   * @param path the component's path
   * @return its health, or null
   */
  ComponentHealth component(String path);

  /**
   * Adds a health source at run time (for example a breaker created after start).
   *
   * @param source the source
   */
  void addHealthSource(HealthSource source);

  /**
   * Removes a source added with {@link #addHealthSource} or the builder; true if it was there.
   *
   * @param source the source
   * @return whether it was there
   */
  boolean removeHealthSource(HealthSource source);

  /** Builder of {@link HealthMonitor}. Not thread-safe. */
  final class Builder {
    private final SupervisorTree tree;
    private final List<ProbeSpec<?>> probes = new ArrayList<>();
    private final List<HealthSource> sources = new ArrayList<>();
    private Scheduler scheduler;
    private Ticker ticker;
    private Executor probeExecutor;
    private int probeThreads = 2;
    private boolean discoverProviders = true;
    private ClassLoader classLoader;

    private Builder(SupervisorTree tree) {
      this.tree = Objects.requireNonNull(tree, "tree");
    }

    /**
     * Adds a probe. At most one probe of each kind per component path.
     *
     * @param probe the probe
     * @return this builder
     */
    public Builder probe(ProbeSpec<?> probe) {
      probes.add(Objects.requireNonNull(probe, "probe"));
      return this;
    }

    /**
     * Adds probes.
     *
     * @param probes the probes
     * @return this builder
     */
    public Builder probes(Collection<? extends ProbeSpec<?>> probes) {
      probes.forEach(this::probe);
      return this;
    }

    /**
     * Adds a health source to the process's readiness (on top of those found by ServiceLoader).
     *
     * @param source the source
     * @return this builder
     */
    public Builder healthSource(HealthSource source) {
      sources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /**
     * The scheduler that times probe periods and timeouts. Default: the tree's {@link SupervisorTree#scheduler()}.
     *
     * @param scheduler the scheduler that times probe periods and timeouts
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * The time source for durations. Default: the tree's {@link SupervisorTree#ticker()}.
     *
     * @param ticker the time source for durations
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Where probe runs execute. Default: a pool of {@link #probeThreads} daemon threads named
     * {@code selfheal-probe-N}, created on {@link HealthMonitor#start()} and stopped by {@link HealthMonitor#stop()}.
     * A supplied executor is not shut down by the monitor; tests pass {@code Runnable::run}.
     *
     * @param executor where probe runs execute
     * @return this builder
     */
    public Builder probeExecutor(Executor executor) {
      this.probeExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Size of the default probe pool (idle threads exit after 60 s). Default 2; valid range 1 to 64.
     *
     * @param threads size of the default probe pool (idle threads exit after 60 s)
     * @return this builder
     */
    public Builder probeThreads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("probeThreads must be in [1, 64], was " + threads);
      }
      this.probeThreads = threads;
      return this;
    }

    /**
     * Whether to load {@link HealthSourceProvider}s with {@link java.util.ServiceLoader}. Default {@code true}.
     *
     * @param discover whether to load {@link HealthSourceProvider}s with {@link java.util.ServiceLoader}
     * @return this builder
     */
    public Builder discoverProviders(boolean discover) {
      this.discoverProviders = discover;
      return this;
    }

    /**
     * The class loader ServiceLoader searches. Default: this class's loader.
     *
     * @param classLoader the class loader ServiceLoader searches
     * @return this builder
     */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Validates (one probe per kind and path) and builds; from here on the monitor follows the tree's events.
     *
     * @return the monitor, not started
     * @throws IllegalArgumentException on a duplicate probe
     */
    public HealthMonitor build() {
      List<HealthSourceProvider> providers = new ArrayList<>();
      if (discoverProviders) {
        ClassLoader cl = classLoader != null ? classLoader : HealthMonitor.class.getClassLoader();
        java.util.ServiceLoader.load(HealthSourceProvider.class, cl).forEach(providers::add);
      }
      // probes declared with annotations on the tree's supervised components, after the programmatic ones
      // (the health of their policies is in the tree's context, read on every evaluation)
      List<ProbeSpec<?>> all = new ArrayList<>(probes);
      for (dev.selfheal.core.spi.SupervisedChildren.Declared d : dev.selfheal.core.spi.SupervisedChildren.of(tree)) {
        d.spec().extension(dev.selfheal.probes.internal.AnnotatedProbes.Declarations.class)
            .ifPresent(x -> all.addAll(x.specs(d.path())));
      }
      return new TreeHealthMonitor(tree, all, sources, providers, scheduler, ticker, probeExecutor,
          probeThreads);
    }
  }
}
