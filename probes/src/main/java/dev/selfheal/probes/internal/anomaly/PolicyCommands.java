package dev.selfheal.probes.internal.anomaly;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.core.spi.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The executor of {@link ActionDecision.Command}s: applies each to the policy it names among the
 * {@link RuntimeContext}'s policy controls, and undoes it when its time is up (a forced-open breaker is
 * closed, a lowered bulkhead gets its limit back).
 *
 * <pre>{@code
 *             command applied                 undoAfter elapsed (the latest command's)
 *   NORMAL ─────────────────────► APPLIED ──────────────────────────────────────────► NORMAL (undone)
 *                                  │   ▲
 *                                  └───┘ another command on the same policy: the undo is postponed,
 *                                        the value to restore stays the one from before the first
 * }</pre>
 *
 * A command that finds the policy already in the asked-for state (UNCHANGED) while nothing of ours is pending
 * is left alone: an operator put it there, and undoing it is not ours to do.
 *
 * <p>This class is thread-safe (its methods are synchronized); undos run on the scheduler's thread and are
 * reported to the listener given at construction, outside the lock.
 */
final class PolicyCommands {

  /** What applying or undoing a command did: the control's outcome, and the value it set. */
  record Applied(ActionDecision.Command command, PolicyControl.Action action, int value,
      PolicyControl.Outcome outcome) {

    /** For humans, such as {@code close circuit breaker 'db': DONE}. */
    String describe() {
      String what = action == PolicyControl.Action.SET_LIMIT ? "set bulkhead '" + command.name() + "' limit to " + value
          : action == PolicyControl.Action.CLOSE ? "close circuit breaker '" + command.name() + "'"
          : command.describe();
      return what + ": " + outcome.status() + (outcome.message().isEmpty() ? "" : " (" + outcome.message() + ")");
    }
  }

  private record Pending(int restore, Scheduler.Cancellable undo, PolicyControl control,
      ActionDecision.Command command) {}

  /** The bulkhead metric that says its current limit (the recovery module's policy listing). */
  static final String LIMIT = "maxConcurrentCalls";

  private final RuntimeContext context;
  private final Consumer<Applied> onUndo;
  private final Map<String, Pending> pending = new HashMap<>(); // guarded by this

  PolicyCommands(RuntimeContext context, Consumer<Applied> onUndo) {
    this.context = context;
    this.onUndo = onUndo;
  }

  /** Applies {@code c} (not a dry-run one) and schedules its undo. */
  synchronized Applied apply(ActionDecision.Command c) {
    PolicyControl control = null;
    PolicyControl.Policy policy = null;
    for (PolicyControl pc : context.policyControls()) {
      for (PolicyControl.Policy p : pc.policies()) {
        if (p.kind().equals(c.kind()) && p.name().equals(c.name())) {
          control = pc;
          policy = p;
          break;
        }
      }
      if (control != null) {
        break;
      }
    }
    if (control == null) {
      return new Applied(c, c.command(), c.value(), PolicyControl.Outcome.notFound());
    }
    String key = c.kind() + "/" + c.name();
    Pending before = pending.remove(key);
    int restore = before != null ? before.restore() : currentLimit(policy);
    if (c.command() == PolicyControl.Action.SET_LIMIT && restore < 1) {
      return new Applied(c, c.command(), c.value(), new PolicyControl.Outcome(PolicyControl.Status.INVALID,
          policy.state(), "the bulkhead's current limit is not listed (" + LIMIT + "), so it could not be restored"));
    }
    if (before != null) {
      before.undo().cancel();
    }
    PolicyControl.Outcome outcome = control.apply(c.kind(), c.name(), c.command(), c.value(), Actor.automatic());
    // UNCHANGED with nothing pending: someone else (an operator) put it there, and it is not ours to undo.
    boolean ours = outcome.status() == PolicyControl.Status.DONE
        || (outcome.status() == PolicyControl.Status.UNCHANGED && before != null);
    if (ours) {
      PolicyControl target = control;
      pending.put(key, new Pending(restore, context.scheduler().schedule(() -> undo(target, key, c),
          c.undoAfter().toNanos()), target, c));
    }
    return new Applied(c, c.command(), c.value(), outcome);
  }

  private void undo(PolicyControl control, String key, ActionDecision.Command c) {
    Applied done;
    synchronized (this) {
      Pending p = pending.remove(key);
      if (p == null) {
        return;
      }
      done = undoNow(control, c, p);
    }
    onUndo.accept(done);
  }

  private Applied undoNow(PolicyControl control, ActionDecision.Command c, Pending p) {
    PolicyControl.Action action = c.command() == PolicyControl.Action.SET_LIMIT ? PolicyControl.Action.SET_LIMIT
        : PolicyControl.Action.CLOSE;
    PolicyControl.Outcome outcome = control.apply(c.kind(), c.name(), action, p.restore(), Actor.automatic());
    return new Applied(c, action, p.restore(), outcome);
  }

  /**
   * Undoes every pending command now (the watch stopped: a breaker it forced open must not stay open with
   * nobody left to close it).
   */
  void undoAll() {
    List<Applied> done = new ArrayList<>();
    synchronized (this) {
      for (Pending p : pending.values()) {
        p.undo().cancel(); // an undo already running waits for this lock, then finds nothing pending
        done.add(undoNow(p.control(), p.command(), p));
      }
      pending.clear();
    }
    done.forEach(onUndo);
  }

  private static int currentLimit(PolicyControl.Policy p) {
    Object v = p.metrics().get(LIMIT);
    return v instanceof Number n ? n.intValue() : 0;
  }
}
