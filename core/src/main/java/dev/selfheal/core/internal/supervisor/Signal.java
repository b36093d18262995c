package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ExitReason;
import dev.selfheal.core.FailureReport;
import dev.selfheal.core.spi.HealthStatus;

/**
 * An input to one supervisor's {@link HealingPolicy}: everything that can lead to a healing decision is one
 * of these values, so that the policy is a pure function of (state, signal, now).
 *
 * <p>Operator child commands (OTP's start, terminate, restart, delete) are answered by
 * {@link OperatorCommands} with OTP's outcomes; they do not go through the policy, as OTP's
 * {@code handle_call} clauses do not go through {@code restart/2}.
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
}
