package dev.selfheal.core.internal.supervisor;

import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_DELETE;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_RESTART;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_START;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_START_CHILD;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_STOP;
import static dev.selfheal.core.event.SupervisorJournalKind.RESTART_CANCELLED;

import dev.selfheal.core.AutoShutdown;
import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.RestartType;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalKind;

/**
 * OTP's child administration on one supervisor ({@code start_child}, {@code terminate_child},
 * {@code restart_child}, {@code delete_child}) plus Selfheal's forced restart, with OTP's answers
 * (REFERENCE.md 1.9). Every call is journaled with its actor. Actor only. None of these counts toward the
 * restart intensity, and none triggers an auto_shutdown.
 */
final class OperatorCommands {
  private final SupervisorNode node;

  OperatorCommands(SupervisorNode node) {
    this.node = node;
  }

  /** OTP {@code start_child}: adds the child and starts it; a child whose start fails is not kept. */
  ChildOutcome add(ChildSpec s, Actor actor) {
    requireRunning();
    if (s.significant() && node.spec.autoShutdown() == AutoShutdown.NEVER) {
      throw new IllegalArgumentException("significant: child '" + s.id() + "' is significant but supervisor '"
          + node.path + "' has autoShutdown NEVER (OTP bad_combination)");
    }
    for (String d : s.dependsOn()) {
      if (node.table.find(d) == null) { // appended last: an existing sibling is always declared earlier
        throw new IllegalArgumentException("dependsOn: child '" + s.id() + "' depends on '" + d
            + "', which is not a child of supervisor '" + node.path + "'");
      }
    }
    ChildRecord existing = node.table.find(s.id());
    if (existing != null) {
      return existing.instance != null ? ChildOutcome.ALREADY_STARTED : ChildOutcome.ALREADY_PRESENT;
    }
    ChildRecord c = new ChildRecord(s, node);
    node.insert(c);
    try {
      return start(c, actor, OPERATOR_START_CHILD, "started", "failed; child not added");
    } catch (ChildStartException e) {
      node.remove(c); // OTP: a child whose start_child fails is not saved
      throw e;
    }
  }

  /**
   * OTP {@code terminate_child}: stops the child and keeps its spec (a TEMPORARY child's is removed);
   * idempotent. A restart waiting for its backoff or retry is cancelled, and the journal says so.
   */
  ChildOutcome stop(String id, Actor actor) {
    ChildRecord c = lookup(id);
    if (c == null) {
      return ChildOutcome.NOT_FOUND;
    }
    if (c.state() == ChildState.RESTARTING) {
      journal(c, RESTART_CANCELLED, "", "restart cancelled by " + actor, actor);
    }
    c.restartToken++;
    c.pending = null;
    c.failedBy = null;
    boolean wasRunning = c.instance != null;
    node.lifecycle.stop(c, "stopped by " + actor);
    if (c.spec.restartType() == RestartType.TEMPORARY) {
      node.remove(c);
    }
    journal(c, OPERATOR_STOP, "", wasRunning ? "stopped" : "already stopped", actor);
    return ChildOutcome.OK;
  }

  /** OTP {@code restart_child}: starts a stopped child; RUNNING or RESTARTING if it is not stopped. */
  ChildOutcome restart(String id, Actor actor) {
    ChildRecord c = lookup(id);
    ChildOutcome refusal = refuseUnlessStopped(c);
    if (refusal != null) {
      return refusal;
    }
    c.restartToken++;
    return start(c, actor, OPERATOR_START, "started", "failed; child stays stopped");
  }

  /** Selfheal's forced restart: stops the child if it runs (or waits to), then starts it. Not counted. */
  ChildOutcome forceRestart(String id, Actor actor) {
    ChildRecord c = lookup(id);
    if (c == null) {
      return ChildOutcome.NOT_FOUND;
    }
    c.restartToken++;
    c.pending = null;
    node.lifecycle.stop(c, "restart by " + actor);
    return start(c, actor, OPERATOR_RESTART, "restarted (not counted toward intensity)",
        "failed; child stays stopped");
  }

  /** OTP {@code delete_child}: removes a stopped child's spec; RUNNING or RESTARTING otherwise. */
  ChildOutcome delete(String id, Actor actor) {
    ChildRecord c = lookup(id);
    ChildOutcome refusal = refuseUnlessStopped(c);
    if (refusal != null) {
      return refusal;
    }
    node.remove(c);
    journal(c, OPERATOR_DELETE, "", "deleted", actor);
    return ChildOutcome.OK;
  }

  /** Starts {@code c} for an operator call and journals the outcome; a failed start is rethrown. */
  private ChildOutcome start(ChildRecord c, Actor actor, JournalKind kind, String done, String failed) {
    try {
      node.lifecycle.start(c);
    } catch (ChildStartException e) {
      journal(c, kind, e.getMessage(), failed, actor);
      throw e;
    }
    journal(c, kind, "", done, actor);
    return ChildOutcome.OK;
  }

  private void journal(ChildRecord c, JournalKind kind, String cause, String decision, Actor actor) {
    node.announcer.operator(node.announcer.childPath(c.id()), kind, cause, decision, actor);
  }

  /** The child for an operator call, or null; the supervisor must be running. */
  private ChildRecord lookup(String id) {
    requireRunning();
    return node.table.find(id);
  }

  /** OTP's refusals for calls that need a stopped child (restart_child, delete_child); null when it is stopped. */
  private static ChildOutcome refuseUnlessStopped(ChildRecord c) {
    if (c == null) {
      return ChildOutcome.NOT_FOUND;
    }
    if (c.instance != null) {
      return ChildOutcome.RUNNING;
    }
    return c.state() == ChildState.RESTARTING ? ChildOutcome.RESTARTING : null;
  }

  private void requireRunning() {
    if (!node.running()) {
      throw new IllegalStateException("supervisor '" + node.path + "' is " + node.state() + ", not RUNNING");
    }
  }
}
