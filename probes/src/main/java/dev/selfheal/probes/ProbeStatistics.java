package dev.selfheal.probes;

import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.spi.Ticker;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of probe activity, kept by the library and read by anyone (the Micrometer binder
 * {@code dev.selfheal.probes.micrometer.ProbeMetrics}, a test) without Micrometer on the class path.
 *
 * <pre>{@code
 * ProbeStatistics stats = ProbeStatistics.attach(tree);
 * HealthMonitor monitor = HealthMonitor.builder(tree)
 *     .probe(stats.instrument(ProbeSpec.liveness("app/db", Db.class, Db::ping).build()))
 *     .build();
 * }</pre>
 *
 * <p><b>From the tree's events</b> (every probe, instrumented or not): readiness transitions per component
 * ({@link ProbeEvent.ReadinessChanged}) and liveness or startup failures reported to the supervisor
 * ({@link ProbeEvent.FailureReported}).
 *
 * <p><b>From instrumented probes</b> ({@link #instrument}): every run of the check, by {@link Outcome}, and the
 * total time the check took. A run is {@link Outcome#TIMED_OUT} when it took at least the probe's timeout or
 * ended interrupted (the monitor interrupts a run at its deadline); it is counted when the check returns, so a
 * check that ignores interruption and never returns is counted once it does. The monitor's own verdict for the
 * periods during which such a run still holds its slot is in {@link ComponentHealth#lastResults()}.
 *
 * <p><b>Cardinality.</b> Keyed by component path and probe kind: the probes are declared when the monitor is
 * built, so the keys are bounded by configuration.
 *
 * <p>This class is thread-safe; counting allocates nothing once a key exists.
 */
public final class ProbeStatistics implements AutoCloseable {

  /** How one run of a check ended. */
  public enum Outcome {
    /** The check returned a passing result in time. */
    PASSED,
    /** It returned a failing result, null, or threw, in time. */
    FAILED,
    /** It ran for at least its timeout, or ended interrupted. */
    TIMED_OUT;

    /**
     * Lower-case name used in tags: {@code passed}, {@code failed}, {@code timed_out}.
     *
     * @return the label
     */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * An instrumented probe: a component path and a kind.
   *
   * @param path the component's path
   * @param kind the probe's kind
   */
  public record Probe(String path, ProbeKind kind) {
    /**
     * Refuses null components.
     *
     * @param path the component's path
     * @param kind the probe's kind
     */
    public Probe {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(kind, "kind");
    }
  }

  private final Ticker ticker;
  private final ConcurrentHashMap<String, LongAdder> readinessChanges = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> failuresReported = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Probe, Runs> runs = new ConcurrentHashMap<>();
  private final List<EventBus.Subscription> subscriptions;

  private ProbeStatistics(SupervisorTree tree) {
    this.ticker = tree.ticker();
    // The listeners are methods of this object: the tree's bus keeps it alive as long as the tree lives
    // (Micrometer holds it only weakly).
    this.subscriptions = List.of(
        tree.events().subscribe(ProbeEvent.ReadinessChanged.class, this::onReadinessChanged),
        tree.events().subscribe(ProbeEvent.FailureReported.class, this::onFailureReported));
  }

  private void onReadinessChanged(ProbeEvent.ReadinessChanged e) {
    adder(readinessChanges, e.path()).increment();
  }

  private void onFailureReported(ProbeEvent.FailureReported e) {
    adder(failuresReported, e.path()).increment();
  }

  /**
   * Follows the probe events of {@code tree}; instrumented checks are timed on the tree's ticker.
   *
   * @param tree the tree whose probes are counted
   * @return the statistics, to be closed when no longer read
   */
  public static ProbeStatistics attach(SupervisorTree tree) {
    return new ProbeStatistics(Objects.requireNonNull(tree, "tree"));
  }

  /**
   * The same probe, with its check counted and timed here. Instrument before building the monitor (and
   * before binding meters, which are registered for the probes instrumented by then).
   *
   * @param <T> the component's type
   * @param spec the probe
   * @return the instrumented probe, to be given to the monitor in place of {@code spec}
   */
  public <T> ProbeSpec<T> instrument(ProbeSpec<T> spec) {
    Objects.requireNonNull(spec, "spec");
    Runs r = runs.computeIfAbsent(new Probe(spec.path(), spec.kind()), k -> new Runs());
    long timeoutNanos = spec.config().timeout().toNanos();
    HealthProbe<? super T> check = spec.check();
    HealthProbe<T> timed = instance -> {
      long start = ticker.read();
      Outcome outcome = Outcome.FAILED;
      try {
        ProbeResult result = check.check(instance);
        outcome = result != null && result.passed() ? Outcome.PASSED : Outcome.FAILED;
        return result;
      } catch (InterruptedException e) {
        outcome = Outcome.TIMED_OUT;
        throw e;
      } finally {
        long took = ticker.read() - start;
        if (took >= timeoutNanos || Thread.currentThread().isInterrupted()) {
          outcome = Outcome.TIMED_OUT;
        }
        r.record(outcome, took);
      }
    };
    return ProbeSpec.of(spec.path(), spec.type(), spec.config(), timed).critical(spec.critical()).build();
  }

  /** {@return the probes instrumented so far} */
  public List<Probe> instrumented() {
    return List.copyOf(runs.keySet());
  }

  /**
   * Runs of an instrumented probe that ended with {@code outcome}; 0 for a probe not instrumented.
   *
   * @param path the component's path
   * @param kind the probe's kind
   * @param outcome how the runs ended
   * @return the count
   */
  public long runs(String path, ProbeKind kind, Outcome outcome) {
    Runs r = runs.get(new Probe(path, kind));
    return r == null ? 0 : r.byOutcome[outcome.ordinal()].sum();
  }

  /**
   * Runs of an instrumented probe, whatever their outcome.
   *
   * @param path the component's path
   * @param kind the probe's kind
   * @return the count
   */
  public long runs(String path, ProbeKind kind) {
    long n = 0;
    for (Outcome o : Outcome.values()) {
      n += runs(path, kind, o);
    }
    return n;
  }

  /**
   * Total time the runs of an instrumented probe took, in nanoseconds.
   *
   * @param path the component's path
   * @param kind the probe's kind
   * @return the total, in nanoseconds
   */
  public long runNanos(String path, ProbeKind kind) {
    Runs r = runs.get(new Probe(path, kind));
    return r == null ? 0 : r.nanos.sum();
  }

  /**
   * READY / NOT_READY transitions of the component at {@code path}.
   *
   * @param path the component's path
   * @return the count
   */
  public long readinessChanges(String path) {
    LongAdder a = readinessChanges.get(path);
    return a == null ? 0 : a.sum();
  }

  /**
   * Liveness or startup failures of the component at {@code path} reported to its supervisor.
   *
   * @param path the component's path
   * @return the count
   */
  public long failuresReported(String path) {
    LongAdder a = failuresReported.get(path);
    return a == null ? 0 : a.sum();
  }

  /** Stops following the tree's events; instrumented checks keep counting. Idempotent. */
  @Override
  public void close() {
    subscriptions.forEach(EventBus.Subscription::close);
  }

  private static LongAdder adder(ConcurrentHashMap<String, LongAdder> map, String path) {
    LongAdder a = map.get(path);
    return a != null ? a : map.computeIfAbsent(path, k -> new LongAdder());
  }

  private static final class Runs {
    final LongAdder[] byOutcome = {new LongAdder(), new LongAdder(), new LongAdder()};
    final LongAdder nanos = new LongAdder();

    void record(Outcome outcome, long took) {
      byOutcome[outcome.ordinal()].increment();
      nanos.add(Math.max(0, took));
    }
  }
}
