package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildState;
import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthStatus;

/**
 * Diagnosis as a {@link HealingPolicy} decorating {@link OtpPolicy}: a failed child whose declared
 * dependency is down is held ({@link Decision.Hold}), not restarted; everything else is OTP's decision. The
 * user-facing rules and the state diagram are in {@link dev.selfheal.core.Diagnosis}.
 *
 * <p>Order for a failure (exit or report) of a current, RUNNING or FAILED child with a dependency down:
 * dry-run gives {@link Decision.Shadow} of the hold (of the suspension if one holds it); a suspension or
 * pause gives OTP's {@link Decision.Suspended} or {@link Decision.Defer} (decided again, by this policy, when
 * it lifts); otherwise {@link Decision.Hold}. With no dependency down, or none declared, OTP decides.
 *
 * <p>A held child: a new failure report is ignored (it is already held); the end of its kept instance is a
 * hold again (the instance is cleaned up). {@link Signal.HoldCheck} gives {@link Decision.Release} once no
 * dependency is down and no pause or dry-run is in force, else {@link Decision.StillHeld}; a hold by a plan's
 * step (QUARANTINE, NOT_READY) is released instead by that step's rules ({@code releaseWhen}'s source UP,
 * {@code holdFor} elapsed, see {@link RecoveryPlan});
 * {@link Signal.ReleaseRequested} releases it regardless (an operator decided).
 *
 * <p>Dependency down: a sibling not RUNNING (HELD counts as down, so holds propagate along a chain); a
 * health source DOWN. The first down dependency in declaration order (siblings first) is the evidence.
 */
final class DiagnosisPolicy implements HealingPolicy {
  static final DiagnosisPolicy INSTANCE = new DiagnosisPolicy(OtpPolicy.INSTANCE);

  private static final Decision.Ignore NOT_HELD = new Decision.Ignore("child is not held");
  private static final Decision.Ignore ALREADY_HELD = new Decision.Ignore("child is already held");

  private final HealingPolicy otp;

  DiagnosisPolicy(HealingPolicy otp) {
    this.otp = otp;
  }

  @Override
  public Decision decide(PolicyState s, Signal signal, long now) {
    if (!s.running()) {
      return otp.decide(s, signal, now);
    }
    if (signal instanceof Signal.HoldCheck h) {
      ChildRecord c = s.child(h.id());
      if (c == null || c.state() != ChildState.HELD) {
        return NOT_HELD;
      }
      if (s.paused() || s.dryRun()) {
        return new Decision.StillHeld(c.id());
      }
      if (c.hold.byPlan()) {
        return planRelease(s, c, now);
      }
      return down(s, c, null) != null ? new Decision.StillHeld(c.id())
          : new Decision.Release(c.id(), Actor.automatic(), c.instance == null);
    }
    if (signal instanceof Signal.ReleaseRequested r) {
      ChildRecord c = s.child(r.id());
      return c == null || c.state() != ChildState.HELD ? NOT_HELD
          : new Decision.Release(c.id(), r.actor(), c.instance == null);
    }
    boolean exit = signal instanceof Signal.ChildExit;
    if (!exit && !(signal instanceof Signal.FailureReported)) {
      return otp.decide(s, signal, now);
    }
    ChildRecord c = s.child(signal.id());
    long generation = exit ? ((Signal.ChildExit) signal).generation() : ((Signal.FailureReported) signal).generation();
    if (c == null || c.generation != generation) {
      return otp.decide(s, signal, now);
    }
    if (c.state() == ChildState.HELD) {
      if (!exit || c.instance == null) {
        return ALREADY_HELD;
      }
      Decision.Hold was = c.hold;
      return new Decision.Hold(c.id(), was.dependency(), was.signal(), was.since(), cause(signal), true,
          was.planStep());
    }
    if (c.state() != ChildState.RUNNING && c.state() != ChildState.FAILED) {
      return otp.decide(s, signal, now);
    }
    Decision.Hold hold = down(s, c, signal);
    if (hold == null) {
      return otp.decide(s, signal, now);
    }
    if (s.dryRun()) {
      Decision.Shadow otpShadow = (Decision.Shadow) otp.decide(s, signal, now);
      return otpShadow.wouldBe() instanceof Decision.Suspended ? otpShadow : new Decision.Shadow(hold);
    }
    if (s.paused() || s.suspension(c.id()) != null) {
      return otp.decide(s, signal, now);
    }
    return hold;
  }

  /** The hold for the first down dependency of {@code c}, or null when all are up. */
  private static Decision.Hold down(PolicyState s, ChildRecord c, Signal failure) {
    String cause = failure == null ? "" : cause(failure);
    boolean ended = failure instanceof Signal.ChildExit;
    for (String id : c.spec.dependsOn()) {
      ChildRecord d = s.child(id);
      if (d == null) {
        return new Decision.Hold(c.id(), id, "sibling deleted", null, cause, ended, null);
      }
      if (d.state() != ChildState.RUNNING) {
        return new Decision.Hold(c.id(), id, "sibling " + d.state() + (d.lastFailure == null ? ""
            : " (last failure: " + d.lastFailure + ")"), d.lastFailureTime, cause, ended, null);
      }
    }
    for (String name : c.spec.dependsOnHealth()) {
      HealthReport r = s.health(name);
      if (r != null && r.status() == HealthStatus.DOWN) {
        return new Decision.Hold(c.id(), name, "health DOWN" + (r.message().isEmpty() ? "" : ": " + r.message()),
            null, cause, ended, null);
      }
    }
    return null;
  }

  /**
   * A plan's hold (QUARANTINE, NOT_READY) is released by its step's rules: its health source UP, or its
   * {@code holdFor} elapsed since it was taken; else it stays held (an operator may still release it).
   */
  private static Decision planRelease(PolicyState s, ChildRecord c, long now) {
    RecoveryPlan.Step step = c.hold.planStep();
    if (step.releaseWhen() != null) {
      HealthReport r = s.health(step.releaseWhen());
      if (r != null && r.status() == HealthStatus.UP) {
        return new Decision.Release(c.id(), Actor.automatic(), c.instance == null,
            "health source '" + step.releaseWhen() + "' is UP");
      }
    }
    long bound = step.holdFor().toNanos();
    if (bound > 0 && now - c.heldAtNanos >= bound) {
      return new Decision.Release(c.id(), Actor.automatic(), c.instance == null, "held for " + step.holdFor());
    }
    return new Decision.StillHeld(c.id());
  }

  private static String cause(Signal signal) {
    return signal instanceof Signal.ChildExit e ? e.reason().message()
        : ((Signal.FailureReported) signal).report().reason();
  }
}
