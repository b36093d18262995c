package dev.selfheal.probes.internal.anomaly;

import dev.selfheal.core.FailureReport;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.probes.anomaly.ProactiveAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a watch decided to do about one warning's {@link ProactiveAction}: a value, computed by
 * {@link #decide} from the actions and the tree's overrides (and by {@link #resume} for a deferred one),
 * performed by {@link PolicyCommands} (or the supervisor) and described by the watch's announcer from its
 * fields.
 *
 * <p>A policy command's life, as the supervisor's for a failure (OTP's decision, with Selfheal's pause and
 * suspension: decided when the override lifts):
 * <pre>{@code
 *   warning ──live────────────────────────────────────► Command (applied; "would ..." in dry-run)
 *      │
 *      └──paused, or the component's healing suspended──► Deferred
 *                                                           │ the override lifts (first sample after)
 *                                                           ├──warning still in force──► Command
 *                                                           └──warning over──────────► Dropped
 * }</pre>
 */
sealed interface ActionDecision {

  /** The tree's overrides as they bear on one component when a warning is raised. */
  record Overrides(boolean dryRun, boolean paused, boolean suspended) {}

  /** Report the instance failed: the supervisor decides (its own dry-run, pause and intensity apply). */
  record Report(FailureReport report, long generation) implements ActionDecision {}

  /**
   * Apply {@code command} with {@code value} to the policy {@code kind}/{@code name}, and undo it after
   * {@code undoAfter}; in dry-run, only say so.
   */
  record Command(ProactiveAction action, String kind, String name, PolicyControl.Action command, int value,
      Duration undoAfter, boolean dryRun) implements ActionDecision {

    /** For humans, such as {@code force-open circuit breaker 'db' for PT30S}. */
    String describe() {
      return ActionDecision.describe(action);
    }
  }

  /** Not done, and why (no running instance to restart). */
  record Withheld(ProactiveAction action, String why) implements ActionDecision {

    /** For humans, such as {@code restart withheld: no running instance}. */
    String describe() {
      return ActionDecision.describe(action) + " withheld: " + why;
    }
  }

  /** Not done yet: healing is paused or suspended; decided again by {@link #resume} when that lifts. */
  record Deferred(ProactiveAction action, String why) implements ActionDecision {

    /** For humans, such as {@code force-open circuit breaker 'db' for PT30S deferred: healing paused}. */
    String describe() {
      return ActionDecision.describe(action) + " deferred: " + why;
    }
  }

  /** A deferred command not carried out when healing resumed, and why (its warning is over). */
  record Dropped(ProactiveAction action, String why) implements ActionDecision {

    /** For humans, such as {@code force-open circuit breaker 'db' for PT30S dropped: the warning is over}. */
    String describe() {
      return ActionDecision.describe(action) + " dropped: " + why;
    }
  }

  /** An action for humans. */
  static String describe(ProactiveAction a) {
    if (a instanceof ProactiveAction.OpenBreaker b) {
      return "force-open circuit breaker '" + b.breaker() + "' for " + b.openFor();
    }
    if (a instanceof ProactiveAction.ShedLoad s) {
      return "set bulkhead '" + s.bulkhead() + "' limit to " + s.limit() + " for " + s.duration();
    }
    return "restart";
  }

  /**
   * The policy: one decision per action, in declaration order. Pure: the same arguments give the same
   * decisions. A restart goes to the supervisor, whose own rules defer it while paused; a policy command is
   * deferred while healing is suspended for the component (checked first, as the supervisor does) or paused,
   * and otherwise a command (marked dry-run in dry-run).
   *
   * @param generation the component's running instance, 0 if none
   */
  static List<ActionDecision> decide(List<ProactiveAction> actions, Overrides overrides, long generation,
      FailureReport report) {
    List<ActionDecision> out = new ArrayList<>(actions.size());
    for (ProactiveAction a : actions) {
      if (a instanceof ProactiveAction.Restart) {
        out.add(generation > 0 ? new Report(report, generation) : new Withheld(a, "no running instance"));
      } else {
        out.add(command(a, overrides));
      }
    }
    return out;
  }

  /**
   * A deferred command decided again (at the watch's first sample once no override holds it): deferred still
   * while paused or suspended; dropped if its warning is over (the component is no longer DEGRADED by the
   * watch: the evidence is stale); otherwise the command. Pure.
   *
   * @param warningOver whether the component's DEGRADED time since its latest warning has run out
   */
  static ActionDecision resume(ProactiveAction action, Overrides overrides, boolean warningOver) {
    ActionDecision d = command(action, overrides);
    return d instanceof Command && warningOver ? new Dropped(action, "the warning is over") : d;
  }

  private static ActionDecision command(ProactiveAction a, Overrides overrides) {
    if (overrides.suspended()) {
      return new Deferred(a, "healing suspended");
    }
    if (overrides.paused()) {
      return new Deferred(a, "healing paused");
    }
    if (a instanceof ProactiveAction.OpenBreaker b) {
      return new Command(a, PolicyControl.CIRCUIT_BREAKER, b.breaker(), PolicyControl.Action.FORCE_OPEN, 0,
          b.openFor(), overrides.dryRun());
    }
    ProactiveAction.ShedLoad s = (ProactiveAction.ShedLoad) a;
    return new Command(a, PolicyControl.BULKHEAD, s.bulkhead(), PolicyControl.Action.SET_LIMIT, s.limit(),
        s.duration(), overrides.dryRun());
  }
}
