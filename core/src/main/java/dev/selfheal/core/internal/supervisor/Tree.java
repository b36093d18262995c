package dev.selfheal.core.internal.supervisor;

/*
 * Why this class is large (719 lines): it implements the whole public SupervisorTree surface (lifecycle, health,
 * snapshots, path resolution, child administration, overrides, mailbox depths); each part is a few lines
 * delegating to the supervisor it addresses, so it stays one class rather than a chain of forwarders. What is a
 * concern of its own lives beside it: PlanReadiness, StopHooks, Overrides, SnapshotPublisher.
 */

import dev.selfheal.core.BlastRadius;
import dev.selfheal.core.ChildCounts;
import dev.selfheal.core.ChildKind;
import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Diagnosis;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.FailureReport;
import dev.selfheal.core.HealingOverride;
import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.event.SupervisorJournalKind;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running tree: the root {@link SupervisorNode} plus the threads, journal and bus its supervisors share.
 *
 * <pre>{@code
 *   NEW ──start()──► RUNNING ──stop()──► STOPPED
 *    │                  │ root gives up, or a supervisor's loop cannot go on
 *    │ start fails      ▼
 *    └──────────────► FAILED ──stop()──► STOPPED   (failed() stays true)
 * }</pre>
 *
 * <p>Threads: {@code selfheal-supervisor-N} (mailbox drains, unless an actor executor is injected),
 * {@code selfheal-lifecycle-N} (service start and stop calls, and a recovery plan's {@code recover()}, so
 * they can be abandoned at their bound),
 * {@code selfheal-worker-<path>} (one per worker instance, from the injectable thread factory) and, unless
 * a scheduler is injected, {@code selfheal-timer-1}. All are daemons; the pools the tree created are shut
 * down by {@link #stop()}. A child abandoned past its shutdown bound may keep its own thread until the
 * code in it reacts to interruption: Java cannot kill a thread; the journal records the abandonment.
 *
 * <p>The root shutting itself down (auto_shutdown) stops its children and turns health DOWN, but is not a
 * failure: {@link #failed()} stays false and the root failure handler does not run.
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
  private final ExecutorService ownedActors;
  private final Executor actors;
  private final ThreadFactory workerThreads;
  private final ExecutorService lifecycle = Executors.newCachedThreadPool(new NamedThreadFactory("selfheal-lifecycle"));
  /**
   * The last failure this thread reported, for {@link #reportedHere}; rare, so a small record is fine. It names
   * its tree by {@link #serial}, not by reference: a mark left on a pool's thread must not keep a tree alive.
   */
  private static final ThreadLocal<Reported> REPORTED = new ThreadLocal<>();
  private static final AtomicLong SERIALS = new AtomicLong();
  private final long serial = SERIALS.incrementAndGet();

  private record Reported(long tree, String path, long generation) {}
  private final AtomicInteger phase = new AtomicInteger(NEW);
  private final Object publishLock = new Object();
  private final SupervisorNode root;
  private final Overrides overrides;
  private volatile String failure;
  private volatile String shutDown;
  private final HealthSource health = new TreeHealth();
  private final Diagnosis diagnosis;
  private final HealingLoad load;
  private final Map<String, HealthSource> dependencySources;

  /**
   * @param actorExecutor runs the supervisors' mailbox drains; null for a pool owned by the tree
   * @param workerThreads creates worker threads (the tree names them); null for plain daemon threads
   */
  public Tree(SupervisorSpec root, Ticker ticker, Scheduler scheduler, Journal journal, EventBus events,
      Consumer<String> onRootFailure, DoubleSupplier random, Duration stopTimeout, Executor actorExecutor,
      ThreadFactory workerThreads, Diagnosis diagnosis, BlastRadius blastRadius) {
    Objects.requireNonNull(root, "root");
    this.load = new HealingLoad(Objects.requireNonNull(blastRadius, "blastRadius"));
    this.diagnosis = Objects.requireNonNull(diagnosis, "diagnosis");
    this.dependencySources = DependencySources.of(root, diagnosis);
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.ownedScheduler = scheduler == null ? new ExecutorScheduler() : null;
    this.scheduler = scheduler == null ? ownedScheduler : scheduler;
    this.ownsJournal = journal == null;
    this.journal = journal == null ? Journal.inMemory() : journal;
    this.events = events == null ? new EventBus() : events;
    this.onRootFailure = Objects.requireNonNull(onRootFailure, "onRootFailure");
    this.random = Objects.requireNonNull(random, "random");
    this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
    this.ownedActors = actorExecutor == null
        ? Executors.newCachedThreadPool(new NamedThreadFactory("selfheal-supervisor")) : null;
    this.actors = actorExecutor == null ? ownedActors : actorExecutor;
    this.workerThreads = workerThreads == null ? Thread::new : workerThreads;
    this.overrides = new Overrides(root.name());
    this.root = new SupervisorNode(this, root.name(), root, null, this::rootExited);
    this.rootSpec = root;
    this.readiness = new PlanReadiness(this.root.path);
    this.stopHooks = new StopHooks(this.root.path);
  }

  private final SupervisorSpec rootSpec;

  /** Set once by the builder, right after construction and before the tree is handed out. */
  private volatile RuntimeContext context;

  /** Binds the context built from (or giving) this tree's parts; once. */
  public void bindContext(dev.selfheal.core.RuntimeContext context) {
    if (this.context != null) {
      throw new IllegalStateException("the tree's context is already bound");
    }
    this.context = Objects.requireNonNull(context, "context");
    // here, on the builder's thread: a tree that can go not ready shows the check from the start
    readiness.bind(context, PlanReadiness.declared(rootSpec));
  }

  @Override
  public dev.selfheal.core.RuntimeContext context() {
    return context;
  }

  private final StopHooks stopHooks;

  /**
   * Runs {@code hook} once the tree has stopped, at once if it already has: a supervised handle takes what
   * it added to the context out again (issue #7). A hook that throws is logged and does not stop the others.
   */
  public void whenStopped(Runnable hook) {
    stopHooks.add(hook);
  }


  // ------------------------------------------------------------------ shared runtime for nodes

  Executor actorExecutor() {
    return actors;
  }

  ExecutorService lifecycleExecutor() {
    return lifecycle;
  }

  ThreadFactory workerThreads() {
    return workerThreads;
  }

  /**
   * OTP's rules, decorated by diagnosis and the blast radius (which change nothing for children that declare
   * no dependency, in a tree with an unbounded blast radius).
   */
  HealingPolicy policy() {
    return BlastRadiusPolicy.INSTANCE; // blast radius ∘ plans ∘ diagnosis ∘ OTP
  }

  /** The tree-wide counts the blast radius and the health read (restarting, held, waiting restarts). */
  HealingLoad load() {
    return load;
  }

  BlastRadius blastRadius() {
    return load.bound();
  }

  Diagnosis diagnosis() {
    return diagnosis;
  }

  /**
   * The verdict of the dependency source of that name, or null if there is none: those known when the tree
   * was built first, then the tree's context as it is now, so a source that joins the context later (a
   * registry's breaker, a monitor's probe) is seen from then on, and one that left it is not.
   */
  HealthReport healthOf(String source) {
    HealthSource s = dependencySources.get(source);
    if (s == null) {
      s = DependencySources.find(context, source);
    }
    if (s == null) {
      return null;
    }
    try {
      HealthReport r = s.health();
      return r != null ? r : HealthReport.down("health() returned null");
    } catch (RuntimeException e) {
      return HealthReport.down("health() threw " + ExitReason.abnormal(e).message()); // as a monitor counts it
    }
  }

  // ------------------------------------------------------------------ readiness (NOT_READY plan steps)

  private final PlanReadiness readiness;

  /** A NOT_READY step holds the child at {@code path}: the tree's readiness source turns DOWN. */
  void notReady(String path, String why) {
    readiness.hold(path, why);
  }

  /** The child at {@code path} is no longer held (released, stopped, removed). */
  void ready(String path) {
    readiness.release(path);
  }

  Object publishLock() {
    return publishLock;
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
    if (root.state() == ChildState.STOPPED) {
      shutDown = reason.message(); // auto_shutdown: the root ended its own work, nothing failed
      return;
    }
    fail(reason.message(), "root supervisor gave up: liveness DOWN so that the orchestrator restarts the process");
  }

  /** A supervisor's mailbox cannot be drained any more (its executor refused or has no thread). */
  void loopFailed(String supervisor, Throwable t) {
    if (phase.get() == STOPPED) {
      return; // the pools are shut down on purpose
    }
    fail("supervisor '" + supervisor + "' cannot handle messages any more: " + ExitReason.abnormal(t).message(),
        "a supervisor's loop cannot go on: liveness DOWN so that the orchestrator restarts the process");
  }

  private synchronized void fail(String why, String decision) {
    if (failure != null) {
      return;
    }
    failure = why;
    LOG.error("supervisor={} reason={} context=root_failed: the tree cannot heal itself any more", root.path, why);
    journal.append(root.path, SupervisorJournalKind.TREE_FAILED, why, decision, Actor.automatic(), Duration.ZERO);
    events.publish(new SupervisorEvent.TreeFailed(root.path, why));
    // On its own thread: a handler that calls stop() (or anything that waits for the root) must not wait
    // for the very actor thread that is running it.
    Thread handler = new Thread(() -> {
      try {
        onRootFailure.accept(why);
      } catch (RuntimeException e) {
        LOG.warn("root failure handler threw; the tree is failed regardless", e);
      }
    }, "selfheal-root-failure");
    handler.setDaemon(true);
    try {
      handler.start();
    } catch (Throwable e) {
      LOG.error("could not start the root failure handler; the tree is failed and its health DOWN", e);
    }
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
        journal.append(root.path, SupervisorJournalKind.TREE_STOP, "", "stop did not finish within " + stopTimeout
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
    readiness.close();
    stopHooks.runAll(); // the children are stopped: their handles' health leaves the context
    if (ownedScheduler != null) {
      ownedScheduler.close();
    }
    if (ownedActors != null) {
      ownedActors.shutdownNow();
    }
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
    return failure != null;
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
      String why = failure;
      if (why != null) {
        return HealthReport.down("supervisor tree failed: " + why);
      }
      if (root.state() == ChildState.FAILED) {
        return HealthReport.down("root supervisor failed: reached max restart intensity");
      }
      if (root.state() == ChildState.RUNNING) {
        int h = load.held();
        return h == 0 ? HealthReport.up() : HealthReport.degraded(h + (h == 1 ? " child" : " children")
            + " held (a dependency down, or quarantined)");
      }
      String end = shutDown;
      return HealthReport.down(end != null ? "supervisor tree shut itself down: " + end
          : "supervisor tree is " + root.state());
    }

    @Override
    public boolean critical() {
      return true;
    }
  }

  // ------------------------------------------------------------------ snapshots (published, O(1))

  @Override
  public ChildSnapshot snapshot() {
    return root.published().view();
  }

  @Override
  public List<ChildSnapshot> whichChildren(String supervisorPath) {
    List<ChildSnapshot> out = new ArrayList<>(requireNode(supervisorPath).publishedChildren());
    Collections.reverse(out);
    return out;
  }

  @Override
  public ChildCounts countChildren(String supervisorPath) {
    SupervisorNode node = requireNode(supervisorPath);
    SupervisorNode.Published p = node.published();
    List<ChildSnapshot> kids = p.view().children();
    int active = 0;
    int supervisors = 0;
    for (int i = 0; i < kids.size(); i++) {
      Object instance = p.instances().get(i);
      boolean alive = instance != null && kids.get(i).state() == ChildState.RUNNING
          && (!(instance instanceof WorkerRun w) || w.alive()); // OTP counts only live processes
      active += alive ? 1 : 0;
      supervisors += kids.get(i).kind() == ChildKind.SUPERVISOR ? 1 : 0;
    }
    return new ChildCounts(kids.size(), active, supervisors, kids.size() - supervisors);
  }

  @Override
  public int mailboxDepth(String supervisorPath) {
    return requireNode(supervisorPath).mailboxDepth();
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
      SupervisorNode.Published p = node.published();
      int idx = indexOf(p, parts[i]);
      node = idx < 0 || !(p.instances().get(idx) instanceof SupervisorNode n) ? null : n;
    }
    return node;
  }

  private static int indexOf(SupervisorNode.Published p, String id) {
    List<ChildSnapshot> kids = p.view().children();
    for (int i = 0; i < kids.size(); i++) {
      if (kids.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private SupervisorNode requireNode(String supervisorPath) {
    SupervisorNode node = node(supervisorPath);
    if (node == null) {
      throw new IllegalArgumentException("no running supervisor at path '" + supervisorPath + "'");
    }
    return node;
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

  /** Posts operator command {@code op} on the child at {@code path} to its supervisor, as a signal. */
  private CompletableFuture<ChildOutcome> onChild(String path, Actor actor, Signal.Command.Op op) {
    Objects.requireNonNull(actor, "actor");
    ChildAddress a = address(path);
    if (a == null) {
      return CompletableFuture.completedFuture(ChildOutcome.NOT_FOUND);
    }
    Signal.Command cmd = new Signal.Command(a.id(), op, actor, "", null);
    return a.parent().ask(() -> a.parent().command(cmd));
  }

  @Override
  public CompletableFuture<ChildOutcome> startChild(String supervisorPath, ChildSpec spec, Actor actor) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(actor, "actor");
    java.util.Set<String> known = new java.util.LinkedHashSet<>(dependencySources.keySet());
    known.addAll(diagnosis.expectedHealthSources());
    DependencySources.checkChild(spec, supervisorPath, known, context);
    SupervisorNode node = node(supervisorPath);
    if (node == null) {
      return CompletableFuture.completedFuture(ChildOutcome.NOT_FOUND);
    }
    Signal.Command cmd = new Signal.Command(spec.id(), Signal.Command.Op.ADD, actor, "", spec);
    return node.ask(() -> node.command(cmd));
  }

  @Override
  public CompletableFuture<ChildOutcome> stopChild(String path, Actor actor) {
    return onChild(path, actor, Signal.Command.Op.STOP);
  }

  @Override
  public CompletableFuture<ChildOutcome> restartChild(String path, Actor actor) {
    return onChild(path, actor, Signal.Command.Op.START);
  }

  @Override
  public CompletableFuture<ChildOutcome> forceRestartChild(String path, Actor actor) {
    return onChild(path, actor, Signal.Command.Op.FORCE_RESTART);
  }

  @Override
  public CompletableFuture<ChildOutcome> releaseChild(String path, Actor actor) {
    Objects.requireNonNull(actor, "actor");
    ChildAddress a = address(path);
    if (a == null) {
      return CompletableFuture.completedFuture(ChildOutcome.NOT_FOUND);
    }
    return a.parent().ask(() -> a.parent().release(a.id(), actor));
  }

  @Override
  public CompletableFuture<ChildOutcome> deleteChild(String path, Actor actor) {
    return onChild(path, actor, Signal.Command.Op.DELETE);
  }

  @Override
  public Optional<SupervisorEvent.ChildStarted> currentInstance(String path) {
    ChildAddress a = address(path);
    if (a == null) {
      return Optional.empty();
    }
    SupervisorNode.Published p = a.parent().published();
    int idx = indexOf(p, a.id());
    if (idx < 0 || p.instances().get(idx) == null || p.view().children().get(idx).state() != ChildState.RUNNING) {
      return Optional.empty(); // starting, stopping or gone
    }
    Object instance = p.instances().get(idx);
    Object published = instance instanceof WorkerRun w ? w.worker() : instance;
    return Optional.of(new SupervisorEvent.ChildStarted(path, p.view().children().get(idx).generation(), published));
  }

  /**
   * What lets a thread handle what waits in the mailbox of the supervisor of the child at {@code path} now,
   * if no thread has begun to (see {@link Mailbox#help}): resolved once per instance, so that a failed call
   * through a handle pays two flag reads, not a path lookup. A no-op for an unknown path.
   *
   * @param path a child's path
   * @return the help, any thread
   */
  public Runnable helper(String path) {
    ChildAddress a = address(path);
    if (a == null) {
      return () -> { };
    }
    // weakly: the handle that keeps this (through its instance's slot) must not keep the tree alive
    WeakReference<SupervisorNode> parent = new WeakReference<>(a.parent());
    return () -> {
      SupervisorNode n = parent.get();
      if (n != null) {
        n.help();
      }
    };
  }

  @Override
  public void reportFailure(String path, long generation, FailureReport report) {
    Objects.requireNonNull(report, "report");
    ChildAddress a = address(path);
    if (a != null) {
      a.parent().signal(new Signal.FailureReported(a.id(), generation, report));
      REPORTED.set(new Reported(serial, path, generation));
    }
  }

  /**
   * Whether the last failure the calling thread reported (and did not ask about since) was of instance
   * {@code generation} at {@code path} of this tree: a call through a handle that failed after its own instance
   * was reported failed from inside it, whose thread then helps the supervisor heal it. Clears the mark.
   *
   * @param path a child's path
   * @param generation an instance's generation
   * @return whether this thread reported that instance failed
   */
  public boolean reportedHere(String path, long generation) {
    Reported r = REPORTED.get();
    if (r == null) {
      return false;
    }
    REPORTED.remove();
    return r.tree() == serial && r.generation() == generation && r.path().equals(path);
  }

  // ------------------------------------------------------------------ operator overrides

  /*
   * Each override command is a signal to the root, which owns the tree's overrides; the call returns once
   * the root has decided, announced and carried it out, so that paused(), dryRun() and overrides() already
   * show it. Validation happens here, on the caller's thread.
   */

  @Override
  public void pause(Actor actor, String reason, Duration expiresAfter) {
    decideAtRoot(new Signal.OverrideSet(Overrides.of(HealingOverride.Kind.PAUSE, root.path, actor, reason,
        expiresAfter, wallClock), expiresAfter));
  }

  @Override
  public void resume(Actor actor) {
    decideAtRoot(new Signal.OverrideLift(HealingOverride.Kind.PAUSE, root.path,
        Objects.requireNonNull(actor, "actor"), ""));
  }

  @Override
  public boolean paused() {
    return overrides.paused();
  }

  /**
   * Dry-run on: each supervisor decides against a shadow copy of its window, taken at its first decision
   * in this dry-run. Dry-run off: each supervisor re-decides, live, every child left FAILED by the
   * dry-run, so nothing stays dead silently; a live instance a report declared failed kept serving and is
   * not re-decided (its detector reports again if it is still failing).
   */
  @Override
  public void dryRun(boolean enabled, Actor actor, String reason, Duration expiresAfter) {
    if (enabled) {
      decideAtRoot(new Signal.OverrideSet(Overrides.of(HealingOverride.Kind.DRY_RUN, root.path, actor, reason,
          expiresAfter, wallClock), expiresAfter));
    } else {
      decideAtRoot(new Signal.OverrideLift(HealingOverride.Kind.DRY_RUN, root.path,
          Objects.requireNonNull(actor, "actor"), reason == null ? "" : reason));
    }
  }

  @Override
  public boolean dryRun() {
    return overrides.dryRun();
  }

  @Override
  public void suspend(String path, Actor actor, String reason, Duration expiresAfter) {
    Objects.requireNonNull(path, "path");
    if (!path.equals(root.path) && !exists(path)) {
      throw new IllegalArgumentException("path: no child at '" + path + "'");
    }
    decideAtRoot(new Signal.OverrideSet(Overrides.of(HealingOverride.Kind.SUSPEND, path, actor, reason,
        expiresAfter, wallClock), expiresAfter));
  }

  @Override
  public void liftSuspension(String path, Actor actor) {
    decideAtRoot(new Signal.OverrideLift(HealingOverride.Kind.SUSPEND, Objects.requireNonNull(path, "path"),
        Objects.requireNonNull(actor, "actor"), ""));
  }

  /**
   * Posts {@code s} to the root and waits until it is decided. From inside a message of one of this tree's
   * supervisors (a listener they call) it does not wait: the root may be that supervisor, or be waiting for
   * it (starting or stopping a nested supervisor); it is decided by the root as soon as it can.
   */
  private void decideAtRoot(Signal s) {
    CompletableFuture<Void> f = root.ask(() -> {
      root.handle(s);
      return null;
    });
    if (Mailbox.drainingFor(this)) {
      return;
    }
    try {
      f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  @Override
  public List<HealingOverride> overrides() {
    return overrides.all();
  }

  private boolean exists(String path) {
    ChildAddress a = address(path);
    return a != null && indexOf(a.parent().published(), a.id()) >= 0;
  }

  Overrides overridesInForce() {
    return overrides;
  }

  /**
   * The overrides on {@code path} changed: the nodes that show it republish; when one lifted, every
   * supervisor decides again the FAILED children no override holds any more.
   */
  void overridesChanged(String path, boolean lifted) {
    forEachNode(root, n -> n.post(() -> {
      n.overridesChanged(path);
      if (lifted) {
        n.reevaluateFailed();
      }
    }));
  }

  private void forEachNode(SupervisorNode node, Consumer<SupervisorNode> action) {
    action.accept(node);
    SupervisorNode.Published p = node.published();
    for (int i = 0; i < p.instances().size(); i++) {
      if (p.instances().get(i) instanceof SupervisorNode nested) {
        forEachNode(nested, action);
      }
    }
  }

  /** Bumped each time dry-run is turned on, so each supervisor takes a fresh shadow of its window. */
  long dryRunEpoch() {
    return overrides.dryRunEpoch();
  }
}
