package dev.selfheal.core;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.internal.supervisor.Tree;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * A running supervisor tree: the root supervisor, its nested supervisors and their children, plus the
 * threads, journal and event bus they share. This is the entry point of the library.
 *
 * <p>Why this class is large (591 lines): it is the library's entry point: the interface's javadoc states OTP's
 * rules for each operation, and its {@link Builder} documents every setting with its default and range. The code
 * itself is short; it delegates to {@code internal.supervisor.Tree}.
 *
 * <pre>{@code
 * SupervisorTree tree = SupervisorTree.builder(SupervisorSpec.builder("app")
 *         .child(ChildSpec.worker("poller", Poller::new))
 *         .build())
 *     .build();
 * tree.start();          // starts every child in order; throws ChildStartException if one fails
 * ...
 * tree.stop();           // stops every child in reverse order; nothing of ours keeps running
 * }</pre>
 *
 * <p><b>Paths.</b> Every node has a slash-separated path from the root: the root supervisor's name, then
 * child ids ({@code app/db/pool}). Operator calls take paths.
 *
 * <p><b>Asynchrony.</b> Each supervisor is an actor: calls post a message to its mailbox and return a
 * future completed once the supervisor has handled it. Never {@code join()} such a future from inside a
 * component's {@code start()} or {@code stop()} of the same supervisor: the supervisor is busy with that
 * very call.
 *
 * <p><b>Root failure.</b> When the root gives up (its restart intensity is exceeded), the tree is failed:
 * {@link #failed()} is true, {@link #health()} is DOWN (so the process's liveness fails and the
 * orchestrator restarts the process), the journal records it, and the root failure handler runs.
 *
 * <p>This interface is thread-safe.
 */
public interface SupervisorTree extends AutoCloseable {

  /**
   * Starts a builder for a tree whose root supervisor is {@code root}.
   *
   * @param root the root supervisor's spec
   * @return a new builder
   */
  static Builder builder(SupervisorSpec root) {
    return new Builder(root);
  }

  /**
   * Starts the root supervisor and, recursively, all children in declaration order. Blocks until they
   * are all running.
   *
   * @throws ChildStartException if a child fails to start; the children already started have then been
   *     stopped in reverse order and the tree is stopped
   * @throws IllegalStateException if the tree was already started
   */
  void start();

  /** Stops all children in reverse start order, each within its shutdown bound, then releases every thread. Idempotent. */
  void stop();

  /** Same as {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }

  /** {@return the root supervisor's path (its name)} */
  String rootPath();

  /** {@return an immutable view of the whole tree} */
  ChildSnapshot snapshot();

  /**
   * The instance currently running at {@code path}, described as the {@link SupervisorEvent.ChildStarted}
   * event that announced it; empty when nothing runs
   * there. Lets a late subscriber (a health monitor built after {@link #start()}) catch up with instances
   * started before it subscribed. The answer may be stale by the time it is used: compare generations.
   *
   * @param path a child's path
   * @return the event of the running instance, or empty
   */
  Optional<SupervisorEvent.ChildStarted> currentInstance(String path);

  /** {@return whether the root supervisor has given up} */
  boolean failed();

  /** {@return the tree as a health source: DOWN once the root has failed or after stop, UP while running. Critical} */
  HealthSource health();

  /** {@return the journal every supervisor of this tree writes to} */
  Journal journal();

  /** {@return the bus on which {@link dev.selfheal.core.event.SupervisorEvent}s are published} */
  EventBus events();

  /** {@return the ticker the tree measures time with (probes of this tree should share it)} */
  Ticker ticker();

  /** {@return the scheduler the tree waits with (probes of this tree should share it)} */
  Scheduler scheduler();

  /**
   * The runtime context this tree shares with its monitor, registries and endpoint: the one given to
   * {@link Builder#context(RuntimeContext)}, else one the tree built from its own parts. {@link #ticker()},
   * {@link #scheduler()}, {@link #journal()} and {@link #events()} are its parts.
   *
   * @return the context
   * @throws UnsupportedOperationException from an implementation that predates contexts (test doubles)
   */
  default RuntimeContext context() {
    throw new UnsupportedOperationException(getClass().getName() + " has no RuntimeContext");
  }

  // ---- child management (OTP's start_child, terminate_child, restart_child, delete_child) ----

