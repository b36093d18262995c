package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildKind;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.HealingOverride;
import dev.selfheal.core.RestartType;
import dev.selfheal.core.SupervisorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One supervisor of the tree: an actor that turns every {@link Signal} about its children into a
 * {@link Decision} and has it announced and carried out. It coordinates; each job is its own class:
 * {@link Mailbox} (the actor), {@link ChildTable} (children in start order), {@link ChildLifecycle} and the
 * {@link ChildRunner}s (starting and stopping with time bounds), {@link HealingPolicy} (the pure rules,
 * {@link OtpPolicy} by default), {@link DecisionExecutor} (the effects), {@link Announcer} (journal, event
 * and log line from each decision) and {@link OperatorCommands} (OTP's child administration).
 *
 * <pre>{@code
 *            init ok                 intensity exceeded          parent stops it
 *   STARTING ───────► RUNNING ──────────────────────► FAILED     RUNNING ──► STOPPING ──► STOPPED
 *       │ child start fails    │ significant child ended
 *       └──────────► STOPPED   └──(auto_shutdown)──► STOPPED  (children stopped, parent told: shutdown)
 * }</pre>
 *
 * <p><b>Between messages.</b> After each message the supervisor publishes an immutable snapshot of itself
 * (rebuilding only the entries of children that changed) and splices it into its ancestors' published
 * snapshots, under the tree's publish lock, which only publishers take. Readers ({@code snapshot()},
 * {@code whichChildren}, {@code countChildren}, path lookups) read one volatile field: O(1), no lock, no
 * allocation, and never a state in the middle of a message.
 *
 * <p><b>Callers must</b> only touch the actor-owned fields from inside a message.
 *
 * <p>Why this class is large (over 400 lines): it is the {@link PolicyState} the policies read (live and
 * dry-run shadow), besides coordinating the parts above; each member is a few lines.
 */
final class SupervisorNode implements PolicyState {
  final Tree tree;
  final String path;
  final SupervisorSpec spec;
  private final SupervisorNode parentNode;
  private final ExitListener parent;
  final ChildTable table = new ChildTable();
  private final RestartWindow window;
  private RestartWindow shadow;
  private final java.util.Map<String, ShadowChild> shadowChildren = new java.util.HashMap<>();
  private long shadowEpoch = -1;
  boolean shadowEscalated;
  private final Mailbox mailbox;
  private final HealingPolicy policy;
  final Announcer announcer;
  final ChildLifecycle lifecycle;
  private final DecisionExecutor executor;
  final OperatorCommands commands;
  final Holds holds;
  private volatile ChildState state = ChildState.STARTING;
  private boolean dirty = true;
  private final List<ChildRecord> changedRecords = new ArrayList<>();
  private final SnapshotPublisher publisher;
  private volatile Published published;

  /** Receives this supervisor's own exit (escalation or auto_shutdown). */
  interface ExitListener {
    void exited(ExitReason reason);
  }

  /**
   * What readers see: this supervisor as a snapshot, and the instance behind each child entry (same
   * index), for liveness checks and path lookups.
   */
  record Published(ChildSnapshot view, List<Object> instances) {}

  SupervisorNode(Tree tree, String path, SupervisorSpec spec, SupervisorNode parentNode, ExitListener parent) {
    this.tree = tree;
    this.path = path;
    this.spec = spec;
    this.parentNode = parentNode;
    this.parent = parent;
    this.window = new RestartWindow(spec.intensity().maxRestarts(), spec.intensity().period().toNanos());
    this.policy = tree.policy();
    this.announcer = new Announcer(tree, path, spec);
    this.lifecycle = new ChildLifecycle(this);
    this.executor = new DecisionExecutor(this);
    this.commands = new OperatorCommands(this);
    this.holds = new Holds(this);
    this.publisher = new SnapshotPublisher(this);
    this.mailbox = new Mailbox(tree, tree.actorExecutor(), this::publishIfDirty, announcer::internalError,
        t -> tree.loopFailed(path, t));
    for (ChildSpec c : spec.children()) {
      table.insert(new ChildRecord(c, this));
    }
    publishIfDirty();
  }

  ChildState state() {
    return state;
  }

  Published published() {
    return published;
  }

  /** Replaces the published snapshot (an ancestor splicing a descendant's in). Under the publish lock. */
  void publish(Published p) {
    published = p;
  }

  SupervisorNode parentNode() {
    return parentNode;
  }

  // ------------------------------------------------------------------ the actor

  void post(Runnable message) {
    mailbox.post(message);
  }

  <T> CompletableFuture<T> ask(Supplier<T> body) {
    return mailbox.ask(body);
  }

