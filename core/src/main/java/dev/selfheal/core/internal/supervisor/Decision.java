package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ExitReason;
import dev.selfheal.core.HealingOverride;
import java.util.List;

/**
 * What a {@link HealingPolicy} decided about one {@link Signal}: a value, carried out by
 * {@link DecisionExecutor} and announced (journal record, event, log line) by {@link Announcer} from its
 * fields. The rules that produce each one are in {@link OtpPolicy}.
 *
 * <ul>
 *   <li>{@link Restart}: stop the failed instance and the bystanders, then start {@code group} in order,
 *       now (within the handling of the signal, as OTP does) or after {@code delayNanos}. Counted once in
 *       the intensity window.</li>
 *   <li>{@link Escalate}: the intensity is exceeded; stop every child in reverse order and exit with
 *       {@code shutdown} to the parent.</li>
 *   <li>{@link SignificantShutdown}: a significant child ended and was not restarted; the supervisor shuts itself
 *       down (OTP auto_shutdown).</li>
 *   <li>{@link Remove}: a TEMPORARY child ended: its spec is removed.</li>
 *   <li>{@link LeaveStopped}: a TRANSIENT child ended normally: its spec is kept, STOPPED.</li>
 *   <li>{@link Defer}: healing is paused: the exit is recorded (FAILED) and decided on resume.</li>
 *   <li>{@link Suspended}: healing of the child (or of a subtree above it) is suspended: the failure is
 *       recorded, not acted on (nothing stopped) and not counted; decided when the suspension lifts.</li>
 *   <li>{@link StartPending}: a pending restart's wait is over: start what remains of its group.</li>
 *   <li>{@link Shadow}: dry-run: what the live policy would have done, announced as "would …"; nothing is
 *       stopped, started or counted.</li>
 *   <li>{@link Ignore}: nothing to do (a stale generation, an unknown child, a supervisor not running).</li>
 *   <li>{@link Operate}, {@link Answer}, {@link Invalid}: an operator's child command carried out, answered
 *       with OTP's refusal (nothing done), or refused as invalid (the caller gets an exception).</li>
 *   <li>{@link SetOverride}, {@link LiftOverride}: an override put in force, or lifted (by an operator, or by
 *       its expiry).</li>
 * </ul>
 * The operator decisions' rules are in {@link OperatorPolicy}.
 */
sealed interface Decision {

  /**
   * @param trigger    the child whose exit (or failed start) caused the restart
   * @param group      the children to start, in start order (the trigger and its strategy's siblings)
   * @param removed    TEMPORARY bystanders, removed rather than restarted (never counted)
   * @param delayNanos the trigger's backoff before the group starts; 0 starts it at once
   * @param attempt    the trigger's consecutive failures, this one included (the backoff's attempt)
   * @param cause      the reason of the exit or failed start
   * @param retry      whether this is a retry of a restart whose start failed (OTP try_again_restart)
   */
  record Restart(String trigger, List<String> group, List<String> removed, long delayNanos, int attempt,
      String cause, boolean retry) implements Decision {
    public Restart {
      group = List.copyOf(group);
      removed = List.copyOf(removed);
    }
  }

  /** @param offender the child whose restart would exceed the intensity */
  record Escalate(String offender, String cause) implements Decision {}

  /** @param child the significant child whose end shuts the supervisor down */
  record SignificantShutdown(String child, ExitReason reason) implements Decision {}

  record Remove(String child, ExitReason reason) implements Decision {}

  record LeaveStopped(String child, ExitReason reason) implements Decision {}

  record Defer(String child, ExitReason reason) implements Decision {}

  /** @param override the suspension holding it (its path, actor and reason) */
  record Suspended(String child, ExitReason reason, HealingOverride override) implements Decision {}

  record StartPending(String trigger, long token) implements Decision {}

  /** @param wouldBe the decision the live policy takes for the same signal against the shadow window */
  record Shadow(Decision wouldBe) implements Decision {}

  record Ignore(String why) implements Decision {}