  /**
   * Adds and starts a child under the supervisor at {@code supervisorPath} (OTP {@code start_child}):
   * OK, ALREADY_STARTED or ALREADY_PRESENT; a child whose start fails is not kept (the future fails with
   * {@link ChildStartException}); a start answering {@code ignore} is OK with no instance.
   *
   * @param supervisorPath the path of the supervisor that gets the child
   * @param spec the child's spec
   * @param actor who asks, for the journal
   * @return the outcome, once the supervisor has acted
   * @throws IllegalArgumentException (in the future) for a significant child under auto_shutdown NEVER
   */
  CompletableFuture<ChildOutcome> startChild(String supervisorPath, ChildSpec spec, Actor actor);

  /**
   * Stops the child at {@code path} and keeps its spec (OTP {@code terminate_child}; a TEMPORARY child's
   * spec is removed); idempotent. Not counted as a restart, never triggers an auto_shutdown. A restart
   * waiting for its backoff is cancelled, and the journal says "restart cancelled by &lt;actor&gt;".
   *
   * @param path the child's path
   * @param actor who asks, for the journal
   * @return the outcome, once the supervisor has acted
   */
  CompletableFuture<ChildOutcome> stopChild(String path, Actor actor);

  /**
   * Starts the stopped child at {@code path} again (OTP {@code restart_child}): OK, or RUNNING if it runs,
   * RESTARTING if a restart of it is pending, NOT_FOUND; a failed start leaves it stopped (the future fails
   * with {@link ChildStartException}).
   *
   * @param path the child's path
   * @param actor who asks, for the journal
   * @return the outcome, once the supervisor has acted
   */
  CompletableFuture<ChildOutcome> restartChild(String path, Actor actor);

  /**
   * Operator restart, beyond OTP: stops the child at {@code path} if it runs (cancelling a pending restart),
   * then starts it. Not counted toward intensity.
   *
   * @param path the child's path
   * @param actor who asks, for the journal
   * @return the outcome, once the supervisor has acted
   */
  CompletableFuture<ChildOutcome> forceRestartChild(String path, Actor actor);

  /**
   * Removes the stopped child's spec (OTP {@code delete_child}): RUNNING or RESTARTING if it is not stopped.
   *
   * @param path the child's path
   * @param actor who asks, for the journal
   * @return the outcome, once the supervisor has acted
   */
  CompletableFuture<ChildOutcome> deleteChild(String path, Actor actor);

  /**
   * The children of the supervisor at {@code supervisorPath}, newest first (OTP {@code which_children}).
   *
   * @param supervisorPath a supervisor's path
   * @return the children, a snapshot
   */
  List<ChildSnapshot> whichChildren(String supervisorPath);

  /**
   * OTP {@code count_children} for the supervisor at {@code supervisorPath}.
   *
   * @param supervisorPath a supervisor's path
   * @return the counts
   */
  ChildCounts countChildren(String supervisorPath);

  /**
   * Messages waiting in the mailbox of the supervisor at {@code supervisorPath} (signals and calls posted,
   * not yet handled): a lock-free O(1) read that may be stale by the time it returns, for metrics
   * ({@code selfheal.supervisor.mailbox}). A depth that keeps growing means the supervisor cannot keep up
   * (a child's start or stop holding it near its bound, a restart storm).
   *
   * @param supervisorPath the supervisor's path, such as {@code app} or {@code app/sub}
   * @return the messages waiting
   * @throws IllegalArgumentException if no supervisor runs at {@code supervisorPath}
   */
  default int mailboxDepth(String supervisorPath) {
    throw new UnsupportedOperationException("mailboxDepth is not supported by " + getClass().getName());
  }

  /**
   * Declares the instance {@code generation} of the child at {@code path} failed, as if it had crashed:
   * the one way for probes, anomaly detectors, forecasts, supervised handles and user code to ask for
   * healing. The supervisor decides what to do by its rules (dry-run, pause and overrides included) and
   * journals the decision with the report's source and evidence. Ignored if that instance is no longer
   * the current one.
   *
   * @param path the child's path
   * @param generation the failed instance's generation
   * @param report what failed, who says so and the evidence
   */
  void reportFailure(String path, long generation, FailureReport report);

  /**
   * Same as {@link #reportFailure(String, long, FailureReport)} with a {@link FailureReport.Source#USER} report.
   *
   * @param path the child's path
   * @param generation the failed instance's generation
   * @param reason what failed
   */
  default void reportFailure(String path, long generation, String reason) {
    reportFailure(path, generation, FailureReport.of(FailureReport.Source.USER, reason));
  }