  /** The calling thread drains what waits, if no thread does yet ({@link Mailbox#help}). Any thread. */
  void help() {
    mailbox.help();
  }

  /** Posts {@code s}; it is decided, announced and carried out on this supervisor's actor. */
  void signal(Signal s) {
    mailbox.post(() -> handle(s));
  }

  /**
   * The decision path: signal, pure policy, announcer, executor; then, if a child is held, the held
   * children are checked again (the decision may have healed their dependency). Actor only.
   */
  void handle(Signal s) {
    decide(s);
    if (!(s instanceof Signal.HoldCheck) && holds.any()) {
      holds.recheck();
    }
  }

  /** One signal through the policy, announcer and executor. Actor only. */
  void decide(Signal s) {
    long now = tree.ticker().read();
    Decision d = policy.decide(this, s, now);
    announcer.announce(s, d);
    executor.execute(s, d, now);
  }

  /**
   * An operator's child command through the same path as any signal (policy, announcer, executor); the
   * answer to the caller, or the exception the decision calls for. Actor only.
   */
  dev.selfheal.core.ChildOutcome command(Signal.Command cmd) {
    long now = tree.ticker().read();
    Decision d = policy.decide(this, cmd, now);
    announcer.announce(cmd, d);
    try {
      return commands.execute(d);
    } finally {
      if (holds.any()) {
        holds.recheck(); // a started or stopped sibling may be a held child's dependency
      }
    }
  }

  /** Messages waiting in this supervisor's mailbox; any thread, no lock. */
  int mailboxDepth() {
    return mailbox.depth();
  }

  /**
   * Operator release of held child {@code id}: OK if it was held; NOT_FOUND if there is no such child (or
   * this supervisor is not running); else the state that makes the release not apply: RUNNING (an instance
   * serves, or is starting or stopping), RESTARTING, or ALREADY_PRESENT (stopped or failed, no instance).
   * Actor only.
   */
  dev.selfheal.core.ChildOutcome release(String id, dev.selfheal.core.event.Actor actor) {
    ChildRecord c = table.find(id);
    if (!running() || c == null) {
      return dev.selfheal.core.ChildOutcome.NOT_FOUND;
    }
    if (c.state() != ChildState.HELD) {
      return c.state() == ChildState.RESTARTING ? dev.selfheal.core.ChildOutcome.RESTARTING
          : c.instance != null ? dev.selfheal.core.ChildOutcome.RUNNING
          : dev.selfheal.core.ChildOutcome.ALREADY_PRESENT;
    }
    handle(new Signal.ReleaseRequested(id, actor));
    return dev.selfheal.core.ChildOutcome.OK;
  }

  /**
   * Decides again, live, every child whose exit was recorded but not acted on, once no override holds it
   * any more (dry-run off, resume, a suspension lifted or expired). Nothing while paused (decided again
   * when it lifts); in dry-run only the shadow decides again ({@link #reevaluateShadow}), live children stay
   * as they are until dry-run ends.
   */
  void reevaluateFailed() {
    if (tree.paused()) {
      return;
    }
    if (tree.dryRun()) {
      reevaluateShadow();
      return;
    }
    for (ChildRecord c : table.all()) {
      if (table.holds(c) && c.state() == ChildState.FAILED && c.failedBy != null
          && suspension(c.id()) == null) {
        handle(c.failedBy);
      }
    }
  }

  /**
   * In dry-run, once a pause or suspension lifts: decides again, in the shadow, the failures the live run
   * would have been holding ({@link ShadowChild#deferredBy}), as the live run would decide them now.
   */
  private void reevaluateShadow() {
    window(); // this dry-run's shadow
    for (ChildRecord c : table.all()) {
      ShadowChild sc = shadowChildren.get(c.id());
      if (sc != null && sc.deferredBy != null && suspension(c.id()) == null) {
        Signal again = sc.deferredBy;
        sc.deferredBy = null;
        handle(again);
      }
    }
  }

  /** The overrides set on {@code path} changed: republish what shows them. Actor only. */
  void overridesChanged(String overridden) {
    if (overridden.equals(path)) {
      changed();
    } else if (overridden.startsWith(path + "/") && overridden.indexOf('/', path.length() + 1) < 0) {
      ChildRecord c = table.find(overridden.substring(path.length() + 1));
      if (c != null) {
        c.touch();
      }
    }
  }

  // ------------------------------------------------------------------ PolicyState

  @Override
  public SupervisorSpec spec() {
    return spec;
  }

  @Override
  public boolean running() {
    return state == ChildState.RUNNING;
  }

  @Override
  public boolean paused() {
    return tree.paused();
  }

  @Override
  public boolean dryRun() {
    return tree.dryRun();
  }