  /**
   * Diagnosis: child {@code child} failed while {@code dependency} was down: held, not restarted, not counted.
   *
   * @param dependency    a sibling id or a health source name
   * @param signal        what showed the dependency down ("state RESTARTING", "health DOWN: ...")
   * @param since         when the dependency went down, when known; null: when the hold was observed
   * @param cause         the dependent's own failure
   * @param instanceEnded whether the dependent's instance ended (it is then cleaned up; else it is kept)
   * @param planStep      the recovery plan's step that holds it (QUARANTINE, NOT_READY; {@code signal} names
   *                      its number); null for a hold by diagnosis (a dependency down)
   */
  record Hold(String child, String dependency, String signal, java.time.Instant since, String cause,
      boolean instanceEnded, dev.selfheal.core.RecoveryPlan.Step planStep) implements Decision {
    /** Whether a plan step holds it (released by its own rules), not a dependency down. */
    boolean byPlan() {
      return planStep != null;
    }

    /** Why, in a few words, for the snapshot ({@link dev.selfheal.core.ChildSnapshot#held()}). */
    String describe() {
      if (!byPlan()) {
        return "dependency '" + dependency + "' is down (" + signal + ")";
      }
      return (planStep.action() == dev.selfheal.core.RecoveryPlan.Action.NOT_READY ? "not ready by "
          : "quarantined by ") + signal;
    }
  }

  /**
   * A recovery plan's step for a failure of {@code child} ({@link dev.selfheal.core.RecoveryPlan}).
   *
   * @param index  the step (0-based); -1 when no step was available (then {@code then} escalates)
   * @param cost   what {@code then}, a restart, charges to the intensity window
   * @param why    the steps skipped and why, for the journal
   * @param then   what the step does: a {@link Restart}, an {@link Escalate}, a quarantine {@link Hold}, or
   *               null for a reset in place
   */
  record PlanStep(String child, int index, dev.selfheal.core.RecoveryPlan.Action action, int cost, String why,
      Decision then) implements Decision {}

  /**
   * Blast radius: the restart {@code wouldBe} would exceed the tree's {@link dev.selfheal.core.BlastRadius};
   * it waits and is decided again when another restart ends. Not counted.
   *
   * @param restarting children of the tree restarting now
   * @param notServing children of the tree not RUNNING now, of {@code children}
   * @param again      whether the child was already waiting (then nothing is journaled again)
   */
  record AwaitHealingSlot(Restart wouldBe, int restarting, int notServing, int children, boolean again)
      implements Decision {}

  /** A held child stays held: its dependency is still down, or an override (pause, dry-run) is in force. */
  record StillHeld(String child) implements Decision {}

  /**
   * Releases held child {@code child}: its kept instance serves again, or an ended one is started (not counted).
   *
   * @param actor who released it: automatic (dependencies up) or an operator
   * @param why   for an automatic release of a plan's hold: what released it ("held for PT30S"); else empty
   */
  record Release(String child, dev.selfheal.core.event.Actor actor, boolean start, String why) implements Decision {
    Release(String child, dev.selfheal.core.event.Actor actor, boolean start) {
      this(child, actor, start, "");
    }
  }

  /**
   * Carry out operator command {@code command}: never counted toward the intensity, never an auto_shutdown.
   *
   * @param wasRunning     whether the child had an instance when the command was decided
   * @param cancelsRestart whether a pending restart (backoff or retry) of the child is cancelled by it
   */
  record Operate(Signal.Command command, boolean wasRunning, boolean cancelsRestart) implements Decision {}

  /** OTP's answer to {@code command} that refuses it ({@code RUNNING}, {@code NOT_FOUND}, ...): nothing is done. */
  record Answer(Signal.Command command, dev.selfheal.core.ChildOutcome outcome) implements Decision {}

  /** {@code command} cannot be carried out: the caller gets an exception naming the {@code problem}. */
  record Invalid(Signal.Command command, Problem problem, String detail) implements Decision {
    /** Why a command is refused. */
    enum Problem {
      /** The supervisor is not RUNNING ({@code detail}: its state): IllegalStateException. */
      NOT_RUNNING,
      /** A significant child under auto_shutdown NEVER (OTP bad_combination): IllegalArgumentException. */
      BAD_COMBINATION,
      /** The child depends on {@code detail}, which is not a sibling: IllegalArgumentException. */
      UNKNOWN_DEPENDENCY
    }
  }

  /**
   * Put {@code override} in force (replacing {@code replaced}, when one of its kind was on its path) and, if
   * {@code expiresAfter} is not null, arm its expiry on the tree's scheduler.
   */
  record SetOverride(HealingOverride override, java.time.Duration expiresAfter, HealingOverride replaced)
      implements Decision {}

  /**
   * Lift the override of {@code kind} on {@code path}: {@code lifted}, or none was in force (null; then
   * nothing changes, but the operator's action is still journaled).
   *
   * @param expired whether it lifted itself at its expiry (then {@code actor} is automatic)
   */
  record LiftOverride(HealingOverride.Kind kind, String path, HealingOverride lifted,
      dev.selfheal.core.event.Actor actor, String reason, boolean expired) implements Decision {}
}
