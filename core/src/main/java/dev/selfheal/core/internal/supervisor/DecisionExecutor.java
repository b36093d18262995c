package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.RestartType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Carries out the {@link Decision}s of one supervisor: the only place where a decision touches child
 * records, the intensity windows and lifecycle calls. Actor only.
 *
 * <p><b>Atomic restarts.</b> A {@link Decision.Restart} with no delay completes within the handling of the
 * signal that caused it (the failed instance stopped, the bystanders stopped in reverse order, the group
 * started in order), as OTP's {@code restart/2} does: no reader and no queued call ever sees the group
 * between those steps. RESTARTING is visible only while a restart waits: for its backoff (Selfheal's
 * extension) or for the retry of a start that failed (OTP's {@code restarting}); an operator stop then
 * cancels it for that child.
 *
 * <p><b>Dry-run.</b> A {@link Decision.Shadow} changes nothing but the shadow: a restart is counted in the
 * shadow window, an escalation or auto_shutdown marks the shadow escalated, and each child's
 * {@link ShadowChild} follows what the live run would have done (a backoff waited, a child ended, a failure
 * deferred); no instance is stopped or started. A child whose
 * instance ended on its own is FAILED (its instance kept, to be stopped as cleanup when a live decision is
 * taken); one that a report declared failed keeps RUNNING and serving. The exit is recorded as the child's
 * last failure either way.
 */
final class DecisionExecutor {
  private final SupervisorNode node;
  private long nextPendingToken;

  DecisionExecutor(SupervisorNode node) {
    this.node = node;
  }

  void execute(Signal signal, Decision d, long now) {
    if (d instanceof Decision.Ignore) {
      return;
    }
    if (d instanceof Decision.SetOverride || d instanceof Decision.LiftOverride) {
      override(d);
      return;
    }
    if (d instanceof Decision.Operate || d instanceof Decision.Answer || d instanceof Decision.Invalid) {
      node.commands.execute(d); // the answer is for the caller: see SupervisorNode#command
      return;
    }
    if (d instanceof Decision.StillHeld || d instanceof Decision.Release) {
      node.holds.execute(d); // diagnosis: see Holds
      return;
    }
    if (d instanceof Decision.StartPending p) {
      ChildRecord trigger = node.table.find(p.trigger());
      ChildRecord.Pending pending = trigger.pending;
      trigger.pending = null;
      startGroup(trigger, pending.members(), pending.tokens());
      return;
    }
    ChildRecord c = node.table.find(signal.id());
    c.waitingForSlot = d instanceof Decision.AwaitHealingSlot;
    ExitReason reason = exitReason(signal);
    if (reason != null && reason.isAbnormal()) {
      c.lastFailure = reason.message();
      c.lastFailureTime = node.tree.wallClock().instant();
      c.touch();
    }
    if (d instanceof Decision.Shadow s) {
      shadow(signal, c, s.wouldBe(), now);
      return;
    }
    if (d instanceof Decision.Suspended) {
      holdWithoutActing(signal, c); // not acted on, not counted
      return;
    }
    if (d instanceof Decision.AwaitHealingSlot) {
      holdWithoutActing(signal, c); // a reported instance keeps serving while it waits
      node.tree.load().await(node, signal);
      return;
    }
    if (d instanceof Decision.Hold h) {
      node.holds.execute(h); // a kept instance must not be stopped below
      return;
    }
    int cost = 1;
    if (d instanceof Decision.PlanStep p) {
      if (p.index() >= 0) {
        if (c.ladder == null) {
          c.ladder = new Ladder(c.spec.plan());
        }
        c.ladder.taken(p.index(), now);
      }
      if (p.then() == null) {
        reset(c, p.index());
        return;
      }
      if (p.then() instanceof Decision.Hold h) {
        node.holds.execute(h); // quarantine
        return;
      }
      d = p.then();
      cost = p.cost();
    }
    if (c.instance != null && reason != null) {
      node.lifecycle.stop(c, "exited: " + reason.message()); // release the failed instance first
    }
    if (d instanceof Decision.Restart r) {
      restart(r, now, cost);
    } else if (d instanceof Decision.Escalate e) {
      node.giveUp(e.offender(), ExitReason.shutdown("reached max restart intensity: child '" + e.offender()
          + "' " + e.cause()), ChildState.FAILED, "shutdown: supervisor '" + node.path
          + "' reached max restart intensity");
    } else if (d instanceof Decision.SignificantShutdown s) {
      if (c.spec.restartType() == RestartType.TEMPORARY) {
        node.remove(c);
      }
      node.giveUp(s.child(), ExitReason.shutdown("auto_shutdown: significant child '" + s.child() + "' ended"),
          ChildState.STOPPED, "shutdown: supervisor '" + node.path + "' shutting down (auto_shutdown)");
    } else if (d instanceof Decision.Remove) {
      node.remove(c);
    } else if (d instanceof Decision.LeaveStopped) {
      c.setState(ChildState.STOPPED);
    } else if (d instanceof Decision.Defer) {
      c.setState(ChildState.FAILED);
      c.failedBy = signal;
    }
  }

  /**
   * Puts an override in force (arming its expiry) or lifts it, then has every supervisor republish and,
   * when one lifted, decide again what it held. Root only: the root owns the tree's overrides.
   */
  private void override(Decision d) {
    Overrides overrides = node.tree.overridesInForce();
    if (d instanceof Decision.SetOverride set) {
      dev.selfheal.core.HealingOverride o = set.override();
      overrides.put(o);
      if (set.expiresAfter() != null) { // a replaced override's expiry finds it superseded: see OperatorPolicy
        Signal expired = new Signal.OverrideExpired(o);
        node.tree.scheduler().schedule(() -> node.signal(expired), set.expiresAfter().toNanos());
      }
      node.tree.overridesChanged(o.path(), false);
    } else {
      Decision.LiftOverride lift = (Decision.LiftOverride) d;
      overrides.remove(lift.kind(), lift.path());
      node.tree.overridesChanged(lift.path(), true);
    }
  }

  private static ExitReason exitReason(Signal signal) {
    if (signal instanceof Signal.ChildExit e) {
      return e.reason();
    }
    return signal instanceof Signal.FailureReported f ? f.reason() : null;
  }

  private void shadow(Signal signal, ChildRecord c, Decision wouldBe, long now) {
    int cost = 1;
    Decision decided = wouldBe;
    if (wouldBe instanceof Decision.PlanStep p) { // taken on the shadow's ladder only: nothing live changes
      cost = p.cost();
      wouldBe = p.then();
    }
    if (wouldBe instanceof Decision.Restart) {
      for (int i = 0; i < cost; i++) {
        node.window().record(now); // the shadow window: node.window() is the shadow in dry-run
      }
      node.changed();
    } else if (wouldBe instanceof Decision.Escalate || wouldBe instanceof Decision.SignificantShutdown) {
      node.shadowEscalated = true; // the live supervisor would be gone
    }
    ShadowChild.afterShadow(signal, decided, now, id -> node.shadowOf(node.table.find(id)));
    holdWithoutActing(signal, c);
  }

  /** An instance that ended on its own is FAILED until decided; one reported failed keeps RUNNING. */
  private static void holdWithoutActing(Signal signal, ChildRecord c) {
    if (signal instanceof Signal.ChildExit) {
      if (c.state() != ChildState.FAILED) {
        c.setState(ChildState.FAILED);
      }
      c.failedBy = signal;
    }
  }

  /**
   * A plan's reset in place: {@link dev.selfheal.core.Recoverable#recover()} on a lifecycle thread, never on
   * the actor, bounded by the step's timeout on the tree's scheduler. Its end (returned, threw, timed out)
   * comes back to the actor as a message; a reset that threw or timed out is a failed step (see
   * {@link #resetEnded}). The child stays RUNNING and serving meanwhile.
   */
  private void reset(ChildRecord c, int step) {
    dev.selfheal.core.Recoverable target = PlanPolicy.recoverable(c);
    long generation = c.generation;
    long startedAt = node.tree.ticker().read();
    long timeout = c.spec.plan().steps().get(step).timeout().toNanos();
    java.util.concurrent.CompletableFuture<ChildRecord.Reset> self = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.Future<?> task;
    try {
      task = node.tree.lifecycleExecutor().submit(() -> {
        Throwable failure = null;
        try {
          target.recover();
        } catch (Throwable t) { // an Error of recover() is its failure too; the thread goes back to the pool
          failure = t;
        }
        Throwable f = failure;
        self.thenAccept(r -> node.post(() -> resetEnded(c, r, f, false, startedAt)));
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return; // the tree is stopping: nothing is reset any more
    }
    dev.selfheal.core.spi.Scheduler.Cancellable timer = node.tree.scheduler().schedule(
        () -> self.thenAccept(r -> node.post(() -> resetEnded(c, r, null, true, startedAt))), timeout);
    c.reset = new ChildRecord.Reset(generation, step, task, timer);
    self.complete(c.reset); // the end and the timeout see the record they belong to
  }

  /**
   * The reset {@code r} of {@code c} returned, threw ({@code failure}) or timed out. Only the first end of
   * the reset still in flight counts: the timer is cancelled when it returns, a late return after the
   * timeout finds another reset (or none) and is dropped; a timeout always interrupts its task. A failure
   * or a timeout journals {@code child.reset-failed}, marks the step failed on the ladder and reports the
   * instance failed, so the plan's next step is decided now. A reset of an instance that is no longer
   * current (or of a supervisor that stopped) just ends.
   */
  private void resetEnded(ChildRecord c, ChildRecord.Reset r, Throwable failure, boolean timedOut, long startedAt) {
    if (timedOut) {
      r.task().cancel(true); // interrupt, even if stale; a recover() that ignores it keeps its thread, abandoned
    }
    if (c.reset != r) {
      return;
    }
    c.reset = null;
    r.timer().cancel();
    if ((failure == null && !timedOut) || !node.running() || !node.table.holds(c) || c.generation != r.generation()) {
      return;
    }
    java.time.Duration took = java.time.Duration.ofNanos(node.tree.ticker().read() - startedAt);
    java.time.Duration bound = c.spec.plan().steps().get(r.step()).timeout();
    String cause = timedOut ? "recover() did not return within " + bound
        : "recover() failed: " + ExitReason.abnormal(failure).message();
    node.announcer.resetFailed(c, r.step(), cause, timedOut ? "reset failed: interrupted and abandoned;"
        + " the plan goes on" : "reset failed; the plan goes on", took);
    if (c.ladder != null) {
      c.ladder.failed(r.step(), timedOut ? "recover() timed out" : "recover() threw");
    }
    node.handle(new Signal.FailureReported(c.id(), c.generation, dev.selfheal.core.FailureReport.of(
        dev.selfheal.core.FailureReport.Source.USER, cause, java.util.Map.of("step", String.valueOf(r.step() + 1)))));
  }

  private void restart(Decision.Restart r, long now, int cost) {
    ChildRecord trigger = node.table.find(r.trigger());
    trigger.consecutiveFailures = r.attempt();
    for (int i = 0; i < cost; i++) {
      node.liveWindow().record(now); // a plan's step is charged by its cost
    }
    node.changed();
    Set<String> members = new HashSet<>(r.group());
    members.addAll(r.removed());
    String why = "shutdown: restarting with sibling '" + trigger.id() + "' (" + node.spec.strategy() + ")";
    for (ChildRecord b : node.table.reversed()) {
      if (members.contains(b.id())) {
        b.pending = null;
        if (b.instance != null) {
          node.lifecycle.stop(b, b == trigger ? "shutdown: restarting after a failed start of a sibling" : why);
        }
      }
    }
    for (String id : r.removed()) {
      node.remove(node.table.find(id));
    }
    List<ChildRecord> group = new ArrayList<>(r.group().size());
    long[] tokens = new long[r.group().size()];
    for (String id : r.group()) {
      ChildRecord b = node.table.find(id);
      b.restartToken++;
      tokens[group.size()] = b.restartToken;
      group.add(b);
      b.setState(ChildState.RESTARTING);
    }
    if (r.delayNanos() <= 0 && !r.retry()) {
      startGroup(trigger, group, tokens);
      return;
    }
    long token = ++nextPendingToken;
    trigger.pending = new ChildRecord.Pending(token, group, tokens);
    Signal due = new Signal.RestartDue(trigger.id(), token);
    if (r.delayNanos() <= 0) {
      node.signal(due); // OTP try_again_restart: a message of its own, so calls are answered in between
    } else {
      node.tree.scheduler().schedule(() -> node.signal(due), r.delayNanos()); // cancelled via the token
    }
  }

  /** Starts a restart group in order; a failed start is a new signal (a counted retry, or an escalation). */
  private void startGroup(ChildRecord trigger, List<ChildRecord> group, long[] tokens) {
    for (int i = 0; i < group.size(); i++) {
      ChildRecord c = group.get(i);
      if (!node.table.holds(c) || c.restartToken != tokens[i] || c.state() != ChildState.RESTARTING) {
        continue; // stopped, deleted or restarted by an operator meanwhile
      }
      try {
        if (node.lifecycle.start(c)) {
          c.restarts++;
        }
      } catch (ChildStartException e) {
        // the children after it stay RESTARTING: the retry decides which of them to start again
        node.handle(new Signal.RestartFailed(c.id(), trigger.id(), e.getMessage()));
        return;
      }
    }
  }
}
