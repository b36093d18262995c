package dev.selfheal.core.micrometer;

import dev.selfheal.core.ChildState;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.HealingMetrics;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for one supervisor tree: restarts, escalations, exits, deferred, suspended and dry-run
 * decisions, mailbox depths, children by state, time to recovery, the tree's status, the journal and the event
 * bus.
 *
 * <pre>{@code
 * HealingMetrics healing = HealingMetrics.attach(tree);    // before tree.start()
 * CoreMetrics metrics = new CoreMetrics(healing);
 * metrics.bindTo(registry);
 * ...
 * metrics.close();                                         // removes every meter it registered
 * }</pre>
 *
 * <p><b>Pull-based.</b> Counters and gauges are {@link FunctionCounter}s and {@link Gauge}s that read
 * {@link HealingMetrics}, the {@link Journal} and the {@link EventBus} at scrape time; Micrometer holds those
 * objects weakly, so a tree dropped without {@link #close()} leaves meters that read NaN, never a leak. The
 * one exception is the time-to-recovery {@link Timer}: Micrometer has no histogram read from a function, so
 * each closed healing episode is also recorded into it (one call per recovery, never per request).
 *
 * <p><b>Cardinality.</b> Every meter carries {@code tree} (the root's name). Only restarts, escalations, the
 * mailbox depth and time to recovery carry {@code supervisor}, a supervisor path, capped by {@link HealingMetrics}'s
 * supervisor limit (the rest share {@value HealingMetrics#OTHER}); no meter is tagged by child path.
 * Other tags take values from small fixed sets. Two trees bound to one registry need distinct root names
 * ({@link #bindTo} refuses a second tree with the same tags; Prometheus also wants every meter of a name to
 * carry the same tag keys, so give extra tags to every tree alike).
 *
 * <table>
 *   <caption>Meters (Prometheus names in parentheses)</caption>
 *   <tr><td>{@code selfheal.supervisor.restarts{tree,supervisor}}</td><td>counter: automatic restarts decided
 *       ({@code selfheal_supervisor_restarts_total})</td></tr>
 *   <tr><td>{@code selfheal.supervisor.escalations{tree,supervisor}}</td><td>counter: restart intensity exceeded</td></tr>
 *   <tr><td>{@code selfheal.supervisor.exits{tree,reason}}</td><td>counter: child exits, reason normal, shutdown
 *       or abnormal</td></tr>
 *   <tr><td>{@code selfheal.supervisor.decisions{tree,mode}}</td><td>counter: decisions not carried out, mode
 *       deferred (paused), suspended or dry_run</td></tr>
 *   <tr><td>{@code selfheal.supervisor.mailbox{tree,supervisor}}</td><td>gauge: messages waiting in the
 *       supervisor's mailbox ({@code selfheal_supervisor_mailbox_messages})</td></tr>
 *   <tr><td>{@code selfheal.supervisor.children{tree,state}}</td><td>gauge: nodes in each state</td></tr>
 *   <tr><td>{@code selfheal.supervisor.recovering{tree}}</td><td>gauge: children failed and not serving again yet</td></tr>
 *   <tr><td>{@code selfheal.supervisor.recovery{tree,supervisor}}</td><td>timer: failure signal to serving again,
 *       buckets {@link #RECOVERY_BUCKETS}</td></tr>
 *   <tr><td>{@code selfheal.tree.failures{tree}}</td><td>counter: the root gave up</td></tr>
 *   <tr><td>{@code selfheal.tree.status{tree,status}}</td><td>gauge 0/1: failed, paused, dry_run</td></tr>
 *   <tr><td>{@code selfheal.journal.records{tree}}</td><td>counter: records appended</td></tr>
 *   <tr><td>{@code selfheal.journal.evictions{tree}}</td><td>counter: records pushed out of the in-memory tail</td></tr>
 *   <tr><td>{@code selfheal.journal.drops{tree,reason}}</td><td>counter: sink_full (records the file writer
 *       refused), sink_error (write errors), listener_error</td></tr>
 *   <tr><td>{@code selfheal.events.listener.failures{tree}}</td><td>counter: event listeners that threw</td></tr>
 * </table>
 *
 * <p>This class is thread-safe. It is the only core class that touches Micrometer.
 */
public final class CoreMetrics implements MeterBinder, AutoCloseable {
  /** The time-to-recovery buckets (Prometheus {@code le} bounds), from 10 ms to 10 min. */
  public static final List<Duration> RECOVERY_BUCKETS = List.of(Duration.ofMillis(10), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10));

  private final HealingMetrics healing;
  private final Tags tags;
  private final List<Meter> meters = new ArrayList<>();
  private final Map<String, Timer> recoveryTimers = new HashMap<>(); // guarded by this
  private final List<EventBus.Subscription> subscriptions = new ArrayList<>();
  private MeterRegistry registry;

  /**
   * Meters for the tree {@code healing} follows, tagged {@code tree=<root name>} plus {@code extraTags}.
   *
   * @param healing the tree's healing figures
   * @param extraTags added to every meter
   */
  public CoreMetrics(HealingMetrics healing, Iterable<io.micrometer.core.instrument.Tag> extraTags) {
    this.healing = Objects.requireNonNull(healing, "healing");
    this.tags = Tags.of("tree", healing.tree().rootPath()).and(Objects.requireNonNull(extraTags, "extraTags"));
  }

  /**
   * Meters for the tree {@code healing} follows, tagged {@code tree=<root name>}.
   *
   * @param healing the tree's healing figures
   */
  public CoreMetrics(HealingMetrics healing) {
    this(healing, Tags.empty());
  }

  /**
   * Registers the meters. A binder binds to one registry at a time.
   *
   * @param registry where the meters go
   * @throws IllegalStateException if already bound, or if another tree with the same tags (the same root name)
   *     is bound to {@code registry}
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Binders.checkUnbound(this.registry, registry);
    SupervisorTree tree = healing.tree();
    if (registry.find("selfheal.tree.failures").meters().stream()
        .anyMatch(m -> Tags.of(m.getId().getTags()).equals(tags))) {
      // Micrometer would hand back the other tree's meters and this tree's figures would never show
      throw new IllegalStateException("a tree tagged " + tags + " is already bound to this registry; give each"
          + " tree its own root name");
    }
    this.registry = registry;
    Journal journal = tree.journal();
    EventBus events = tree.events();

    subscriptions.add(healing.onNewSupervisor(this::bindSupervisor));
    subscriptions.add(healing.onRecovery((supervisor, child, nanos) -> recordRecovery(supervisor, nanos)));
    for (String supervisor : healing.supervisors()) {
      bindSupervisor(supervisor);
    }
    for (ExitReason.Kind kind : ExitReason.Kind.values()) {
      counter("selfheal.supervisor.exits", "Child instances that exited, by reason (a failure declared by a"
          + " probe or reportFailure is abnormal)", "exits", healing, h -> h.exits(kind),
          Tags.of("reason", label(kind)));
    }
    String decisions = "Healing decisions not carried out: deferred while paused, recorded only while suspended,"
        + " or computed only in dry-run";
    counter("selfheal.supervisor.decisions", decisions, "decisions", healing, HealingMetrics::deferredDecisions,
        Tags.of("mode", "deferred"));
    counter("selfheal.supervisor.decisions", decisions, "decisions", healing, HealingMetrics::suspendedDecisions,
        Tags.of("mode", "suspended"));
    counter("selfheal.supervisor.decisions", decisions, "decisions", healing, HealingMetrics::dryRunDecisions,
        Tags.of("mode", "dry_run"));
    for (ChildState state : ChildState.values()) {
      gauge("selfheal.supervisor.children", "Nodes of the tree (root excluded) in each state", "children",
          healing, h -> h.childStates().get(state), Tags.of("state", label(state)));
    }
    gauge("selfheal.supervisor.recovering", "Children that failed and do not serve again yet", "children",
        healing, HealingMetrics::recoveriesInProgress, Tags.empty());
    counter("selfheal.tree.failures", "Times the root supervisor gave up (the tree can no longer heal itself)",
        "failures", healing, HealingMetrics::treeFailures, Tags.empty());
    gauge("selfheal.tree.status", "1 while the tree is in this status, else 0", "status", tree,
        t -> t.failed() ? 1 : 0, Tags.of("status", "failed"));
    gauge("selfheal.tree.status", "1 while the tree is in this status, else 0", "status", tree,
        t -> t.paused() ? 1 : 0, Tags.of("status", "paused"));
    gauge("selfheal.tree.status", "1 while the tree is in this status, else 0", "status", tree,
        t -> t.dryRun() ? 1 : 0, Tags.of("status", "dry_run"));
    counter("selfheal.journal.records", "Journal records appended", "records", journal, Journal::lastSequence,
        Tags.empty());
    counter("selfheal.journal.evictions", "Journal records pushed out of the in-memory tail (still logged and"
        + " written to the file)", "evictions", journal, Journal::evicted, Tags.empty());
    String drops = "Journal records or deliveries lost: sink_full (file writer buffer full), sink_error (write"
        + " errors), listener_error (journal listeners that threw)";
    counter("selfheal.journal.drops", drops, "drops", journal, Journal::sinkDropped, Tags.of("reason", "sink_full"));
    counter("selfheal.journal.drops", drops, "drops", journal, Journal::sinkFailures, Tags.of("reason", "sink_error"));
    counter("selfheal.journal.drops", drops, "drops", journal, Journal::listenerFailures,
        Tags.of("reason", "listener_error"));
    counter("selfheal.events.listener.failures", "Event listener invocations that threw (isolated and logged)",
        "failures", events, EventBus::listenerFailures, Tags.empty());
  }

  private synchronized void bindSupervisor(String supervisor) {
    if (registry == null) {
      return;
    }
    Tags t = Tags.of("supervisor", supervisor);
    counter("selfheal.supervisor.restarts", "Automatic restarts decided (each counts toward restart intensity)",
        "restarts", healing, h -> h.restarts(supervisor), t);
    counter("selfheal.supervisor.escalations", "Times the supervisor exceeded its restart intensity and gave up",
        "escalations", healing, h -> h.escalations(supervisor), t);
    gauge("selfheal.supervisor.mailbox", "Messages waiting in the supervisor's mailbox (signals and calls not"
        + " handled yet)", "messages", healing, h -> h.mailboxDepth(supervisor), t);
    recoveryTimer(supervisor);
  }

  private synchronized void recordRecovery(String supervisor, long nanos) {
    Timer timer = recoveryTimer(supervisor);
    if (timer != null) {
      timer.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private synchronized Timer recoveryTimer(String supervisor) {
    if (registry == null) {
      return null; // closed
    }
    Timer timer = recoveryTimers.get(supervisor);
    if (timer == null) {
      timer = Timer.builder("selfheal.supervisor.recovery")
          .description("Time to recovery: a child's failure signal to an instance of it serving again")
          .tags(tags).tag("supervisor", supervisor)
          .serviceLevelObjectives(RECOVERY_BUCKETS.toArray(Duration[]::new))
          .register(registry);
      recoveryTimers.put(supervisor, timer);
      meters.add(timer);
    }
    return timer;
  }

  private <T> void counter(String name, String description, String unit, T obj, ToDoubleFunction<T> f, Tags extra) {
    meters.add(Binders.counter(registry, name, description, unit, obj, f, tags.and(extra)));
  }

  private <T> void gauge(String name, String description, String unit, T obj, ToDoubleFunction<T> f, Tags extra) {
    meters.add(Binders.gauge(registry, name, description, unit, obj, f, tags.and(extra)));
  }

  private static String label(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** Removes every meter this binder registered and stops feeding the recovery timer. Idempotent. */
  @Override
  public synchronized void close() {
    subscriptions.forEach(EventBus.Subscription::close);
    subscriptions.clear();
    if (registry != null) {
      meters.forEach(registry::remove);
    }
    meters.clear();
    recoveryTimers.clear();
    registry = null;
  }
}
