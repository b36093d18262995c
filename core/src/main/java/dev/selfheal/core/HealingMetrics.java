package dev.selfheal.core;

import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.internal.metrics.HealingEventMapping;
import dev.selfheal.core.internal.metrics.LogLinearHistogram;
import dev.selfheal.core.spi.Ticker;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counters of a tree's healing, kept by the library itself and read by anyone (the Micrometer binder
 * {@code dev.selfheal.core.micrometer.CoreMetrics}, an endpoint, a test) without Micrometer on the class path.
 *
 * <p>Why this class is large (457 lines): it is the one subscriber that turns the supervisor's typed events and
 * journal records into counters, per-supervisor keys (capped), mailbox depths and the time-to-recovery histogram;
 * each figure is a few lines next to the event that feeds it.
 *
 * <pre>{@code
 * SupervisorTree tree = SupervisorTree.builder(spec).build();
 * HealingMetrics healing = HealingMetrics.attach(tree);     // before start(): nothing is missed
 * tree.start();
 * ...
 * healing.restarts();                                       // automatic restarts decided so far
 * healing.timeToRecovery().percentile(0.99);                // failure signal -> serving again
 * }</pre>
 *
 * <p><b>What is counted.</b> It follows the tree from the outside: the tree's {@link EventBus}, through one
 * mapping class, so the call path and the supervisors pay nothing. Restarts are counted when decided
 * ({@code ChildRestarting}), escalations when a supervisor exceeds its intensity, exits by
 * {@link ExitReason.Kind}, deferred (paused), suspended and dry-run decisions from the typed
 * {@link SupervisorEvent.HealingDecision} of each decision (its mode), never from journal wording.
 *
 * <p><b>Time to recovery.</b> An episode opens when a child instance exits abnormally (a crash, a failed
 * probe, {@code reportFailure}) and closes when an instance of the same path starts again, however the tree
 * got there (restart, retries after failed starts, escalation and a restart from above, an operator). Its
 * length goes into a {@link DurationHistogram} of the tree and of the child's supervisor. An episode whose
 * child is not restarted (TEMPORARY, TRANSIENT normal exit) or whose tree failed is dropped, not recorded.
 * At most {@value #MAX_OPEN_EPISODES} episodes are open at once; failures beyond are counted by
 * {@link #episodesNotTracked()}. The episode opens when the exit is announced, after the supervisor has
 * released the failed instance.
 *
 * <p><b>Cardinality.</b> Per-supervisor figures are keyed by supervisor path, never by child path: children
 * may be added at run time without bound, supervisors rarely. At most {@code maxSupervisors} paths get their
 * own figures (default {@value #DEFAULT_MAX_SUPERVISORS}); the ones seen after that share the key
 * {@value #OTHER}.
 *
 * <p>Counts start when attached; restarts already done are taken from the tree's snapshot at that moment.
 * This class is thread-safe; recording allocates nothing except the open-episode entry.
 */
public final class HealingMetrics implements AutoCloseable {
  /** The shared key of the supervisors past the limit. */
  public static final String OTHER = "_other";
  /** Default limit of supervisor paths with their own figures. */
  public static final int DEFAULT_MAX_SUPERVISORS = 64;
  /** Limit of open time-to-recovery episodes. */
  public static final int MAX_OPEN_EPISODES = 4096;
  private static final long CHILD_STATES_TTL_NANOS = 250_000_000L;

  private final SupervisorTree tree;
  private final Ticker ticker;
  private final int maxSupervisors;
  private final ConcurrentHashMap<String, Supervisor> supervisors = new ConcurrentHashMap<>();
  private final Supervisor other = new Supervisor(OTHER);
  private final LongAdder[] exits = new LongAdder[ExitReason.Kind.values().length];
  private final LongAdder deferred = new LongAdder();
  private final LongAdder dryRun = new LongAdder();
  private final LongAdder suspended = new LongAdder();
  private final LongAdder treeFailures = new LongAdder();
  private final LongAdder notTracked = new LongAdder();
  private final LogLinearHistogram recovery = new LogLinearHistogram();
  private final ConcurrentHashMap<String, Long> openEpisodes = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<RecoveryListener> recoveryListeners = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Consumer<String>> supervisorListeners = new CopyOnWriteArrayList<>();
  private final EventBus.Subscription eventSubscription;
  private volatile ChildStates childStates; // memo of the last count, see childStates()

  private HealingMetrics(SupervisorTree tree, int maxSupervisors) {
    this.tree = tree;
    this.ticker = tree.ticker();
    this.maxSupervisors = maxSupervisors;
    for (int i = 0; i < exits.length; i++) {
      exits[i] = new LongAdder();
    }
    seed(tree.snapshot());
    Sink sink = new Sink();
    this.eventSubscription = tree.events().subscribe(SupervisorEvent.class, e -> HealingEventMapping.onEvent(e, sink));
  }

  /**
   * Follows {@code tree} with the default supervisor limit.
   *
   * @param tree the tree to follow; attach before {@code tree.start()} so that no healing is missed
   * @return the metrics, to be closed when no longer read
   */
  public static HealingMetrics attach(SupervisorTree tree) {
    return attach(tree, DEFAULT_MAX_SUPERVISORS);
  }

  /**
   * Follows {@code tree}; at most {@code maxSupervisors} supervisor paths (range 1 to 10,000) get their own
   * figures.
   *
   * @param tree the tree to follow; attach before {@code tree.start()} so that no healing is missed
   * @param maxSupervisors how many supervisor paths get figures of their own; the rest share {@value #OTHER}
   * @return the metrics, to be closed when no longer read
   */
  public static HealingMetrics attach(SupervisorTree tree, int maxSupervisors) {
    Objects.requireNonNull(tree, "tree");
    if (maxSupervisors < 1 || maxSupervisors > 10_000) {
      throw new IllegalArgumentException("maxSupervisors must be in [1, 10000], was " + maxSupervisors);
    }
    return new HealingMetrics(tree, maxSupervisors);
  }

  private void seed(ChildSnapshot node) {
    if (node.kind() == ChildKind.SUPERVISOR) {
      Supervisor s = supervisor(node.path());
      for (ChildSnapshot c : node.children()) {
        s.restarts.add(c.restarts());
      }
      node.children().forEach(this::seed);
    }
  }

  /** {@return the tree followed} */
  public SupervisorTree tree() {
    return tree;
  }

  /** {@return automatic restarts decided in the whole tree} */
  public long restarts() {
    return sum(s -> s.restarts);
  }

  /**
   * Automatic restarts decided by the supervisor at {@code supervisorPath} (or {@value #OTHER}); 0 if unknown.
   *
   * @param supervisorPath a supervisor's path, or {@value #OTHER}
   * @return the count
   */
  public long restarts(String supervisorPath) {
    Supervisor s = find(supervisorPath);
    return s == null ? 0 : s.restarts.sum();
  }

  /** {@return supervisors that exceeded their restart intensity, in the whole tree} */
  public long escalations() {
    return sum(s -> s.escalations);
  }

  /**
   * Times the supervisor at {@code supervisorPath} exceeded its restart intensity; 0 if unknown.
   *
   * @param supervisorPath a supervisor's path, or {@value #OTHER}
   * @return the count
   */
  public long escalations(String supervisorPath) {
    Supervisor s = find(supervisorPath);
    return s == null ? 0 : s.escalations.sum();
  }

  /**
   * Child exits with a reason of {@code kind} (a failure declared by a probe counts as abnormal).
   *
   * @param kind the kind of exit reason
   * @return the count
   */
  public long exits(ExitReason.Kind kind) {
    return exits[kind.ordinal()].sum();
  }

  /** {@return decisions that waited because healing was paused} */
  public long deferredDecisions() {
    return deferred.sum();
  }

  /** {@return decisions computed and journaled only (dry-run): one per dry-run decision} */
  public long dryRunDecisions() {
    return dryRun.sum();
  }

  /** {@return failures recorded and not acted on because healing of the child (or a subtree above it) was suspended} */
  public long suspendedDecisions() {
    return suspended.sum();
  }

  /**
   * Messages waiting in the mailbox of the supervisor with key {@code supervisorKey} (see {@link #supervisors()}):
   * for {@value #OTHER}, the sum over the running supervisors without a key of their own; 0 when no supervisor
   * runs at that path. Read from the tree at each call (O(1) per supervisor, no lock).
   *
   * @param supervisorKey a key of {@link #supervisors()}, or {@value #OTHER}
   * @return the messages waiting, 0 when no supervisor runs there
   */
  public long mailboxDepth(String supervisorKey) {
    if (!supervisorKey.equals(OTHER)) {
      return depthOf(supervisorKey);
    }
    long[] sum = new long[1];
    forEachSupervisor(tree.snapshot(), path -> {
      if (!supervisors.containsKey(path)) {
        sum[0] += depthOf(path);
      }
    });
    return sum[0];
  }

  private long depthOf(String supervisorPath) {
    try {
      return tree.mailboxDepth(supervisorPath);
    } catch (IllegalArgumentException notRunning) {
      return 0; // stopped, or replaced between the snapshot and this read: nothing waits in it
    }
  }

  private static void forEachSupervisor(ChildSnapshot node, Consumer<String> action) {
    if (node.kind() == ChildKind.SUPERVISOR) {
      action.accept(node.path());
      node.children().forEach(c -> forEachSupervisor(c, action));
    }
  }

  /** {@return times the root gave up (0 or 1 for one tree)} */
  public long treeFailures() {
    return treeFailures.sum();
  }

  /** {@return time-to-recovery episodes open now (a child failed and has not served again yet)} */
  public int recoveriesInProgress() {
    return openEpisodes.size();
  }

  /**
   * Failures not tracked for time to recovery because {@value #MAX_OPEN_EPISODES} episodes were open.
   *
   * @return the count
   */
  public long episodesNotTracked() {
    return notTracked.sum();
  }

  /** {@return time to recovery of every episode closed so far in the tree} */
  public DurationHistogram timeToRecovery() {
    return recovery.snapshot();
  }

  /**
   * Time to recovery of the children of the supervisor at {@code supervisorPath}; empty if unknown.
   *
   * @param supervisorPath a supervisor's path, or {@value #OTHER}
   * @return the histogram, live
   */
  public DurationHistogram timeToRecovery(String supervisorPath) {
    Supervisor s = find(supervisorPath);
    return (s == null ? new LogLinearHistogram() : s.recovery).snapshot();
  }

  /**
   * The supervisor keys with figures so far, {@value #OTHER} included once used.
   *
   * @return the keys, an unmodifiable snapshot
   */
  public Set<String> supervisors() {
    return Set.copyOf(supervisors.keySet());
  }

  /**
   * How many nodes (root excluded) are in each {@link ChildState}, from {@link SupervisorTree#snapshot()}.
   * The count is kept for 250 ms, so that a scrape reading several states walks the tree once.
   *
   * @return the count per state, every state present
   */
  public Map<ChildState, Integer> childStates() {
    ChildStates memo = childStates;
    long now = System.nanoTime();
    if (memo == null || now - memo.takenAt > CHILD_STATES_TTL_NANOS) {
      EnumMap<ChildState, Integer> counts = new EnumMap<>(ChildState.class);
      for (ChildState s : ChildState.values()) {
        counts.put(s, 0);
      }
      ChildSnapshot root = tree.snapshot();
      root.children().forEach(c -> countStates(c, counts));
      memo = new ChildStates(now, Map.copyOf(counts));
      childStates = memo;
    }
    return memo.counts;
  }

  private static void countStates(ChildSnapshot node, Map<ChildState, Integer> counts) {
    counts.merge(node.state(), 1, Integer::sum);
    node.children().forEach(c -> countStates(c, counts));
  }

  /** Called once per closed episode, on the thread that announced the new instance; keep it short. */
  @FunctionalInterface
  public interface RecoveryListener {
    /**
     * {@code child} served again {@code nanos} after it failed; {@code supervisorKey} as in {@link #supervisors()}.
     *
     * @param supervisorKey the supervisor's key
     * @param child the child's path
     * @param nanos the time to recovery, in nanoseconds
     */
    void recovered(String supervisorKey, String child, long nanos);
  }

  /**
   * Adds a recovery listener; the handle removes it.
   *
   * @param listener called with each recovery
   * @return the handle that removes the listener
   */
  public EventBus.Subscription onRecovery(RecoveryListener listener) {
    Objects.requireNonNull(listener, "listener");
    recoveryListeners.add(listener);
    return () -> recoveryListeners.remove(listener);
  }

  /**
   * Calls {@code listener} with each supervisor key the first time it gets figures; the handle removes it.
   *
   * @param listener called with the new key
   * @return the handle that removes the listener
   */
  public EventBus.Subscription onNewSupervisor(Consumer<String> listener) {
    Objects.requireNonNull(listener, "listener");
    supervisorListeners.add(listener);
    return () -> supervisorListeners.remove(listener);
  }

  /** Stops following the tree; the figures keep their last values. Idempotent. */
  @Override
  public void close() {
    eventSubscription.close();
  }

  // ------------------------------------------------------------------ internals

  private long sum(java.util.function.Function<Supervisor, LongAdder> f) {
    long n = 0;
    for (Supervisor s : supervisors.values()) {
      n += f.apply(s).sum();
    }
    return n;
  }

  private Supervisor find(String key) {
    return supervisors.get(key);
  }

  private Supervisor supervisor(String path) {
    Supervisor s = supervisors.get(path);
    if (s != null) {
      return s;
    }
    boolean[] created = new boolean[1];
    s = supervisors.computeIfAbsent(path.equals(OTHER) || supervisors.size() >= maxSupervisors ? OTHER : path, k -> {
      created[0] = true;
      return k.equals(OTHER) ? other : new Supervisor(k);
    });
    if (created[0]) {
      for (Consumer<String> l : supervisorListeners) {
        l.accept(s.key);
      }
    }
    return s;
  }

  private void closeEpisode(String supervisor, String child) {
    Long since = openEpisodes.remove(child);
    if (since == null) {
      return;
    }
    long nanos = Math.max(0, ticker.read() - since);
    Supervisor s = supervisor(supervisor);
    recovery.record(nanos);
    s.recovery.record(nanos);
    for (RecoveryListener l : recoveryListeners) {
      l.recovered(s.key, child, nanos);
    }
  }

  private final class Sink implements HealingEventMapping.Sink {
    @Override
    public void childExited(String supervisor, String child, ExitReason.Kind kind) {
      exits[kind.ordinal()].increment();
      if (kind == ExitReason.Kind.ABNORMAL) {
        if (openEpisodes.size() >= MAX_OPEN_EPISODES && !openEpisodes.containsKey(child)) {
          notTracked.increment();
        } else {
          openEpisodes.putIfAbsent(child, ticker.read()); // a retry keeps the first failure's time
        }
      }
    }

    @Override
    public void childStarted(String supervisor, String child) {
      closeEpisode(supervisor, child);
    }

    @Override
    public void restartDecided(String supervisor, String child) {
      supervisor(supervisor).restarts.increment();
    }

    @Override
    public void escalated(String supervisor) {
      supervisor(supervisor).escalations.increment();
    }

    @Override
    public void treeFailed(String root) {
      treeFailures.increment();
      openEpisodes.clear();
    }

    @Override
    public void decisionDeferred(String child) {
      deferred.increment();
    }

    @Override
    public void dryRunDecision(String child) {
      dryRun.increment();
    }

    @Override
    public void decisionSuspended(String child) {
      suspended.increment();
    }

    @Override
    public void notRestarted(String child) {
      openEpisodes.remove(child);
    }
  }

  private static final class Supervisor {
    final String key;
    final LongAdder restarts = new LongAdder();
    final LongAdder escalations = new LongAdder();
    final LogLinearHistogram recovery = new LogLinearHistogram();

    Supervisor(String key) {
      this.key = key;
    }
  }

  private record ChildStates(long takenAt, Map<ChildState, Integer> counts) {}
}
