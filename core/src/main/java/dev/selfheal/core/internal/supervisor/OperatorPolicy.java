package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.AutoShutdown;
import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.HealingOverride;
import dev.selfheal.core.event.Actor;

/**
 * The pure rules for operator signals: child commands and overrides. {@link OtpPolicy} delegates them here
 * first, before dry-run, pause and suspensions are looked at: an operator's command is carried out as given,
 * never shadowed, deferred or counted.
 *
 * <p><b>Child commands</b> ({@link Signal.Command}), with OTP's answers (REFERENCE.md 1.9), on a RUNNING
 * supervisor (else {@link Decision.Invalid} NOT_RUNNING):
 * <table>
 *   <caption>command: refusal, else {@link Decision.Operate}</caption>
 *   <tr><td>ADD (start_child)</td><td>significant under auto_shutdown NEVER, or a {@code dependsOn} that is not a
 *       sibling: {@link Decision.Invalid}; the id present: ALREADY_STARTED (it has an instance) or
 *       ALREADY_PRESENT</td></tr>
 *   <tr><td>STOP (terminate_child)</td><td>NOT_FOUND; a pending restart is cancelled ({@code cancelsRestart})</td></tr>
 *   <tr><td>START (restart_child)</td><td>NOT_FOUND, RUNNING (it has an instance), RESTARTING (a restart is pending)</td></tr>
 *   <tr><td>FORCE_RESTART</td><td>NOT_FOUND</td></tr>
 *   <tr><td>DELETE (delete_child)</td><td>NOT_FOUND, RUNNING, RESTARTING</td></tr>
 * </table>
 *
 * <p><b>Overrides</b> (decided by the root, which owns the tree's overrides):
 * <pre>{@code
 *   none ──OverrideSet──► in force ──OverrideLift (operator)──────────────────► none
 *             ▲              │   └──OverrideExpired, if still the one in force──► none (actor automatic)
 *             └──OverrideSet─┘ (replaces it: new reason, new expiry; the old expiry no longer applies)
 * }</pre>
 * An {@link Signal.OverrideExpired} for an override lifted or replaced meanwhile is {@link Decision.Ignore}d.
 * Lifting a pause or dry-run that is not in force is still a {@link Decision.LiftOverride} (the operator's
 * action is journaled); lifting a suspension that is not in force is ignored.
 */
final class OperatorPolicy {
  private static final Decision.Ignore NOT_IN_FORCE = new Decision.Ignore("override not in force");
  private static final Decision.Ignore SUPERSEDED =
      new Decision.Ignore("override lifted or replaced before its expiry");

  private OperatorPolicy() {}

  /** The decision for an operator signal; null when {@code signal} is not one. */
  static Decision decide(PolicyState s, Signal signal) {
    if (signal instanceof Signal.Command c) {
      return command(s, c);
    }
    if (signal instanceof Signal.OverrideSet set) {
      HealingOverride o = set.override();
      return new Decision.SetOverride(o, set.expiresAfter(), s.override(o.kind(), o.path()));
    }
    if (signal instanceof Signal.OverrideLift lift) {
      HealingOverride current = s.override(lift.kind(), lift.path());
      if (current == null && lift.kind() == HealingOverride.Kind.SUSPEND) {
        return NOT_IN_FORCE;
      }
      return new Decision.LiftOverride(lift.kind(), lift.path(), current, lift.actor(), lift.reason(), false);
    }
    if (signal instanceof Signal.OverrideExpired e) {
      HealingOverride o = e.override();
      return s.override(o.kind(), o.path()) != o ? SUPERSEDED // identity: an equal one set again is a new one
          : new Decision.LiftOverride(o.kind(), o.path(), o, Actor.automatic(), o.reason(), true);
    }
    return null;
  }

  private static Decision command(PolicyState s, Signal.Command cmd) {
    if (!s.running()) {
      return new Decision.Invalid(cmd, Decision.Invalid.Problem.NOT_RUNNING, "");
    }
    ChildRecord c = s.child(cmd.id());
    switch (cmd.op()) {
      case ADD:
        return add(s, cmd, c);
      case STOP:
        return c == null ? notFound(cmd)
            : new Decision.Operate(cmd, c.instance != null, c.state() == ChildState.RESTARTING);
      case FORCE_RESTART:
        return c == null ? notFound(cmd) : new Decision.Operate(cmd, c.instance != null, false); // restarted now
      default: // START, DELETE: only a stopped child
        if (c == null) {
          return notFound(cmd);
        }
        if (c.instance != null) {
          return new Decision.Answer(cmd, ChildOutcome.RUNNING);
        }
        return c.state() == ChildState.RESTARTING ? new Decision.Answer(cmd, ChildOutcome.RESTARTING)
            : new Decision.Operate(cmd, false, false);
    }
  }

  private static Decision add(PolicyState s, Signal.Command cmd, ChildRecord existing) {
    if (cmd.spec().significant() && s.spec().autoShutdown() == AutoShutdown.NEVER) {
      return new Decision.Invalid(cmd, Decision.Invalid.Problem.BAD_COMBINATION, "");
    }
    for (String d : cmd.spec().dependsOn()) {
      if (s.child(d) == null) { // appended last: an existing sibling is always declared earlier
        return new Decision.Invalid(cmd, Decision.Invalid.Problem.UNKNOWN_DEPENDENCY, d);
      }
    }
    if (existing != null) {
      return new Decision.Answer(cmd, existing.instance != null ? ChildOutcome.ALREADY_STARTED
          : ChildOutcome.ALREADY_PRESENT);
    }
    return new Decision.Operate(cmd, false, false);
  }

  private static Decision notFound(Signal.Command cmd) {
    return new Decision.Answer(cmd, ChildOutcome.NOT_FOUND);
  }
}