  /**
   * Adds a supervised component under the supervisor at {@code supervisorPath}, starts it, and returns its
   * handle (see {@link SupervisorSpec.Builder#supervise}). Blocks until the child has started; never call it
   * from a component's {@code start()} or {@code stop()} of that supervisor. The handle's policies measure
   * time with this tree's ticker unless {@code options} name another.
   *
   * @param <T> the interface's type
   * @param supervisorPath the path of the supervisor that gets the child
   * @param type the interface the handle implements
   * @param factory makes a fresh instance for every (re)start, from that instance's context
   * @param options the handle's options, over the interface's annotations
   * @return the handle
   * @throws IllegalArgumentException on misconfiguration (nothing is added)
   * @throws IllegalStateException if the child could not be added ({@link ChildOutcome} in the message)
   * @throws ChildStartException if its first instance failed to start
   */
  default <T> T supervise(String supervisorPath, Class<T> type,
      java.util.function.Function<ChildContext, ? extends T> factory, HandleOptions options) {
    dev.selfheal.core.internal.handle.Handles.Created<T> c =
        dev.selfheal.core.internal.handle.Handles.create(type, factory, options, ticker());
    c.handler().bind(this, supervisorPath + "/" + c.spec().id());
    ChildOutcome outcome;
    try {
      outcome = startChild(supervisorPath, c.spec(), Actor.operator("supervise")).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
    if (outcome != ChildOutcome.OK) {
      throw new IllegalStateException("supervise " + type.getName() + " under '" + supervisorPath + "': "
          + outcome + " for child '" + c.spec().id() + "'");
    }
    return c.handle();
  }

  // ---- operator control: overrides with a reason and an optional expiry (see HealingOverride) ----

  /**
   * Same as {@link #pause(Actor, String, Duration)} with no reason and no expiry.
   *
   * @param actor who pauses, for the journal
   */
  default void pause(Actor actor) {
    pause(actor, "", null);
  }

  /**
   * Pauses automatic healing: failures are still recorded and journaled; decisions wait until
   * {@link #resume} or the expiry. Pausing again replaces the reason and the expiry.
   *
   * @param reason       why, journaled as the cause and shown in the snapshot; not null
   * @param expiresAfter when the pause lifts itself (on the tree's ticker), or null for never; positive
   * @param actor who pauses, for the journal
   */
  void pause(Actor actor, String reason, Duration expiresAfter);

  /**
   * Resumes automatic healing and decides the failures that arrived while paused.
   *
   * @param actor who resumes, for the journal
   */
  void resume(Actor actor);

  /** {@return whether automatic healing is paused} */
  boolean paused();

  /**
   * Same as {@link #dryRun(boolean, Actor, String, Duration)} with no reason and no expiry.
   *
   * @param enabled on or off
   * @param actor who switches, for the journal
   */
  default void dryRun(boolean enabled, Actor actor) {
    dryRun(enabled, actor, "", null);
  }

  /**
   * Turns dry-run on or off. On: every decision is computed against a shadow copy of each supervisor's
   * intensity window and journaled as "would …" (at the count the live policy would reach: "would
   * restart", then "would escalate"); nothing is stopped, started or counted. A live instance that a
   * report declared failed keeps serving; an instance that ended on its own (a worker whose thread is gone)
   * shows FAILED. Off (or at the expiry): every FAILED child is decided again, live, as a fresh signal.
   *
   * @param reason       why, journaled; not null
   * @param expiresAfter when dry-run turns itself off (on the tree's ticker), or null for never; positive
   * @param enabled on or off
   * @param actor who switches, for the journal
   */
  void dryRun(boolean enabled, Actor actor, String reason, Duration expiresAfter);

  /** {@return whether dry-run is on} */
  boolean dryRun();

  /**
   * Suspends healing of the child at {@code path} and, if it is a supervisor, of everything under it:
   * failures are recorded (last failure, a {@code child.suspended-failure} record) but not acted on and not
   * counted toward any intensity. Lifts at {@link #liftSuspension} or at the expiry; then the children it
   * held FAILED are decided again.
   *
   * @param path the child's path
   * @param actor who suspends, for the journal
   * @param reason why, journaled; not null
   * @param expiresAfter when the suspension lifts itself (on the tree's ticker), or null for never; positive
   * @throws IllegalArgumentException if there is no child at {@code path}, or {@code expiresAfter} is not
   *     positive
   */
  void suspend(String path, Actor actor, String reason, Duration expiresAfter);

  /**
   * Lifts the suspension set on {@code path}, if any (journaled).
   *
   * @param path the path the suspension was set on
   * @param actor who lifts it, for the journal
   */
  void liftSuspension(String path, Actor actor);

  /** {@return the overrides in force} */
  List<HealingOverride> overrides();

  /**
   * Releases a child that diagnosis or a recovery plan's QUARANTINE or NOT_READY step holds
   * ({@link ChildState#HELD}) without waiting for its dependencies or its step's release: a kept instance
   * serves again, an ended one is started (not counted). Journaled as {@code child.release} with the actor.
   * Completes with {@link ChildOutcome#OK}; {@link ChildOutcome#NOT_FOUND} when there is no such child;
   * when it is not held, with the state that makes the release not apply (nothing is done or journaled):
   * {@link ChildOutcome#RUNNING} (an instance runs), {@link ChildOutcome#RESTARTING} (a restart of it is
   * pending) or {@link ChildOutcome#ALREADY_PRESENT} (stopped or failed, no instance).
   *
   * @param path the held child's path
   * @param actor who releases it, for the journal
   * @return the outcome, once the supervisor has acted
   */
  default CompletableFuture<ChildOutcome> releaseChild(String path, Actor actor) {
    throw new UnsupportedOperationException("releaseChild is not supported by " + getClass().getName());
  }

  /** Builder of {@link SupervisorTree}. Not thread-safe. */
  final class Builder {
    private final SupervisorSpec root;
    private Ticker ticker = Ticker.system();
    private Scheduler scheduler;
    private Journal journal;
    private EventBus events;
    private Consumer<String> onRootFailure = cause -> {};
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private Duration stopTimeout = Duration.ofSeconds(60);
    private Executor actorExecutor;
    private ThreadFactory workerThreads;
    private RuntimeContext context;
    private final java.util.Set<String> explicitParts = new java.util.LinkedHashSet<>();
    private Diagnosis diagnosis = Diagnosis.ofDefaults();
    private BlastRadius blastRadius = BlastRadius.unbounded();

    private Builder(SupervisorSpec root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /**
     * The monotonic time source. Default {@link Ticker#system()}.
     *
     * @param ticker the monotonic time source
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      explicitParts.add("ticker");
      return this;
    }

    /**
     * The scheduler for backoff waits. Default: a single daemon thread named {@code selfheal-timer},
     * created by the tree and stopped with it. Tests pass a {@code dev.selfheal.test.ManualScheduler} (selfheal-test).
     *
     * @param scheduler the scheduler for backoff waits
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      explicitParts.add("scheduler");
      return this;
    }

    /**
     * The journal. Default: {@link Journal#inMemory()}, owned (and closed) by the tree.
     *
     * @param journal the journal
     * @return this builder
     */
    public Builder journal(Journal journal) {
      this.journal = Objects.requireNonNull(journal, "journal");
      explicitParts.add("journal");
      return this;
    }

    /**
     * The event bus. Default: a new one.
     *
     * @param events the event bus
     * @return this builder
     */
    public Builder events(EventBus events) {
      this.events = Objects.requireNonNull(events, "events");
      explicitParts.add("events");
      return this;
    }

    /**
     * Called once, with the reason, when the root supervisor gives up, on a thread of its own
     * ({@code selfheal-root-failure}), so it may call {@link SupervisorTree#stop()} or exit the process.
     * Default: nothing beyond the journal record and the DOWN health.
     *
     * @param handler called once, with the reason, when the root supervisor gives up, on a thread of its own ({@code selfheal-root-failure}), so it may call {@link SupervisorTree#stop()} or exit the process
     * @return this builder
     */
    public Builder onRootFailure(Consumer<String> handler) {
      this.onRootFailure = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Source of uniform samples in [0, 1) for backoff jitter. Default: {@link ThreadLocalRandom}.
     *
     * @param random source of uniform samples in [0, 1) for backoff jitter
     * @return this builder
     */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * How long {@link SupervisorTree#stop()} waits for a tree whose children all have infinite shutdown. Default 60 s; positive.
     *
     * @param stopTimeout how long {@link SupervisorTree#stop()} waits for a tree whose children all have infinite shutdown
     * @return this builder
     */
    public Builder stopTimeout(Duration stopTimeout) {
      Objects.requireNonNull(stopTimeout, "stopTimeout");
      if (stopTimeout.isNegative() || stopTimeout.isZero()) {
        throw new IllegalArgumentException("stopTimeout must be > 0, was " + stopTimeout);
      }
      this.stopTimeout = stopTimeout;
      return this;
    }

    /**
     * Runs the supervisors' mailbox drains (one task per busy supervisor at a time). Default: a cached
     * pool of daemon threads named {@code selfheal-supervisor-N}, owned and shut down by the tree. An
     * injected executor is not shut down by the tree; tests pass a deterministic one. If it refuses a
     * task while the tree runs, the tree is failed and its health DOWN.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder actorExecutor(Executor executor) {
      this.actorExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Creates the threads that run workers (the tree names them {@code selfheal-worker-<path>} and makes
     * them daemons). Default: {@code new Thread(r)}. A factory that throws or returns null makes that
     * worker's start fail, like any failed start.
     *
     * @param factory the factory
     * @return this builder
     */
    public Builder threadFactory(ThreadFactory factory) {
      this.workerThreads = Objects.requireNonNull(factory, "factory");
      explicitParts.add("threadFactory");
      return this;
    }

    /**
     * Runs the tree in {@code context}: its ticker, scheduler, journal, events and worker thread factory,
     * and its membership of health sources and policy controls, shared with the registries and monitors
     * given the same context. Default: the tree builds its own context from its parts (see
     * {@link SupervisorTree#context()}). The tree neither stops the context's scheduler nor closes its
     * journal: they are the caller's. Not combinable with {@link #ticker}, {@link #scheduler},
     * {@link #journal}, {@link #events} or {@link #threadFactory}.
     *
     * @param context the context
     * @return this builder
     */
    public Builder context(RuntimeContext context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Diagnosis settings: external health sources children may depend on, and how often held children are
     * checked again. Default {@link Diagnosis#ofDefaults()}.
     *
     * @param diagnosis the diagnosis
     * @return this builder
     */
    public Builder diagnosis(Diagnosis diagnosis) {
      this.diagnosis = Objects.requireNonNull(diagnosis, "diagnosis");
      return this;
    }

    /**
     * How much of the tree healing may take down at once. Default {@link BlastRadius#unbounded()} (OTP's).
     *
     * @param blastRadius how much of the tree healing may take down at once
     * @return this builder
     */
    public Builder blastRadius(BlastRadius blastRadius) {
      this.blastRadius = Objects.requireNonNull(blastRadius, "blastRadius");
      return this;
    }

    /**
     * Builds the tree (and its context, unless one was given).
     *
     * @return the tree, not started
     * @throws IllegalArgumentException when a context is given together with one of its parts, or if a
     *     child depends on a health source no source is named after
     */
    public SupervisorTree build() {
      if (context != null && !explicitParts.isEmpty()) {
        throw new IllegalArgumentException("context must not be combined with " + explicitParts
            + ": the context already gives them");
      }
      Tree tree = context == null
          ? new Tree(root, ticker, scheduler, journal, events, onRootFailure, random, stopTimeout,
              actorExecutor, workerThreads, diagnosis, blastRadius)
          : new Tree(root, context.ticker(), context.scheduler(), context.journal(), context.events(),
              onRootFailure, random, stopTimeout, actorExecutor, context.threadFactory(), diagnosis, blastRadius);
      tree.bindContext(context != null ? context : RuntimeContext.builder().ticker(tree.ticker())
          .scheduler(tree.scheduler()).journal(tree.journal()).events(tree.events())
          .threadFactory(workerThreads != null ? workerThreads : Thread::new).build());
      bindHandles(tree, root, root.name());
      return tree;
    }

    /** Binds the supervised handles declared anywhere in the spec to the tree that will run them. */
    private static void bindHandles(SupervisorTree tree, SupervisorSpec spec, String path) {
      for (ChildSpec c : spec.children()) {
        String childPath = path + "/" + c.id();
        c.extension(dev.selfheal.core.internal.handle.HandleBinding.class).ifPresent(b -> b.bind(tree, childPath));
        if (c.supervisorSpec() != null) {
          bindHandles(tree, c.supervisorSpec(), childPath);
        }
      }
    }
  }
}
