package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.RecoveryPlan;

/**
 * The effects of diagnosis's decisions on one supervisor ({@link Decision.Hold}, {@link Decision.StillHeld},
 * {@link Decision.Release}), kept out of {@link DecisionExecutor}, which delegates here, and the re-checks of
 * held children: after every other decision of the supervisor, and every {@code recheckEvery} while one is
 * held (one timer per supervisor, on the tree's scheduler, so a manual scheduler drives it in tests).
 * Actor only.
 */
final class Holds {
  private final SupervisorNode node;
  private boolean timerArmed;

  Holds(SupervisorNode node) {
    this.node = node;
  }

  void execute(Decision.Hold h) {
    ChildRecord c = node.table.find(h.child());
    if (h.instanceEnded() && c.instance != null) {
      node.lifecycle.stop(c, "exited: " + h.cause()); // release what is left of the ended instance
    }
    c.hold = h;
    c.failedBy = null;
    if (c.state() != ChildState.HELD) {
      c.heldAtNanos = node.tree.ticker().read(); // an ended kept instance held again keeps its hold's start
    }
    c.setState(ChildState.HELD);
    if (h.byPlan()) {
      RecoveryPlan.Step step = h.planStep();
      if (step.action() == RecoveryPlan.Action.NOT_READY) {
        node.tree.notReady(node.announcer.childPath(c.id()), h.signal() + " (NOT_READY, for at most "
            + step.holdFor() + "): " + h.cause());
      }
    }
    armTimer();
  }

  void execute(Decision d) {
    if (d instanceof Decision.StillHeld) {
      armTimer();
      return;
    }
    Decision.Release r = (Decision.Release) d;
    ChildRecord c = node.table.find(r.child());
    c.hold = null;
    if (c.instance != null) {
      c.setState(ChildState.RUNNING);
      // the hold announced this instance's end (ChildExited): say it serves again, so probes resume on it
      node.announcer.started(c, c.instance);
      return;
    }
    try {
      node.lifecycle.start(c);
    } catch (ChildStartException e) {
      node.handle(new Signal.RestartFailed(c.id(), c.id(), e.getMessage())); // a real failure now: OTP's retry
    }
  }

  /** Checks every held child once, in start order (so a chain of holds is released in one pass). */
  void recheck() {
    for (ChildRecord c : node.table.all()) {
      if (node.table.holds(c) && c.state() == ChildState.HELD) {
        node.decide(new Signal.HoldCheck(c.id()));
      }
    }
  }

  boolean any() {
    for (ChildRecord c : node.table.inOrder()) {
      if (c.state() == ChildState.HELD) {
        return true;
      }
    }
    return false;
  }

  private void armTimer() {
    if (timerArmed) {
      return;
    }
    timerArmed = true;
    long every = node.tree.diagnosis().recheckEvery().toNanos();
    node.tree.scheduler().schedule(() -> node.post(this::timerFired), every);
  }

  private void timerFired() {
    timerArmed = false;
    if (node.running() && any()) {
      recheck();
    }
  }
}
