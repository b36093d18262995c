package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ExitReason;
import dev.selfheal.core.FailureReport;
import dev.selfheal.core.spi.HealthStatus;

/**
 * An input to one supervisor's {@link HealingPolicy}: everything that can lead to a healing decision is one
 * of these values, so that the policy is a pure function of (state, signal, now).
 *
 * <p>Operator commands are signals too, each with its actor and reason: child administration
 * ({@link Command}: OTP's start, terminate, restart and delete, and Selfheal's forced restart), handled by the
 * child's supervisor; and overrides ({@link OverrideSet}, {@link OverrideLift}, and {@link OverrideExpired}
 * raised by the tree's scheduler), handled by the root, which owns the tree's overrides. Their rules are in
 * {@link OperatorPolicy}: OTP's answers for the child commands (which, as OTP's {@code handle_call}
 * clauses, never go through {@code restart/2}: never counted, never shadowed by dry-run, never deferred).
 */
sealed interface Signal {

  /** The child the signal is about; null for signals about the whole supervisor. */
  String id();

  /** Instance {@code generation} of child {@code id} ended on its own (returned, threw, or told its context). */
  record ChildExit(String id, long generation, ExitReason reason) implements Signal {}

  /**
   * Something outside the instance (a probe, an anomaly detector, a forecast, a supervised handle, user
   * code) declares instance {@code generation} failed. The instance may still be running.
   */
  record FailureReported(String id, long generation, FailureReport report) implements Signal {
    ExitReason reason() {
      return ExitReason.abnormal(report.reason());
    }
  }

  /** Starting child {@code id} failed while carrying out the restart triggered by {@code trigger}. */
  record RestartFailed(String id, String trigger, String cause) implements Signal {}

  /** The wait (backoff, or OTP's try_again_restart) of the pending restart {@code token} of {@code id} is over. */
  record RestartDue(String id, long token) implements Signal {}

  /** Diagnosis: check again whether held child {@code id} can be released (its dependencies may be up). */
  record HoldCheck(String id) implements Signal {}

  /** An operator asks to release held child {@code id} now. */
  record ReleaseRequested(String id, dev.selfheal.core.event.Actor actor) implements Signal {}

  /**
   * A health source that child {@code id} depends on changed. OTP's policy does not act on it (it returns
   * {@link Decision.Ignore}); a richer policy (diagnosis, issue #12) may hold or heal.
   */
  record HealthChanged(String id, String source, HealthStatus status) implements Signal {}

  /**
   * An operator's command on child {@code id} of this supervisor.
   *
   * @param spec the child to add ({@link Op#ADD}); null for the others
   */
  record Command(String id, Op op, dev.selfheal.core.event.Actor actor, String reason,
      dev.selfheal.core.ChildSpec spec) implements Signal {
    /** The child commands, by OTP's names where OTP has them. */
    enum Op {
      /** OTP {@code start_child}. */
      ADD,
      /** OTP {@code terminate_child}. */
      STOP,
      /** OTP {@code restart_child}: starts a stopped child. */
      START,
      /** Selfheal's forced restart: stops the child if it runs, then starts it; not counted. */
      FORCE_RESTART,
      /** OTP {@code delete_child}. */
      DELETE
    }
  }

  /**
   * An operator sets {@code override} (pause, dry-run, a suspension), replacing one of the same kind on the
   * same path; it lifts itself after {@code expiresAfter} (null: never).
   */
  record OverrideSet(dev.selfheal.core.HealingOverride override, java.time.Duration expiresAfter) implements Signal {
    @Override
    public String id() {
      return null;
    }
  }

  /** An operator lifts the override of {@code kind} on {@code path} (resume, dry-run off, lift a suspension). */
  record OverrideLift(dev.selfheal.core.HealingOverride.Kind kind, String path, dev.selfheal.core.event.Actor actor,
      String reason) implements Signal {
    @Override
    public String id() {
      return null;
    }
  }

  /** The tree's scheduler: {@code override} reached its expiry (it lifts itself if still in force). */
  record OverrideExpired(dev.selfheal.core.HealingOverride override) implements Signal {
    @Override
    public String id() {
      return null;
    }
  }
}
