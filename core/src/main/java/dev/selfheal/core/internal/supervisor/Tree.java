package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildCounts;
import dev.selfheal.core.ChildKind;
import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.FailureReport;
import dev.selfheal.core.RestartType;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running tree: the root {@link SupervisorNode} plus the threads, journal and bus its supervisors share.
 *
 * <pre>{@code
 *   NEW ──start()──► RUNNING ──stop()──► STOPPED
 *    │                  │ root gives up
 *    │ start fails      ▼
 *    └──────────────► FAILED ──stop()──► STOPPED   (failed() stays true)
 * }</pre>
 *
 * <p>Threads: {@code selfheal-supervisor-N} (mailbox drains), {@code selfheal-lifecycle-N} (service start
 * and stop calls, so they can be abandoned at their bound), {@code selfheal-worker-<path>} (one per
 * worker instance) and, unless a scheduler is injected, {@code selfheal-timer-1}. All are daemons; all pools
 * are shut down by {@link #stop()}. A child abandoned past its shutdown bound may keep its own thread
 * until the code in it reacts to interruption: Java cannot kill a thread; the journal records the
 * abandonment.
 */
public final class Tree implements SupervisorTree {
  private static final Logger LOG = LoggerFactory.getLogger(Tree.class);

  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int STOPPED = 2;

  private final Ticker ticker;
  private final Scheduler scheduler;
  private final ExecutorScheduler ownedScheduler;
  private final Journal journal;
  private final boolean ownsJournal;
  private final EventBus events;
  private final Consumer<String> onRootFailure;
  private final DoubleSupplier random;
  private final Duration stopTimeout;
  private final Clock wallClock = Clock.systemUTC();
  private final ExecutorService actors = Executors.newCachedThreadPool(new NamedThreadFactory("selfheal-supervisor"));
  private final ExecutorService lifecycle = Executors.newCachedThreadPool(new NamedThreadFactory("selfheal-lifecycle"));
  private final AtomicInteger phase = new AtomicInteger(NEW);
  private final SupervisorNode root;
  private volatile boolean paused;
  private volatile boolean dryRun;
  private volatile String failure;
  private final HealthSource health = new TreeHealth();

  public Tree(SupervisorSpec root, Ticker ticker, Scheduler scheduler, Journal journal, EventBus events,
      Consumer<String> onRootFailure, DoubleSupplier random, Duration stopTimeout) {
    Objects.requireNonNull(root, "root");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.ownedScheduler = scheduler == null ? new ExecutorScheduler() : null;
    this.scheduler = scheduler == null ? ownedScheduler : scheduler;
    this.ownsJournal = journal == null;
    this.journal = journal == null ? Journal.inMemory() : journal;
    this.events = events == null ? new EventBus() : events;
    this.onRootFailure = Objects.requireNonNull(onRootFailure, "onRootFailure");
    this.random = Objects.requireNonNull(random, "random");
    this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
    this.root = new SupervisorNode(this, root.name(), root, this::rootExited);
  }

  // ------------------------------------------------------------------ shared runtime for nodes

  ExecutorService actorExecutor() {
    return actors;
  }

  ExecutorService lifecycleExecutor() {
    return lifecycle;
  }

  Clock wallClock() {
    return wallClock;
  }

  double random() {
    return random.getAsDouble();
  }

  @Override
  public Ticker ticker() {
    return ticker;
  }

  @Override
  public Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public Journal journal() {
    return journal;
  }

  @Override
  public EventBus events() {
    return events;
  }

  private void rootExited(ExitReason reason) {
    failure = reason.message();
    LOG.error("supervisor={} reason={} context=root_failed: the tree cannot heal itself any more", root.path,
        reason.message());
    journal.append(root.path, "tree.failed", reason.message(),
        "root supervisor gave up: liveness DOWN so that the orchestrator restarts the process", Actor.automatic(),
        Duration.ZERO);
    events.publish(new SupervisorEvent.TreeFailed(root.path, reason.message()));
    // On its own thread: a handler that calls stop() (or anything that waits for the root) must not wait
    // for the very actor thread that is running it.
    Thread handler = new Thread(() -> {
      try {
        onRootFailure.accept(reason.message());
      } catch (RuntimeException e) {
        LOG.warn("root failure handler threw; the tree is failed regardless", e);
      }
    }, "selfheal-root-failure");
    handler.setDaemon(true);
    handler.start();
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public void start() {
    if (!phase.compareAndSet(NEW, RUNNING)) {
      throw new IllegalStateException("tree '" + root.path + "' was already started");
    }
    CompletableFuture<Void> f = root.ask(() -> {
      root.init();
      return null;
    });
    try {
      f.get();
    } catch (ExecutionException e) {
      failure = e.getCause().getMessage();
      shutdownThreads();
      phase.set(STOPPED);
      if (e.getCause() instanceof ChildStartException cse) {
        throw cse;
      }
      throw new ChildStartException(root.path, e.getCause().toString(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw new IllegalStateException("interrupted while starting tree '" + root.path + "'", e);
    }
  }

  @Override
  public void stop() {
    int was = phase.getAndSet(STOPPED);
    if (was == STOPPED) {
      return;
    }
    if (was == RUNNING) {
      CompletableFuture<Void> f = root.ask(() -> {
        root.terminate("shutdown: tree stopping");
        return null;
      });
      try {
        f.get(stopTimeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        journal.append(root.path, "tree.stop", "", "stop did not finish within " + stopTimeout
            + "; remaining children abandoned", Actor.automatic(), stopTimeout);
      } catch (ExecutionException e) {
        LOG.warn("error while stopping tree {}", root.path, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    shutdownThreads();
  }

  private void shutdownThreads() {
    if (ownedScheduler != null) {
      ownedScheduler.close();
    }
    actors.shutdownNow();
    lifecycle.shutdownNow();
    if (ownsJournal) {
      journal.close();
    }
  }

  @Override
  public String rootPath() {
    return root.path;
  }

  @Override
  public boolean failed() {
    return failure != null && root.state() == ChildState.FAILED;
  }

  @Override
  public HealthSource health() {
    return health;
  }

  private final class TreeHealth implements HealthSource {
    @Override
    public String name() {
      return "supervisor:" + root.path;
    }

    @Override
    public HealthReport health() {
      if (root.state() == ChildState.FAILED) {
        String why = failure;
        return HealthReport.down("root supervisor failed: " + (why != null ? why : "reached max restart intensity"));
      }
      if (root.state() == ChildState.RUNNING) {
        return HealthReport.up();
      }
      return HealthReport.down("supervisor tree is " + root.state());
    }

    @Override
    public boolean critical() {
      return true;
    }
  }

  // ------------------------------------------------------------------ snapshots

  @Override
  public ChildSnapshot snapshot() {
    return snapshotOf(root, RestartType.PERMANENT, root.state(), 1, 0, null, null);
  }

  private ChildSnapshot snapshotOf(SupervisorNode node, RestartType type, ChildState state, long generation,
      long restarts, String lastFailure, Instant lastFailureTime) {
    List<ChildSnapshot> kids = new ArrayList<>();
    for (ChildRecord c : node.view()) {
      kids.add(snapshotOf(node, c));
    }
    String id = node.path.substring(node.path.lastIndexOf('/') + 1);
    return new ChildSnapshot(node.path, id, ChildKind.SUPERVISOR, type, state, generation, restarts,
        node.restartsInWindow(), lastFailure, lastFailureTime, node.spec.strategy(), kids);
  }

  private ChildSnapshot snapshotOf(SupervisorNode parent, ChildRecord c) {
    SupervisorNode nested = c.nested();
    if (nested != null) {
      return snapshotOf(nested, c.spec.restartType(), c.state(), c.generation, c.restarts, c.lastFailure,
          c.lastFailureTime);
    }
    String path = parent.path + "/" + c.id();
    return new ChildSnapshot(path, c.id(), c.spec.kind(), c.spec.restartType(), c.state(), c.generation, c.restarts,
        0, c.lastFailure, c.lastFailureTime, c.spec.kind() == ChildKind.SUPERVISOR ? c.spec.supervisorSpec().strategy() : null,
        List.of());
  }

  @Override
  public List<ChildSnapshot> whichChildren(String supervisorPath) {
    SupervisorNode node = requireNode(supervisorPath);
    List<ChildSnapshot> out = new ArrayList<>();
    for (ChildRecord c : node.view()) {
      out.add(snapshotOf(node, c));
    }
    Collections.reverse(out);
    return out;
  }

  @Override
  public ChildCounts countChildren(String supervisorPath) {
    SupervisorNode node = requireNode(supervisorPath);
    int specs = 0;
    int active = 0;
    int supervisors = 0;
    int workers = 0;
    for (ChildRecord c : node.view()) {
      specs++;
      if (c.instance != null && c.state() == ChildState.RUNNING) {
        active++;
      }
      if (c.spec.kind() == ChildKind.SUPERVISOR) {
        supervisors++;
      } else {
        workers++;
      }
    }
    return new ChildCounts(specs, active, supervisors, workers);
  }

  // ------------------------------------------------------------------ path resolution

  /** The running supervisor at {@code path}, or null. */
  private SupervisorNode node(String path) {
    Objects.requireNonNull(path, "path");
    String[] parts = path.split("/");
    if (parts.length == 0 || !parts[0].equals(root.path)) {
      return null;
    }
    SupervisorNode node = root;
    for (int i = 1; i < parts.length && node != null; i++) {
      SupervisorNode next = null;
      for (ChildRecord c : node.view()) {
        if (c.id().equals(parts[i])) {
          next = c.nested();
          break;
        }
      }
      node = next;
    }
    return node;
  }

  private SupervisorNode requireNode(String supervisorPath) {
    SupervisorNode node = node(supervisorPath);
    if (node == null) {
      throw new IllegalArgumentException("no running supervisor at path '" + supervisorPath + "'");
    }
    return node;
  }

  private interface ChildOp {
    ChildOutcome apply(SupervisorNode node, String id);
  }

  /** A child path split into its running parent supervisor and its id. */
  private record ChildAddress(SupervisorNode parent, String id) {}

  /** Where {@code path} points, or null when its parent supervisor is not running. */
  private ChildAddress address(String path) {
    Objects.requireNonNull(path, "path");
    int slash = path.lastIndexOf('/');
    SupervisorNode parent = slash < 0 ? null : node(path.substring(0, slash));
    return parent == null ? null : new ChildAddress(parent, path.substring(slash + 1));
  }

  private CompletableFuture<ChildOutcome> onChild(String path, ChildOp op) {
    ChildAddress a = address(path);
    if (a == null) {
      return CompletableFuture.completedFuture(ChildOutcome.NOT_FOUND);
    }
    return a.parent().ask(() -> op.apply(a.parent(), a.id()));
  }

  @Override
  public CompletableFuture<ChildOutcome> startChild(String supervisorPath, ChildSpec spec, Actor actor) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(actor, "actor");
    SupervisorNode node = node(supervisorPath);
    if (node == null) {
      return CompletableFuture.completedFuture(ChildOutcome.NOT_FOUND);
    }
    return node.ask(() -> node.addChild(spec, actor));
  }

  @Override
  public CompletableFuture<ChildOutcome> stopChild(String path, Actor actor) {
    Objects.requireNonNull(actor, "actor");
    return onChild(path, (n, id) -> n.terminateChild(id, actor));
  }

  @Override
  public CompletableFuture<ChildOutcome> startStoppedChild(String path, Actor actor) {
    Objects.requireNonNull(actor, "actor");
    return onChild(path, (n, id) -> n.restartStopped(id, actor));
  }

  @Override
  public CompletableFuture<ChildOutcome> restartChild(String path, Actor actor) {
    Objects.requireNonNull(actor, "actor");
    return onChild(path, (n, id) -> n.forceRestart(id, actor));
  }

  @Override
  public CompletableFuture<ChildOutcome> deleteChild(String path, Actor actor) {
    Objects.requireNonNull(actor, "actor");
    return onChild(path, (n, id) -> n.deleteChild(id, actor));
  }

  @Override
  public Optional<SupervisorEvent.ChildStarted> currentInstance(String path) {
    ChildAddress a = address(path);
    if (a == null) {
      return Optional.empty();
    }
    for (ChildRecord c : a.parent().view()) {
      if (c.id().equals(a.id())) {
        Object instance = c.instance;
        long generation = c.generation;
        if (instance == null || c.state() != ChildState.RUNNING || c.instance != instance) {
          return Optional.empty(); // starting, stopping or replaced while we looked
        }
        Object published = instance instanceof WorkerRun w ? w.worker() : instance;
        return Optional.of(new SupervisorEvent.ChildStarted(path, generation, published));
      }
    }
    return Optional.empty();
  }

  @Override
  public void reportFailure(String path, long generation, FailureReport report) {
    Objects.requireNonNull(report, "report");
    ChildAddress a = address(path);
    if (a != null) {
      ExitReason reason = ExitReason.abnormal(report.reason());
      a.parent().post(() -> a.parent().onChildExit(a.id(), generation, reason));
    }
  }

  // ------------------------------------------------------------------ operator control

  @Override
  public void pause(Actor actor) {
    Objects.requireNonNull(actor, "actor");
    paused = true;
    journal.append(root.path, "operator.pause", "", "automatic healing paused; failures are recorded, decisions wait",
        actor, Duration.ZERO);
  }

  @Override
  public void resume(Actor actor) {
    Objects.requireNonNull(actor, "actor");
    paused = false;
    journal.append(root.path, "operator.resume", "", "automatic healing resumed; deferred failures are decided now",
        actor, Duration.ZERO);
    forEachNode(root, n -> n.post(n::resumeHealing));
  }

  private void forEachNode(SupervisorNode node, Consumer<SupervisorNode> action) {
    action.accept(node);
    for (ChildRecord c : node.view()) {
      SupervisorNode nested = c.nested();
      if (nested != null) {
        forEachNode(nested, action);
      }
    }
  }

  @Override
  public boolean paused() {
    return paused;
  }

  @Override
  public void dryRun(boolean enabled, Actor actor) {
    Objects.requireNonNull(actor, "actor");
    dryRun = enabled;
    journal.append(root.path, "operator.dry-run", "", enabled
        ? "dry-run on: decisions are journaled as 'would ...' and not carried out"
        : "dry-run off: decisions are carried out", actor, Duration.ZERO);
  }

  @Override
  public boolean dryRun() {
    return dryRun;
  }
}