  /** The window decisions count against: the shadow (copied from the live one when dry-run began) in dry-run. */
  @Override
  public RestartWindow window() {
    if (!tree.dryRun()) {
      return window;
    }
    if (shadowEpoch != tree.dryRunEpoch()) {
      shadowEpoch = tree.dryRunEpoch();
      shadow = window.copy();
      shadowChildren.clear();
      shadowEscalated = false;
    }
    return shadow;
  }

  @Override
  public ShadowChild shadowOf(ChildRecord c) {
    window(); // a new dry-run starts with fresh shadows
    return shadowChildren.computeIfAbsent(c.id(), id -> ShadowChild.of(c));
  }

  RestartWindow liveWindow() {
    return window;
  }

  @Override
  public HealingOverride suspension(String id) {
    return tree.overridesInForce().suspension(announcer.childPath(id));
  }

  @Override
  public HealingOverride override(HealingOverride.Kind kind, String overridePath) {
    return tree.overridesInForce().get(kind, overridePath);
  }

  @Override
  public boolean shadowEscalated() {
    window(); // a new dry-run starts with a fresh shadow
    return shadowEscalated;
  }

  @Override
  public ChildRecord child(String id) {
    return table.find(id);
  }

  @Override
  public List<ChildRecord> children() {
    return table.all();
  }

  @Override
  public dev.selfheal.core.spi.HealthReport health(String source) {
    return tree.healthOf(source);
  }

  @Override
  public dev.selfheal.core.BlastRadius blastRadius() {
    return tree.blastRadius();
  }

  @Override
  public int restartingNow() {
    return tree.load().restarting();
  }

  @Override
  public int[] servingNow() {
    return HealingLoad.serving(tree.snapshot());
  }

  @Override
  public double random() {
    return tree.random();
  }

  // ------------------------------------------------------------------ whole-supervisor lifecycle

  /** Starts the children in order; on a failure stops the started ones in reverse and throws. Actor only. */
  void init() {
    List<ChildRecord> ordered = table.all();
    for (int i = 0; i < ordered.size(); i++) {
      ChildRecord c = ordered.get(i);
      try {
        lifecycle.start(c);
      } catch (ChildStartException e) {
        for (int j = i - 1; j >= 0; j--) {
          if (table.holds(ordered.get(j))) {
            lifecycle.stop(ordered.get(j), "shutdown: sibling '" + c.id() + "' failed to start");
          }
        }
        setState(ChildState.STOPPED);
        announcer.startFailedAtInit(e.getMessage());
        throw e;
      }
    }
    setState(ChildState.RUNNING);
  }

  /** Stops every child in reverse order and ends the supervisor. Idempotent. Actor only. */
  void terminate(String why) {
    if (state == ChildState.STOPPED || state == ChildState.FAILED) {
      return;
    }
    setState(ChildState.STOPPING);
    lifecycle.stopAll(why);
    setState(ChildState.STOPPED);
  }

  /** Escalation or auto_shutdown: stop everything in reverse order, end in {@code end}, tell the parent. */
  void giveUp(String offender, ExitReason exit, ChildState end, String why) {
    setState(ChildState.STOPPING);
    ChildRecord o = table.find(offender);
    if (o != null) {
      o.restartToken++;
    }
    lifecycle.stopAll(why);
    setState(end);
    publishIfDirty(); // the decision is complete: whoever hears of the exit sees its outcome
    mailbox.afterDrain(() -> parent.exited(exit)); // the parent will call back (stop us): let go first
  }

  private void setState(ChildState next) {
    state = next;
    dirty = true;
  }

  void remove(ChildRecord c) {
    c.restartToken++;
    c.pending = null;
    table.remove(c);
    dirty = true; // the table's structure changed: the next publish rebuilds
  }

  void insert(ChildRecord c) {
    table.insert(c);
    dirty = true;
  }

  /** Something this supervisor shows changed (its window, its own state): publish after this message. */
  void changed() {
    dirty = true;
  }

  /** Child {@code c} changed: its entry is rebuilt at the next publish. */
  void changed(ChildRecord c) {
    changedRecords.add(c);
    dirty = true;
  }

  // ------------------------------------------------------------------ publishing snapshots

  /** Publishes this supervisor's snapshot if anything changed since the last publish. */
  private void publishIfDirty() {
    if (!dirty) {
      return;
    }
    dirty = false;
    synchronized (tree.publishLock()) {
      published = publisher.publish(published, changedRecords, state, window.count(tree.ticker().read()));
      changedRecords.clear();
      publisher.spliceIntoAncestors(this, parentNode);
    }
  }

  /** The children as published, in start order. */
  List<ChildSnapshot> publishedChildren() {
    return published.view().children();
  }
}
