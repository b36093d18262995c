package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.RestartType;

/**
 * Carries out the operator child commands of one supervisor as {@link OperatorPolicy} decided them
 * ({@link Decision.Operate}, {@link Decision.Answer}, {@link Decision.Invalid}), with OTP's answers
 * (REFERENCE.md 1.9); the {@link DecisionExecutor}'s part for operator commands. Each outcome is announced
 * with its actor once known ({@link Announcer#commandDone}). None of these counts toward the restart
 * intensity, and none triggers an auto_shutdown. Actor only.
 */
final class OperatorCommands {
  private final SupervisorNode node;

  OperatorCommands(SupervisorNode node) {
    this.node = node;
  }

  /** Carries out {@code d}, decided for an operator command; the answer to the caller. */
  ChildOutcome execute(Decision d) {
    if (d instanceof Decision.Answer a) {
      return a.outcome();
    }
    if (d instanceof Decision.Invalid i) {
      throw invalid(i);
    }
    Decision.Operate o = (Decision.Operate) d;
    Signal.Command cmd = o.command();
    switch (cmd.op()) {
      case ADD:
        return add(o);
      case STOP:
        return stop(node.table.find(cmd.id()), o);
      case START: {
        ChildRecord c = node.table.find(cmd.id());
        c.restartToken++;
        return start(c, o);
      }
      case FORCE_RESTART: {
        ChildRecord c = node.table.find(cmd.id());
        c.restartToken++;
        c.pending = null;
        node.lifecycle.stop(c, "restart by " + cmd.actor());
        return start(c, o);
      }
      default: { // DELETE
        ChildRecord c = node.table.find(cmd.id());
        node.remove(c);
        node.announcer.commandDone(o, null);
        return ChildOutcome.OK;
      }
    }
  }

  /** OTP {@code start_child}: adds the child and starts it; a child whose start fails is not kept. */
  private ChildOutcome add(Decision.Operate o) {
    ChildRecord c = new ChildRecord(o.command().spec(), node);
    node.insert(c);
    try {
      return start(c, o);
    } catch (ChildStartException e) {
      node.remove(c); // OTP: a child whose start_child fails is not saved
      throw e;
    }
  }

  /**
   * OTP {@code terminate_child}: stops the child and keeps its spec (a TEMPORARY child's is removed);
   * idempotent. A restart waiting for its backoff or retry is cancelled (announced with the decision).
   */
  private ChildOutcome stop(ChildRecord c, Decision.Operate o) {
    c.restartToken++;
    c.pending = null;
    c.failedBy = null;
    node.lifecycle.stop(c, "stopped by " + o.command().actor());
    if (c.spec.restartType() == RestartType.TEMPORARY) {
      node.remove(c);
    }
    node.announcer.commandDone(o, null);
    return ChildOutcome.OK;
  }

  /** Starts {@code c} for an operator command and announces the outcome; a failed start is rethrown. */
  private ChildOutcome start(ChildRecord c, Decision.Operate o) {
    try {
      node.lifecycle.start(c);
    } catch (ChildStartException e) {
      node.announcer.commandDone(o, e.getMessage());
      throw e;
    }
    node.announcer.commandDone(o, null);
    return ChildOutcome.OK;
  }

  private RuntimeException invalid(Decision.Invalid i) {
    Signal.Command cmd = i.command();
    switch (i.problem()) {
      case NOT_RUNNING:
        return new IllegalStateException("supervisor '" + node.path + "' is " + node.state() + ", not RUNNING");
      case BAD_COMBINATION:
        return new IllegalArgumentException("significant: child '" + cmd.id() + "' is significant but supervisor '"
            + node.path + "' has autoShutdown NEVER (OTP bad_combination)");
      default:
        return new IllegalArgumentException("dependsOn: child '" + cmd.id() + "' depends on '" + i.detail()
            + "', which is not a child of supervisor '" + node.path + "'");
    }
  }
}
