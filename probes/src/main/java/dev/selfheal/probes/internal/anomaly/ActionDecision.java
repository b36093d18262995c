package dev.selfheal.probes.internal.anomaly;

import dev.selfheal.core.FailureReport;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.probes.anomaly.ProactiveAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a watch decided to do about one warning's {@link ProactiveAction}: a value, computed by
 * {@link #decide} from the actions and the tree's overrides, performed by {@link PolicyCommands} (or the
 * supervisor) and described by the watch's announcer from its fields.
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

  /** Not done, and why (healing paused or suspended, no running instance). */
  record Withheld(ProactiveAction action, String why) implements ActionDecision {

    /** For humans, such as {@code restart withheld: no running instance}. */
    String describe() {
      return ActionDecision.describe(action) + " withheld: " + why;
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
   * decisions.
   *
   * @param generation the component's running instance, 0 if none
   */
  static List<ActionDecision> decide(List<ProactiveAction> actions, Overrides overrides, long generation,
      FailureReport report) {
    List<ActionDecision> out = new ArrayList<>(actions.size());
    for (ProactiveAction a : actions) {
      if (a instanceof ProactiveAction.Restart) {
        out.add(generation > 0 ? new Report(report, generation) : new Withheld(a, "no running instance"));
      } else if (overrides.paused()) {
        out.add(new Withheld(a, "healing paused"));
      } else if (overrides.suspended()) {
        out.add(new Withheld(a, "healing suspended"));
      } else if (a instanceof ProactiveAction.OpenBreaker b) {
        out.add(new Command(a, PolicyControl.CIRCUIT_BREAKER, b.breaker(), PolicyControl.Action.FORCE_OPEN, 0,
            b.openFor(), overrides.dryRun()));
      } else if (a instanceof ProactiveAction.ShedLoad s) {
        out.add(new Command(a, PolicyControl.BULKHEAD, s.bulkhead(), PolicyControl.Action.SET_LIMIT, s.limit(),
            s.duration(), overrides.dryRun()));
      }
    }
    return out;
  }
}
