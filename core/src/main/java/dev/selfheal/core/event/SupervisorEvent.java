package dev.selfheal.core.event;

import dev.selfheal.core.ExitReason;
import java.time.Duration;

/**
 * Lifecycle and healing events of a supervisor tree, published on the tree's {@link EventBus} after the
 * transition is committed. Paths are slash-separated from the root: {@code app/db/pool}.
 */
public sealed interface SupervisorEvent {

  /** {@return the path of the child or supervisor this event is about} */
  String path();

  /**
   * A child instance has started and can serve. {@code generation} counts the instances created for this
   * child, from 1; probes use it so that a verdict about an old instance never restarts a newer one. Also
   * published again, with the same generation, when a held instance (diagnosis, a plan's quarantine or
   * not-ready step) is released and serves again after the {@link ChildExited} its hold announced.
   *
   * @param path the child's path
   * @param generation the instance's number, from 1
   * @param instance the running instance
   */
  record ChildStarted(String path, long generation, Object instance) implements SupervisorEvent {}

  /**
   * A running child instance exited on its own (or was declared failed by a probe or its context).
   *
   * @param path the child's path
   * @param generation the instance's number, from 1
   * @param reason why it exited
   */
  record ChildExited(String path, long generation, ExitReason reason) implements SupervisorEvent {}

  /**
   * A child instance was stopped by its supervisor. {@code outcome} is {@code "shutdown"} when it stopped
   * within its bound, {@code "killed"} when it had to be interrupted and abandoned.
   *
   * @param path the child's path
   * @param generation the instance's number, from 1
   * @param outcome {@code "shutdown"} or {@code "killed"}
   * @param took how long the stop took
   */
  record ChildStopped(String path, long generation, String outcome, Duration took) implements SupervisorEvent {}

  /**
   * A restart has been decided and will be attempted after {@code delay} (zero without backoff).
   *
   * @param path the child's path
   * @param attempt the number of this restart attempt, from 1
   * @param delay the wait before the attempt
   */
  record ChildRestarting(String path, int attempt, Duration delay) implements SupervisorEvent {}

  /**
   * A supervisor exceeded its restart intensity; it stops its children and exits with {@code shutdown}.
   *
   * @param path the supervisor's path
   * @param child the id of the child whose exit exceeded it
   * @param maxRestarts the intensity's restarts
   * @param period the intensity's period
   */
  record RestartIntensityExceeded(String path, String child, int maxRestarts, Duration period)
      implements SupervisorEvent {}

  /**
   * The root supervisor has failed: the tree can no longer heal itself.
   *
   * @param path the root's path
   * @param cause why it failed
   */
  record TreeFailed(String path, String cause) implements SupervisorEvent {}

  /**
   * A healing decision, published for every decision a supervisor announces (automatic or an operator's),
   * together with its journal record and from the same value: what was decided ({@link Kind}), whether it
   * was carried out ({@link Mode}), about which path, by whom. Counting decisions from these (as
   * {@code dev.selfheal.core.HealingMetrics} does) needs no journal wording.
   *
   * @param path  the child the decision is about; a supervisor's own path for {@link Kind#ESCALATE} and
   *              {@link Kind#AUTO_SHUTDOWN}; the overridden path for the override kinds
   * @param actor automatic, or the operator who gave the command
   */
  record HealingDecision(String path, Kind kind, Mode mode, Actor actor) implements SupervisorEvent {
    /**
     * Checks that no component is null.
     *
     * @param path  the child the decision is about (see the record)
     * @param kind  what was decided
     * @param mode  live, dry-run, deferred or suspended
     * @param actor automatic, or the operator who gave the command
     */
    public HealingDecision {
      java.util.Objects.requireNonNull(path, "path");
      java.util.Objects.requireNonNull(kind, "kind");
      java.util.Objects.requireNonNull(mode, "mode");
      java.util.Objects.requireNonNull(actor, "actor");
    }

    /** What was decided (in {@link Mode#DRY_RUN}: what the live policy would have decided). */
    public enum Kind {
      /** Restart the child (with its strategy's siblings), now or after its backoff; or retry one whose start failed. */
      RESTART,
      /** The restart intensity is exceeded: the supervisor stops its children and gives up. */
      ESCALATE,
      /** A significant child ended: the supervisor shuts itself down (OTP auto_shutdown). */
      AUTO_SHUTDOWN,
      /** Not restarted: a TEMPORARY child's spec is removed. */
      REMOVE,
      /** Not restarted: a TRANSIENT child ended normally, or its supervisor is stopping; its spec is kept. */
      STAY_STOPPED,
      /** Healing is paused: the failure is recorded and decided when healing resumes. */
      DEFER,
      /** Healing of the child (or a subtree above it) is suspended: recorded, not acted on, not counted. */
      SUSPEND,
      /** Diagnosis: held, not restarted, not counted (a dependency is down), or quarantined by a plan step. */
      HOLD,
      /** A recovery plan's NOT_READY step: not routed, tree readiness DOWN, not restarted, until released. */
      NOT_READY,
      /** A held child is released. */
      RELEASE,
      /** The restart waits for the tree's blast radius. */
      AWAIT_HEALING_SLOT,
      /** A recovery plan's step is taken. */
      PLAN_STEP,
      /** An operator command cancelled a restart waiting for its backoff or retry. */
      RESTART_CANCELLED,
      /** Operator {@code startChild} (OTP start_child). */
      START_CHILD,
      /** Operator {@code restartChild} (OTP restart_child): a stopped child started. */
      START,
      /** Operator {@code stopChild} (OTP terminate_child). */
      STOP,
      /** Operator {@code forceRestartChild}: stopped if running and started again, not counted. */
      FORCE_RESTART,
      /** Operator {@code deleteChild} (OTP delete_child). */
      DELETE,
      /** An override (pause, dry-run, suspension) put in force. */
      OVERRIDE_SET,
      /** An override lifted by an operator (resume, dry-run off, suspension lifted). */
      OVERRIDE_LIFTED,
      /** An override reached its expiry and lifted itself. */
      OVERRIDE_EXPIRED
    }

    /** Whether the decision was carried out. */
    public enum Mode {
      /** Carried out. */
      LIVE,
      /** Dry-run: computed and journaled as "would ...", nothing carried out or counted. */
      DRY_RUN,
      /** Healing paused: the failure is recorded, the decision waits for resume. */
      DEFERRED,
      /** Healing suspended for the child or a subtree above it: recorded, not acted on, not counted. */
      SUSPENDED
    }
  }
}
