package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.RestartStrategy;
import dev.selfheal.core.RestartType;
import dev.selfheal.core.Shutdown;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.Worker;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.SupervisorEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervisor of the tree: an actor that owns its children and takes every decision about them.
 *
 * <p><b>Purpose.</b> Implements OTP's supervisor rules: children start in declaration order and stop in
 * reverse; an exit is classified by the child's {@link RestartType}; a restart is recorded in the
 * {@link RestartWindow} <em>before</em> it is attempted and, when the window exceeds the intensity, the
 * supervisor stops all its children in reverse order and exits with {@code shutdown} (escalation to its
 * parent, or to the tree's root handler). ONE_FOR_ALL and REST_FOR_ONE stop the bystanders in reverse
 * order and restart the group in order; TEMPORARY bystanders are removed, not restarted, and not counted.
 * A restart that fails to start is retried through the mailbox (OTP's {@code try_again_restart}), each
 * retry counted, so the supervisor stays responsive and stoppable.
 *
 * <pre>{@code
 *            init ok                 intensity exceeded          parent stops it
 *   STARTING ───────► RUNNING ──────────────────────► FAILED     RUNNING ──► STOPPING ──► STOPPED
 *       │ child start fails                (children stopped,
 *       └──────────► STOPPED                parent told: shutdown)
 * }</pre>
 *
 * <p><b>Concurrency.</b> Every operation is a message in a JCTools MPSC mailbox; at most one task drains
 * it at a time (the {@code scheduled} flag), so the decision logic below is single-threaded and takes no
 * lock. Lifecycle calls block the actor for at most their bound (start timeout, shutdown bound), exactly
 * as an OTP supervisor is busy while it starts or terminates a child; service calls run on lifecycle
 * threads so that a hung {@code start()} or {@code stop()} is abandoned at its bound. Readers on other
 * threads see children through the volatile {@link #view} (a copy published after each change) and the
 * children's volatile fields.
 *
 * <p><b>Callers must</b> only touch the actor-owned fields from inside a message.
 */
final class SupervisorNode {
  private static final Logger LOG = LoggerFactory.getLogger(SupervisorNode.class);

  final Tree tree;
  final String path;
  final SupervisorSpec spec;
  private final ExitListener parent;
  private final RestartWindow window;
  /** Children in start order, keyed by insertion sequence: O(log n) changes, safe weakly-consistent reads. */
  private final ConcurrentSkipListMap<Long, ChildRecord> children = new ConcurrentSkipListMap<>();
  /** Actor-owned index by id. */
  private final Map<String, ChildRecord> byId = new HashMap<>();
  private long nextOrder;
  private final MpscUnboundedXaddArrayQueue<Runnable> mailbox = new MpscUnboundedXaddArrayQueue<>(64);
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile ChildState state = ChildState.STARTING;
  /** Failures recorded while healing was paused, decided on resume. Actor-owned. */
  private final List<Deferred> deferred = new ArrayList<>();

  /** Receives this supervisor's own exit (escalation). */
  interface ExitListener {
    void exited(ExitReason reason);
  }

  private record Deferred(String id, long generation, ExitReason reason) {}

  SupervisorNode(Tree tree, String path, SupervisorSpec spec, ExitListener parent) {
    this.tree = tree;
    this.path = path;
    this.spec = spec;
    this.parent = parent;
    this.window = new RestartWindow(spec.intensity().maxRestarts(), spec.intensity().period().toNanos());
    for (ChildSpec c : spec.children()) {
      insert(new ChildRecord(c));
    }
  }

  /** The children in start order, readable from any thread (weakly consistent). */
  Collection<ChildRecord> view() {
    return children.values();
  }

  private void insert(ChildRecord c) {
    c.order = nextOrder++;
    children.put(c.order, c);
    byId.put(c.id(), c);
  }

  ChildState state() {
    return state;
  }

  int restartsInWindow() {
    return window.count(tree.ticker().read());
  }

  // ------------------------------------------------------------------ actor plumbing

  void post(Runnable message) {
    mailbox.offer(message);
    if (scheduled.compareAndSet(false, true)) {
      tree.actorExecutor().execute(this::drain);
    }
  }

  /** Posts {@code body} and returns a future completed with its result once the actor has run it. */
  <T> CompletableFuture<T> ask(Supplier<T> body) {
    CompletableFuture<T> f = new CompletableFuture<>();
    post(() -> {
      try {
        f.complete(body.get());
      } catch (Throwable t) {
        f.completeExceptionally(t);
        if (t instanceof VirtualMachineError e) {
          throw e;
        }
      }
    });
    return f;
  }

  private void drain() {
    while (true) {
      Runnable m;
      while ((m = mailbox.poll()) != null) {
        try {
          m.run();
        } catch (RuntimeException | Error e) {
          if (e instanceof VirtualMachineError) {
            throw e;
          }
          // A bug of ours or a throwing listener: contained, logged and journaled; the actor lives on.
          LOG.error("supervisor={} internal error while handling a message", path, e);
          tree.journal().append(path, "supervisor.internal-error", ExitReason.abnormal(e).message(),
              "message dropped; supervisor continues", Actor.automatic(), Duration.ZERO);
        }
      }
      scheduled.set(false);
      if (mailbox.isEmpty() || !scheduled.compareAndSet(false, true)) {
        return;
      }
    }
  }

  private ChildRecord find(String id) {
    return byId.get(id);
  }

  private String childPath(ChildRecord c) {
    return path + "/" + c.id();
  }

  private boolean alive() {
    return state == ChildState.RUNNING;
  }

  // ------------------------------------------------------------------ init and stop (whole supervisor)

  /** Starts the children in order; on a failure stops the started ones in reverse and throws. Actor only. */
  void init() {
    List<ChildRecord> ordered = new ArrayList<>(children.values());
    for (int i = 0; i < ordered.size(); i++) {
      ChildRecord c = ordered.get(i);
      try {
        startChild(c);
      } catch (ChildStartException e) {
        for (int j = i - 1; j >= 0; j--) {
          stopChild(ordered.get(j), "shutdown: sibling '" + c.id() + "' failed to start");
        }
        state = ChildState.STOPPED;
        tree.journal().append(path, "supervisor.start-failed", e.getMessage(),
            "stopped started children in reverse order; supervisor not started", Actor.automatic(), Duration.ZERO);
        throw e;
      }
    }
    state = ChildState.RUNNING;
  }

  /** Stops every child in reverse order and ends the supervisor. Idempotent. Actor only. */
  void terminate(String why) {
    if (state == ChildState.STOPPED || state == ChildState.FAILED) {
      return;
    }
    state = ChildState.STOPPING;
    stopAll(why);
    deferred.clear();
    state = ChildState.STOPPED;
  }

  private void stopAll(String why) {
    for (ChildRecord c : new ArrayList<>(children.descendingMap().values())) {
      c.restartToken++; // cancels a pending (backoff) restart
      if (c.instance != null) {
        stopChild(c, why);
      } else if (c.state() == ChildState.RESTARTING || c.state() == ChildState.FAILED) {
        c.setState(ChildState.STOPPED);
      }
    }
  }

  // ------------------------------------------------------------------ starting and stopping one child

  /** Creates a fresh instance and starts it. Actor only. */
  private void startChild(ChildRecord c) {
    long gen = c.generation + 1;
    c.generation = gen;
    String childPath = childPath(c);
    Context ctx = new Context(this, c.id(), childPath, gen);
    c.setState(ChildState.STARTING);
    ChildSpec s = c.spec;
    Object instance;
    try {
      instance = switch (s.kind()) {
        case SERVICE -> startService(c, ctx);
        case WORKER -> startWorker(c, ctx);
        case SUPERVISOR -> startNested(c, childPath);
      };
    } catch (ChildStartException e) {
      c.setState(ChildState.STOPPED);
      c.lastFailure = e.getMessage();
      c.lastFailureTime = tree.wallClock().instant();
      throw e;
    }
    c.context = ctx;
    c.instance = instance;
    c.startedAtNanos = tree.ticker().read();
    c.setState(ChildState.RUNNING);
    Object published = instance instanceof WorkerRun w ? w.worker() : instance;
    tree.events().publish(new SupervisorEvent.ChildStarted(childPath, gen, published));
  }

  private Object startService(ChildRecord c, Context ctx) {
    Future<Component> f = tree.lifecycleExecutor().submit(() -> {
      Component comp = (Component) c.spec.factory().apply(ctx);
      if (comp == null) {
        throw new IllegalStateException("factory returned null");
      }
      comp.start();
      return comp;
    });
    Duration limit = c.spec.startTimeout();
    try {
      return limit == null ? f.get() : f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new ChildStartException(ctx.path(), "start() did not complete within " + limit
          + "; interrupted and abandoned", null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new ChildStartException(ctx.path(), ExitReason.abnormal(cause).message(), cause);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new ChildStartException(ctx.path(), "supervisor interrupted while starting", e);
    }
  }

  private Object startWorker(ChildRecord c, Context ctx) {
    Worker w;
    try {
      w = (Worker) c.spec.factory().apply(ctx);
    } catch (RuntimeException e) {
      throw new ChildStartException(ctx.path(), "factory threw " + ExitReason.abnormal(e).message(), e);
    }
    if (w == null) {
      throw new ChildStartException(ctx.path(), "factory returned null", null);
    }
    WorkerRun run = new WorkerRun(this, c.id(), w, ctx);
    run.thread.start();
    return run;
  }

  private Object startNested(ChildRecord c, String childPath) {
    long gen = c.generation;
    SupervisorNode nested = new SupervisorNode(tree, childPath, c.spec.supervisorSpec(),
        reason -> post(() -> onChildExit(c.id(), gen, reason)));
    CompletableFuture<Void> f = nested.ask(() -> {
      nested.init();
      return null;
    });
    try {
      f.get();
      return nested;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ChildStartException cse) {
        throw new ChildStartException(childPath, cse.getMessage(), cse);
      }
      throw new ChildStartException(childPath, ExitReason.abnormal(cause).message(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChildStartException(childPath, "supervisor interrupted while starting", e);
    }
  }

  /**
   * Stops the running instance of {@code c} within its shutdown bound and leaves it STOPPED. Past the
   * bound the instance is interrupted and abandoned ("killed"). Actor only.
   */
  private void stopChild(ChildRecord c, String why) {
    Object instance = c.instance;
    Context ctx = c.context;
    if (instance == null) {
      c.setState(ChildState.STOPPED);
      return;
    }
    c.setState(ChildState.STOPPING);
    if (ctx != null) {
      ctx.requestStop();
    }
    long t0 = tree.ticker().read();
    Shutdown shutdown = c.spec.shutdown();
    String outcome;
    if (instance instanceof Component comp) {
      outcome = stopService(comp, shutdown);
    } else if (instance instanceof WorkerRun run) {
      outcome = stopWorker(run, shutdown);
    } else {
      outcome = stopNested((SupervisorNode) instance, shutdown);
    }
    Duration took = Duration.ofNanos(Math.max(0, tree.ticker().read() - t0));
    c.instance = null;
    c.context = null;
    c.setState(ChildState.STOPPED);
    String childPath = childPath(c);
    if (!outcome.equals("shutdown")) {
      LOG.warn("supervisor={} child={} reason={} context=shutdown_error outcome={}", path, childPath, why, outcome);
      tree.journal().append(childPath, "child.stop", why, outcome, Actor.automatic(), took);
    }
    tree.events().publish(new SupervisorEvent.ChildStopped(childPath, c.generation,
        outcome.startsWith("killed") ? "killed" : "shutdown", took));
  }

  private String stopService(Component comp, Shutdown shutdown) {
    if (shutdown.isBrutalKill()) {
      return "killed: brutal_kill, stop() not called; instance abandoned";
    }
    Future<?> f = tree.lifecycleExecutor().submit(() -> {
      comp.stop();
      return null;
    });
    try {
      if (shutdown.isInfinity()) {
        f.get();
      } else {
        f.get(shutdown.timeout().toNanos(), TimeUnit.NANOSECONDS);
      }
      return "shutdown";
    } catch (TimeoutException e) {
      f.cancel(true);
      return "killed: stop() did not return within " + shutdown + "; interrupted and abandoned";
    } catch (ExecutionException e) {
      return "shutdown with error: stop() threw " + ExitReason.abnormal(e.getCause()).message();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      return "killed: supervisor interrupted while stopping";
    } catch (CancellationException e) {
      return "killed: stop() cancelled";
    }
  }

  private String stopWorker(WorkerRun run, Shutdown shutdown) {
    Thread t = run.thread;
    if (t == Thread.currentThread() || !t.isAlive()) {
      return "shutdown";
    }
    try {
      if (shutdown.isBrutalKill()) {
        t.interrupt();
        return "killed: brutal_kill, interrupted";
      }
      if (shutdown.isInfinity()) {
        t.join();
        return "shutdown";
      }
      t.join(Math.max(1, shutdown.timeout().toMillis()));
      if (!t.isAlive()) {
        return "shutdown";
      }
      t.interrupt();
      return "killed: did not stop within " + shutdown + "; interrupted and abandoned";
    } catch (InterruptedException e) {
      t.interrupt();
      Thread.currentThread().interrupt();
      return "killed: supervisor interrupted while stopping";
    }
  }

  private String stopNested(SupervisorNode nested, Shutdown shutdown) {
    CompletableFuture<Void> f = nested.ask(() -> {
      nested.terminate("shutdown: parent stopping it");
      return null;
    });
    try {
      if (shutdown.isInfinity()) {
        f.get();
      } else if (shutdown.isBrutalKill()) {
        return "killed: brutal_kill of a supervisor; its children are stopped in the background";
      } else {
        f.get(shutdown.timeout().toNanos(), TimeUnit.NANOSECONDS);
      }
      return "shutdown";
    } catch (TimeoutException e) {
      return "killed: subtree did not stop within " + shutdown + "; abandoned";
    } catch (ExecutionException e) {
      return "shutdown with error: " + ExitReason.abnormal(e.getCause()).message();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "killed: supervisor interrupted while stopping";
    }
  }

  // ------------------------------------------------------------------ exits and decisions

  /** A child instance ended (or was declared failed). Stale generations are ignored. Actor only. */
  void onChildExit(String id, long generation, ExitReason reason) {
    ChildRecord c = find(id);
    if (c == null || c.generation != generation || c.state() != ChildState.RUNNING || !alive()) {
      return;
    }
    String childPath = childPath(c);
    // The instance may still be alive (a probe verdict, ctx.fail()): release it before deciding.
    stopChild(c, "exited: " + reason.message());
    if (reason.isAbnormal()) {
      c.lastFailure = reason.message();
      c.lastFailureTime = tree.wallClock().instant();
    }
    LOG.info("supervisor={} child={} reason={} context=child_exit", path, childPath, reason.message());
    tree.events().publish(new SupervisorEvent.ChildExited(childPath, generation, reason));
    if (tree.paused()) {
      deferred.add(new Deferred(id, generation, reason));
      tree.journal().append(childPath, "child.exit", reason.message(),
          "healing paused: decision deferred until resume", Actor.automatic(), Duration.ZERO);
      c.setState(ChildState.FAILED);
      return;
    }
    decide(c, reason);
  }

  /** Handles the failures recorded while paused. Actor only. */
  void resumeHealing() {
    List<Deferred> pending = new ArrayList<>(deferred);
    deferred.clear();
    for (Deferred d : pending) {
      ChildRecord c = find(d.id());
      if (c != null && c.generation == d.generation() && c.state() == ChildState.FAILED && alive()) {
        decide(c, d.reason());
      }
    }
  }

  private void decide(ChildRecord c, ExitReason reason) {
    String childPath = childPath(c);
    RestartType type = c.spec.restartType();
    if (!type.restartsAfter(reason)) {
      // Journal first: whoever observes the new state can already read the record that explains it.
      if (type == RestartType.TEMPORARY) {
        tree.journal().append(childPath, "child.exit", reason.message(), "not restarted: temporary child removed",
            Actor.automatic(), Duration.ZERO);
        removeChild(c);
      } else {
        tree.journal().append(childPath, "child.exit", reason.message(),
            "not restarted: transient child ended with " + reason.kind().name().toLowerCase(), Actor.automatic(),
            Duration.ZERO);
        c.setState(ChildState.STOPPED);
      }
      return;
    }
    long now = tree.ticker().read();
    if (tree.dryRun()) {
      String decision = window.wouldExceed(now)
          ? "would escalate (dry-run): restart intensity " + spec.intensity() + " would be exceeded"
          : "would restart " + describeGroup(c) + " (dry-run)";
      tree.journal().append(childPath, "child.restart", reason.message(), decision, Actor.automatic(), Duration.ZERO);
      c.setState(ChildState.FAILED);
      return;
    }
    if (window.record(now)) {
      escalate(c, reason);
      return;
    }
    if (c.startedAtNanos != 0 && !c.spec.backoff().isNone()
        && now - c.startedAtNanos >= c.spec.backoff().resetAfter().toNanos()) {
      c.consecutiveFailures = 0;
    }
    c.consecutiveFailures++;
    restartGroup(c, reason.message(), "restart");
  }

  private String describeGroup(ChildRecord c) {
    return switch (spec.strategy()) {
      case ONE_FOR_ONE -> "'" + c.id() + "'";
      case ONE_FOR_ALL -> "all children (one_for_all, after '" + c.id() + "')";
      case REST_FOR_ONE -> "'" + c.id() + "' and the children after it (rest_for_one)";
    };
  }

  /**
   * Restart decided and counted: stop the bystanders now (reverse order), then start the group after the
   * failed child's backoff delay. Actor only.
   */
  private void restartGroup(ChildRecord trigger, String cause, String verb) {
    List<ChildRecord> group = group(trigger);
    // Bystanders stop in reverse order; TEMPORARY ones are removed, not restarted (and never counted).
    for (int i = group.size() - 1; i >= 0; i--) {
      ChildRecord b = group.get(i);
      if (b != trigger && b.instance != null) {
        stopChild(b, "shutdown: restarting with sibling '" + trigger.id() + "' (" + spec.strategy() + ")");
      }
    }
    int attempt = trigger.consecutiveFailures;
    long delay = trigger.spec.backoff().delayNanos(attempt, tree.random());
    String childPath = childPath(trigger);
    String decision = verb + " " + describeGroup(trigger)
        + (delay > 0 ? " after " + Duration.ofNanos(delay).toMillis() + "ms backoff" : "");
    // Journal first: whoever observes RESTARTING can already read the decision.
    tree.journal().append(childPath, "child.restart", cause, decision, Actor.automatic(), Duration.ZERO);
    List<ChildRecord> toStart = new ArrayList<>();
    List<Long> tokens = new ArrayList<>();
    for (ChildRecord b : group) {
      if (b != trigger && b.spec.restartType() == RestartType.TEMPORARY) {
        removeChild(b);
      } else {
        b.restartToken++;
        toStart.add(b);
        tokens.add(b.restartToken);
      }
    }
    // Scheduled before RESTARTING becomes visible, so that whoever sees RESTARTING (a test advancing a
    // manual clock) measures the backoff from the moment it was armed. The start itself runs later on
    // this actor, after the states below are set.
    Runnable due = () -> startGroup(trigger, toStart, tokens);
    if (delay <= 0) {
      post(due);
    } else {
      tree.scheduler().schedule(() -> post(due), delay); // cancelled through restartToken, not the handle
    }
    for (ChildRecord b : toStart) {
      b.setState(ChildState.RESTARTING);
    }
    tree.events().publish(new SupervisorEvent.ChildRestarting(childPath, attempt, Duration.ofNanos(delay)));
  }

  private List<ChildRecord> group(ChildRecord trigger) {
    return switch (spec.strategy()) {
      case ONE_FOR_ONE -> List.of(trigger);
      case ONE_FOR_ALL -> new ArrayList<>(children.values());
      case REST_FOR_ONE -> new ArrayList<>(children.tailMap(trigger.order, true).values());
    };
  }

  /** Starts a restart group in order; a start failure re-queues a counted retry (OTP try_again_restart). */
  private void startGroup(ChildRecord trigger, List<ChildRecord> toStart, List<Long> tokens) {
    if (!alive()) {
      return;
    }
    List<ChildRecord> started = new ArrayList<>();
    for (int i = 0; i < toStart.size(); i++) {
      ChildRecord c = toStart.get(i);
      if (byId.get(c.id()) != c || c.restartToken != tokens.get(i) || c.state() != ChildState.RESTARTING) {
        continue; // stopped, deleted or restarted by an operator meanwhile
      }
      try {
        startChild(c);
        c.restarts++;
        started.add(c);
      } catch (ChildStartException e) {
        c.setState(ChildState.RESTARTING);
        retryAfterStartFailure(trigger, c, started, toStart.subList(i, toStart.size()), e);
        return;
      }
    }
  }

  private void retryAfterStartFailure(ChildRecord trigger, ChildRecord failed, List<ChildRecord> started,
      List<ChildRecord> rest, ChildStartException e) {
    String cause = e.getMessage();
    ChildRecord retryTrigger;
    if (spec.strategy() == RestartStrategy.ONE_FOR_ALL) {
      // OTP one_for_all_other_child_fails_restart: the freshly restarted siblings are stopped again and the
      // whole group is retried.
      for (int j = started.size() - 1; j >= 0; j--) {
        stopChild(started.get(j), "shutdown: sibling '" + failed.id() + "' failed to restart");
      }
      retryTrigger = trigger;
    } else {
      // ONE_FOR_ONE: the child itself. REST_FOR_ONE: the failed child and those after it (OTP
      // rest_for_one_other_child_fails_restart); earlier ones that restarted stay up.
      for (ChildRecord r : rest) {
        if (r != failed && r.instance == null && r.state() != ChildState.RESTARTING) {
          r.setState(ChildState.RESTARTING);
        }
      }
      retryTrigger = failed;
    }
    long now = tree.ticker().read();
    if (window.record(now)) {
      escalate(retryTrigger, ExitReason.abnormal(cause));
      return;
    }
    retryTrigger.consecutiveFailures++;
    restartGroup(retryTrigger, cause, "retry restart of");
  }

  /** Intensity exceeded: stop everything in reverse order and exit with shutdown. Actor only. */
  private void escalate(ChildRecord offender, ExitReason reason) {
    String decision = "shutdown: reached max restart intensity (" + spec.intensity() + "); stopping children";
    LOG.error("supervisor={} child={} reason={} context=reached_max_restart_intensity", path, childPath(offender),
        reason.message());
    tree.journal().append(path, "supervisor.escalate",
        "child '" + offender.id() + "' exited: " + reason.message(), decision, Actor.automatic(), Duration.ZERO);
    tree.events().publish(new SupervisorEvent.RestartIntensityExceeded(path, offender.id(),
        spec.intensity().maxRestarts(), spec.intensity().period()));
    state = ChildState.STOPPING;
    offender.restartToken++;
    stopAll("shutdown: supervisor '" + path + "' reached max restart intensity");
    deferred.clear();
    state = ChildState.FAILED;
    parent.exited(ExitReason.shutdown("reached max restart intensity: child '" + offender.id() + "' "
        + reason.message()));
  }

  private void removeChild(ChildRecord c) {
    c.restartToken++;
    children.remove(c.order);
    byId.remove(c.id());
  }

  // ------------------------------------------------------------------ child management (actor)

  ChildOutcome addChild(ChildSpec s, Actor actor) {
    requireAlive();
    ChildRecord existing = find(s.id());
    if (existing != null) {
      return existing.instance != null ? ChildOutcome.ALREADY_STARTED : ChildOutcome.ALREADY_PRESENT;
    }
    ChildRecord c = new ChildRecord(s);
    insert(c);
    try {
      return startJournaled(c, actor, "operator.start-child", "started", "failed; child not added");
    } catch (ChildStartException e) {
      removeChild(c); // OTP: a child whose start_child fails is not saved
      throw e;
    }
  }

  /** Starts {@code c} for an operator call and journals the outcome; a failed start is rethrown. */
  private ChildOutcome startJournaled(ChildRecord c, Actor actor, String kind, String done, String failed) {
    try {
      startChild(c);
    } catch (ChildStartException e) {
      tree.journal().append(childPath(c), kind, e.getMessage(), failed, actor, Duration.ZERO);
      throw e;
    }
    tree.journal().append(childPath(c), kind, "", done, actor, Duration.ZERO);
    return ChildOutcome.OK;
  }

  ChildOutcome terminateChild(String id, Actor actor) {
    ChildRecord c = lookup(id);
    if (c == null) {
      return ChildOutcome.NOT_FOUND;
    }
    c.restartToken++;
    boolean wasRunning = c.instance != null;
    stopChild(c, "stopped by " + actor);
    if (c.spec.restartType() == RestartType.TEMPORARY) {
      removeChild(c);
    }
    tree.journal().append(childPath(c), "operator.stop", "", wasRunning ? "stopped" : "already stopped", actor,
        Duration.ZERO);
    return ChildOutcome.OK;
  }

  ChildOutcome restartStopped(String id, Actor actor) {
    ChildRecord c = lookup(id);
    ChildOutcome refusal = refuseUnlessStopped(c);
    if (refusal != null) {
      return refusal;
    }
    c.restartToken++;
    return startJournaled(c, actor, "operator.start", "started", "failed; child stays stopped");
  }

  ChildOutcome forceRestart(String id, Actor actor) {
    ChildRecord c = lookup(id);
    if (c == null) {
      return ChildOutcome.NOT_FOUND;
    }
    c.restartToken++;
    if (c.instance != null) {
      stopChild(c, "restart by " + actor);
    }
    return startJournaled(c, actor, "operator.restart", "restarted (not counted toward intensity)",
        "failed; child stays stopped");
  }

  ChildOutcome deleteChild(String id, Actor actor) {
    ChildRecord c = lookup(id);
    ChildOutcome refusal = refuseUnlessStopped(c);
    if (refusal != null) {
      return refusal;
    }
    removeChild(c);
    tree.journal().append(childPath(c), "operator.delete", "", "deleted", actor, Duration.ZERO);
    return ChildOutcome.OK;
  }

  /** The child for an operator call, or null; the supervisor must be running. */
  private ChildRecord lookup(String id) {
    requireAlive();
    return find(id);
  }

  /** OTP's refusals for calls that need a stopped child (restart_child, delete_child); null when it is stopped. */
  private static ChildOutcome refuseUnlessStopped(ChildRecord c) {
    if (c == null) {
      return ChildOutcome.NOT_FOUND;
    }
    if (c.instance != null) {
      return ChildOutcome.RUNNING;
    }
    return c.state() == ChildState.RESTARTING ? ChildOutcome.RESTARTING : null;
  }

  private void requireAlive() {
    if (!alive()) {
      throw new IllegalStateException("supervisor '" + path + "' is " + state + ", not RUNNING");
    }
  }
}
