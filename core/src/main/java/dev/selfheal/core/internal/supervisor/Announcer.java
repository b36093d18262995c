package dev.selfheal.core.internal.supervisor;

/*
 * Why this class is large (469 lines): it holds the wording of every decision, live and dry-run, automatic and
 * operator; keeping them in one class is what makes it the only writer of healing records.
 */

import static dev.selfheal.core.event.SupervisorJournalKind.CHILD_EXIT;
import static dev.selfheal.core.event.SupervisorJournalKind.CHILD_RESTART;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_DELETE;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_DRY_RUN;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_PAUSE;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_RESTART;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_RESUME;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_START;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_START_CHILD;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_STOP;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_SUSPEND;
import static dev.selfheal.core.event.SupervisorJournalKind.OVERRIDE_EXPIRED;
import static dev.selfheal.core.event.SupervisorJournalKind.RESTART_CANCELLED;

import dev.selfheal.core.ExitReason;
import dev.selfheal.core.FailureReport;
import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.HealingOverride;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalKind;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.event.SupervisorEvent.HealingDecision.Kind;
import dev.selfheal.core.event.SupervisorEvent.HealingDecision.Mode;
import dev.selfheal.core.event.SupervisorJournalKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of one supervisor's healing records, events and log lines: each is built from the fields
 * of a typed {@link Decision} (or lifecycle fact), so the three always agree and the sentence for humans is
 * derived from the value, never the other way round. A decision is announced before it is carried out, so
 * whoever sees its effect can already read why; an operator child command's outcome, known only once it is
 * carried out (a start may fail), is announced then ({@link #commandDone}).
 *
 * <p>Evidence: a decision that answers a {@link Signal.FailureReported} carries the report's source and
 * evidence into its journal record ({@link dev.selfheal.core.event.JournalRecord#evidence()}).
 *
 * <p>Every decision's record is written with its {@link SupervisorEvent.HealingDecision} (typed kind and
 * mode) in one place ({@code write}), so that counting decisions never reads a sentence.
 */
final class Announcer {
  private static final Logger LOG = LoggerFactory.getLogger(SupervisorNode.class);

  private final Tree tree;
  private final String path;
  private final SupervisorSpec spec;

  Announcer(Tree tree, String path, SupervisorSpec spec) {
    this.tree = tree;
    this.path = path;
    this.spec = spec;
  }

  String childPath(String id) {
    return path + "/" + id;
  }

  /** Announces {@code d}, taken for {@code signal}. {@link Decision.Ignore} and {@link Decision.StartPending} say nothing. */
  void announce(Signal signal, Decision d) {
    if (d instanceof Decision.SetOverride set) {
      overrideSet(set);
      return;
    }
    if (d instanceof Decision.LiftOverride lift) {
      overrideLifted(lift);
      return;
    }
    if (d instanceof Decision.Operate o) {
      if (o.cancelsRestart()) {
        Actor actor = o.command().actor();
        operator(Kind.RESTART_CANCELLED, childPath(o.command().id()), RESTART_CANCELLED, o.command().reason(),
            "restart cancelled by " + actor, actor);
      }
      return; // its outcome: commandDone
    }
    if (d instanceof Decision.Answer || d instanceof Decision.Invalid) {
      return; // OTP's refusals change nothing and are the caller's answer
    }
    Map<String, String> evidence = evidence(signal);
    boolean exit = signal instanceof Signal.ChildExit || signal instanceof Signal.FailureReported;
    if (d instanceof Decision.Shadow s) {
      shadow(signal, s.wouldBe(), evidence);
      return;
    }
    if (d instanceof Decision.Suspended h) {
      record(Kind.SUSPEND, Mode.SUSPENDED, childPath(h.child()), SupervisorJournalKind.CHILD_SUSPENDED_FAILURE,
          h.reason().message(),
          "healing suspended on '" + h.override().path() + "' by " + h.override().actor()
              + (h.override().reason().isEmpty() ? "" : " (" + h.override().reason() + ")")
              + ": failure recorded, not acted on, not counted", evidence);
      return;
    }
    if (d instanceof Decision.AwaitHealingSlot w) {
      if (!w.again()) {
        if (exit) {
          exited(signal);
        }
        Map<String, String> out = new LinkedHashMap<>(evidence);
        out.put("restarting", String.valueOf(w.restarting()));
        out.put("notServing", String.valueOf(w.notServing()));
        out.put("children", String.valueOf(w.children()));
        record(Kind.AWAIT_HEALING_SLOT, Mode.LIVE, childPath(w.wouldBe().trigger()),
            SupervisorJournalKind.CHILD_HEALING_WAIT, w.wouldBe().cause(),
            "restart waits: " + w.restarting() + " restarting, " + w.notServing() + " of " + w.children()
                + " not serving, within " + tree.blastRadius(), out);
      }
      return;
    }
    if (d instanceof Decision.PlanStep p) {
      planStep(p, Mode.LIVE, evidence);
      if (p.then() != null) {
        announce(signal, p.then());
      } else if (exit) {
        exited(signal);
      }
      return;
    }
    if (d instanceof Decision.Release r) {
      write(Kind.RELEASE, Mode.LIVE, childPath(r.child()), SupervisorJournalKind.CHILD_RELEASE, "",
          "released by " + r.actor() + (r.why().isEmpty() ? "" : " (" + r.why() + ")")
              + (r.start() ? ": started again (not counted)" : ": instance serves again"), r.actor(), Map.of());
      return;
    }
    if (exit && !(d instanceof Decision.Ignore)) {
      exited(signal);
    }
    if (d instanceof Decision.Hold h && h.byPlan()) {
      planHold(h, evidence);
    } else if (d instanceof Decision.Hold h) {
      record(Kind.HOLD, Mode.LIVE, childPath(h.child()), SupervisorJournalKind.CHILD_HOLD, h.cause(),
          "held, not restarted, not counted: dependency '" + h.dependency() + "' is down (" + h.signal() + ")",
          holdEvidence(h, evidence));
    }
    if (d instanceof Decision.Restart r) {
      String decision = (r.retry() ? "retry restart of " : "restart ") + group(r.trigger()) + backoff(r);
      record(Kind.RESTART, Mode.LIVE, childPath(r.trigger()), CHILD_RESTART, r.cause(), decision, evidence);
      publish(new SupervisorEvent.ChildRestarting(childPath(r.trigger()), r.attempt(),
          Duration.ofNanos(r.delayNanos())));
    } else if (d instanceof Decision.Escalate e) {
      LOG.error("supervisor={} child={} reason={} context=reached_max_restart_intensity", path,
          childPath(e.offender()), e.cause());
      record(Kind.ESCALATE, Mode.LIVE, path, SupervisorJournalKind.SUPERVISOR_ESCALATE,
          "child '" + e.offender() + "' exited: " + e.cause(),
          "shutdown: reached max restart intensity (" + spec.intensity() + "); stopping children", evidence);
      publish(new SupervisorEvent.RestartIntensityExceeded(path, e.offender(),
          spec.intensity().maxRestarts(), spec.intensity().period()));
    } else if (d instanceof Decision.SignificantShutdown s) {
      record(Kind.AUTO_SHUTDOWN, Mode.LIVE, path, SupervisorJournalKind.SUPERVISOR_AUTO_SHUTDOWN,
          "significant child '" + s.child() + "' ended: "
          + s.reason().message(), "shutdown: auto_shutdown " + spec.autoShutdown().name().toLowerCase(Locale.ROOT)
          + "; stopping children", evidence);
    } else if (d instanceof Decision.Remove r) {
      record(Kind.REMOVE, Mode.LIVE, childPath(r.child()), CHILD_EXIT, r.reason().message(),
          "not restarted: temporary child removed",
          evidence);
    } else if (d instanceof Decision.LeaveStopped l) {
      record(Kind.STAY_STOPPED, Mode.LIVE, childPath(l.child()), CHILD_EXIT, l.reason().message(),
          "not restarted: transient child ended with "
          + l.reason().kind().name().toLowerCase(Locale.ROOT), evidence);
    } else if (d instanceof Decision.Defer f) {
      record(Kind.DEFER, Mode.DEFERRED, childPath(f.child()), CHILD_EXIT, f.reason().message(),
          "healing paused: decision deferred until resume", evidence);
    }
  }

  private void shadow(Signal signal, Decision wouldBe, Map<String, String> evidence) {
    String cause = cause(signal);
    if (wouldBe instanceof Decision.PlanStep p) {
      planStep(p, Mode.DRY_RUN, evidence);
      if (p.then() != null) {
        shadow(signal, p.then(), evidence);
      }
      return;
    }
    String child = childPath(signal.id());
    if (wouldBe instanceof Decision.Restart r) {
      record(Kind.RESTART, Mode.DRY_RUN, childPath(r.trigger()), CHILD_RESTART, cause,
          "would restart " + group(r.trigger()) + backoff(r) + " (dry-run)", evidence);
    } else if (wouldBe instanceof Decision.Escalate) {
      record(Kind.ESCALATE, Mode.DRY_RUN, child, CHILD_RESTART, cause,
          "would escalate (dry-run): restart intensity " + spec.intensity() + " would be exceeded", evidence);
    } else if (wouldBe instanceof Decision.SignificantShutdown) {
      record(Kind.AUTO_SHUTDOWN, Mode.DRY_RUN, child, CHILD_EXIT, cause,
          "would shut the supervisor down (dry-run): auto_shutdown "
              + spec.autoShutdown().name().toLowerCase(Locale.ROOT), evidence);
    } else if (wouldBe instanceof Decision.Remove) {
      record(Kind.REMOVE, Mode.DRY_RUN, child, CHILD_EXIT, cause,
          "would not restart (dry-run): temporary child removed", evidence);
    } else if (wouldBe instanceof Decision.LeaveStopped) {
      record(Kind.STAY_STOPPED, Mode.DRY_RUN, child, CHILD_EXIT, cause,
          "would not restart (dry-run): transient child stays stopped", evidence);
    } else if (wouldBe instanceof Decision.Defer) {
      record(Kind.DEFER, Mode.DRY_RUN, child, CHILD_EXIT, cause, "would defer (dry-run): healing paused", evidence);
    } else if (wouldBe instanceof Decision.Hold h && h.byPlan()) {
      boolean notReady = h.planStep().action() == RecoveryPlan.Action.NOT_READY;
      record(notReady ? Kind.NOT_READY : Kind.HOLD, Mode.DRY_RUN, childPath(h.child()),
          notReady ? SupervisorJournalKind.CHILD_NOT_READY : SupervisorJournalKind.CHILD_HOLD,
          cause, (notReady ? "would mark not ready" : "would quarantine") + " (dry-run): " + h.signal(),
          holdEvidence(h, evidence));
    } else if (wouldBe instanceof Decision.Hold h) {
      record(Kind.HOLD, Mode.DRY_RUN, childPath(h.child()), SupervisorJournalKind.CHILD_HOLD, cause,
          "would hold (dry-run): dependency '" + h.dependency() + "' is down (" + h.signal() + ")",
          holdEvidence(h, evidence));
    } else if (wouldBe instanceof Decision.Suspended) {
      record(Kind.SUSPEND, Mode.DRY_RUN, child, SupervisorJournalKind.CHILD_SUSPENDED_FAILURE, cause,
          "would hold (dry-run): healing suspended", evidence);
    }
  }

  private void exited(Signal signal) {
    String cause = cause(signal);
    LOG.info("supervisor={} child={} reason={} context=child_exit", path, childPath(signal.id()), cause);
    ExitReason reason = signal instanceof Signal.ChildExit e ? e.reason() : ((Signal.FailureReported) signal).reason();
    long generation = signal instanceof Signal.ChildExit e ? e.generation()
        : ((Signal.FailureReported) signal).generation();
    publish(new SupervisorEvent.ChildExited(childPath(signal.id()), generation, reason));
  }

  /** A child that exited on its own while its supervisor was stopping: its own reason, and no restart. */
  void exitedDuringShutdown(ChildRecord c, ExitReason reason) {
    LOG.info("supervisor={} child={} reason={} context=child_exit_during_shutdown", path, childPath(c.id()),
        reason.message());
    record(Kind.STAY_STOPPED, Mode.LIVE, childPath(c.id()), CHILD_EXIT, reason.message(),
        "not restarted: its supervisor is stopping", Map.of());
    publish(new SupervisorEvent.ChildExited(childPath(c.id()), c.generation, reason));
  }

  /** A held child's instance is kept: probes go on probing it (see {@link SupervisorEvent.ChildHeld}). */
  void held(ChildRecord c, Object instance, String reason) {
    Object published = instance instanceof WorkerRun w ? w.worker() : instance;
    publish(new SupervisorEvent.ChildHeld(childPath(c.id()), c.generation, published, reason));
  }

  void started(ChildRecord c, Object instance) {
    Object published = instance instanceof WorkerRun w ? w.worker() : instance;
    publish(new SupervisorEvent.ChildStarted(childPath(c.id()), c.generation, published));
  }

  void ignored(ChildRecord c, boolean kept) {
    lifecycle(childPath(c.id()), SupervisorJournalKind.CHILD_IGNORED, "start returned ignore",
        kept ? "not started: spec kept with no instance" : "not started: temporary child not kept", Map.of());
  }

  void stopped(ChildRecord c, String why, String outcome, Duration took) {
    if (!outcome.equals("shutdown")) {
      LOG.warn("supervisor={} child={} reason={} context=shutdown_error outcome={}", path, childPath(c.id()), why,
          outcome);
      tree.journal().append(childPath(c.id()), SupervisorJournalKind.CHILD_STOP, why, outcome, Actor.automatic(),
          took);
    }
    publish(new SupervisorEvent.ChildStopped(childPath(c.id()), c.generation,
        outcome.startsWith("killed") ? "killed" : "shutdown", took));
  }

  void startFailedAtInit(String cause) {
    lifecycle(path, SupervisorJournalKind.SUPERVISOR_START_FAILED, cause,
        "stopped started children in reverse order; supervisor not started", Map.of());
  }

  void internalError(Throwable t) {
    LOG.error("supervisor={} internal error while handling a message", path, t);
    lifecycle(path, SupervisorJournalKind.SUPERVISOR_INTERNAL_ERROR, ExitReason.abnormal(t).message(),
        "message dropped; supervisor continues", Map.of());
  }

  /** The outcome of operator command {@code o}, carried out: done, or its start failed with {@code failure}. */
  void commandDone(Decision.Operate o, String failure) {
    Signal.Command cmd = o.command();
    String cause = failure != null ? failure : cmd.reason();
    switch (cmd.op()) {
      case ADD -> operator(Kind.START_CHILD, childPath(cmd.id()), OPERATOR_START_CHILD, cause,
          failure == null ? "started" : "failed; child not added", cmd.actor());
      case START -> operator(Kind.START, childPath(cmd.id()), OPERATOR_START, cause,
          failure == null ? "started" : "failed; child stays stopped", cmd.actor());
      case FORCE_RESTART -> operator(Kind.FORCE_RESTART, childPath(cmd.id()), OPERATOR_RESTART, cause,
          failure == null ? "restarted (not counted toward intensity)" : "failed; child stays stopped", cmd.actor());
      case STOP -> operator(Kind.STOP, childPath(cmd.id()), OPERATOR_STOP, cause, o.wasRunning() ? "stopped" : "already stopped",
          cmd.actor());
      case DELETE -> operator(Kind.DELETE, childPath(cmd.id()), OPERATOR_DELETE, cause, "deleted", cmd.actor());
    }
  }

  private void overrideSet(Decision.SetOverride set) {
    HealingOverride o = set.override();
    String what = switch (o.kind()) {
      case PAUSE -> "automatic healing paused; failures are recorded, decisions wait";
      case DRY_RUN -> "dry-run on: decisions are journaled as 'would ...' and not carried out";
      case SUSPEND -> "healing suspended for '" + o.path()
          + "' and everything under it: failures recorded, not acted on, not counted";
    };
    operator(Kind.OVERRIDE_SET, o.path(), overrideKind(o.kind()), o.reason(),
        what + (set.expiresAfter() == null ? "" : "; expires after " + set.expiresAfter()), o.actor());
  }

  private void overrideLifted(Decision.LiftOverride lift) {
    if (lift.expired()) {
      HealingOverride o = lift.lifted();
      String kind = o.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
      operator(Kind.OVERRIDE_EXPIRED, o.path(), OVERRIDE_EXPIRED, o.reason(),
          kind + " set by " + o.actor() + " expired and lifted itself; failed children are decided now", lift.actor());
      return;
    }
    String what = switch (lift.kind()) {
      case PAUSE -> "automatic healing resumed; deferred failures are decided now";
      case DRY_RUN -> "dry-run off: decisions are carried out; failed children are decided now";
      case SUSPEND -> "suspension lifted: failed children are decided now";
    };
    JournalKind kind = lift.kind() == HealingOverride.Kind.PAUSE ? OPERATOR_RESUME : overrideKind(lift.kind());
    operator(Kind.OVERRIDE_LIFTED, lift.path(), kind, lift.reason(), what, lift.actor());
  }

  private static JournalKind overrideKind(HealingOverride.Kind kind) {
    return switch (kind) {
      case PAUSE -> OPERATOR_PAUSE;
      case DRY_RUN -> OPERATOR_DRY_RUN;
      case SUSPEND -> OPERATOR_SUSPEND;
    };
  }

  /** An operator's action on {@code target} (a child path, this supervisor's, or an override's path). */
  private void operator(Kind kind, String target, JournalKind journalKind, String cause, String decision,
      Actor actor) {
    write(kind, Mode.LIVE, target, journalKind, cause, decision, actor, Map.of());
  }

  /**
   * Publishes {@code e}. The bus isolates throwing listeners but rethrows {@link VirtualMachineError}s; a
   * decision must not be left half-done by a listener, so even those are contained here and journaled.
   */
  private void publish(SupervisorEvent e) {
    try {
      tree.events().publish(e);
    } catch (Throwable t) {
      internalError(t);
    }
  }

  /** An automatic decision's journal record and its typed event. */
  private void record(Kind kind, Mode mode, String target, JournalKind journalKind, String cause, String decision,
      Map<String, String> evidence) {
    write(kind, mode, target, journalKind, cause, decision, Actor.automatic(), evidence);
  }

  /**
   * The one place a decision is written: its journal record, then its {@link SupervisorEvent.HealingDecision}
   * (kind and mode typed, so that nobody needs to read the sentence).
   */
  private void write(Kind kind, Mode mode, String target, JournalKind journalKind, String cause, String decision,
      Actor actor, Map<String, String> evidence) {
    tree.journal().append(target, journalKind, cause, decision, actor, Duration.ZERO, evidence);
    publish(new SupervisorEvent.HealingDecision(target, kind, mode, actor));
  }

  /** A lifecycle fact that is no decision (a start answering ignore, a failed init, a contained error). */
  private void lifecycle(String target, JournalKind kind, String cause, String decision, Map<String, String> evidence) {
    tree.journal().append(target, kind, cause, decision, Actor.automatic(), Duration.ZERO, evidence);
  }

  /** " after 2000ms backoff", or nothing: the same words live and in dry-run. */
  private static String backoff(Decision.Restart r) {
    return r.delayNanos() > 0 ? " after " + Duration.ofNanos(r.delayNanos()).toMillis() + "ms backoff" : "";
  }

  private String group(String trigger) {
    return switch (spec.strategy()) {
      case ONE_FOR_ONE -> "'" + trigger + "'";
      case ONE_FOR_ALL -> "all children (one_for_all, after '" + trigger + "')";
      case REST_FOR_ONE -> "'" + trigger + "' and the children after it (rest_for_one)";
    };
  }

  private static String cause(Signal signal) {
    if (signal instanceof Signal.ChildExit e) {
      return e.reason().message();
    }
    if (signal instanceof Signal.FailureReported f) {
      return f.report().reason();
    }
    if (signal instanceof Signal.RestartFailed r) {
      return r.cause();
    }
    return "";
  }

  private void planStep(Decision.PlanStep p, Mode mode, Map<String, String> failure) {
    Map<String, String> out = new LinkedHashMap<>(failure);
    out.put("step", String.valueOf(p.index() + 1));
    out.put("action", p.action().name());
    out.put("cost", String.valueOf(p.cost()));
    String cause = p.then() instanceof Decision.Restart r ? r.cause() : p.then() instanceof Decision.Escalate e
        ? e.cause() : p.then() instanceof Decision.Hold h ? h.cause() : "";
    String prefix = mode == Mode.DRY_RUN ? "would take (dry-run) " : "";
    record(Kind.PLAN_STEP, mode, childPath(p.child()), SupervisorJournalKind.CHILD_PLAN_STEP, cause, prefix
        + (p.index() < 0 ? "no plan step available: escalate" : "plan step " + (p.index() + 1) + ": " + p.action())
        + (p.why().isEmpty() ? "" : " (" + p.why().replaceAll("; $", "") + ")"), out);
  }

  /** A plan step's hold (QUARANTINE, NOT_READY): what releases it, in the decision and the evidence. */
  private void planHold(Decision.Hold h, Map<String, String> failure) {
    RecoveryPlan.Step step = h.planStep();
    List<String> until = new ArrayList<>(3);
    if (step.releaseWhen() != null) {
      until.add("health source '" + step.releaseWhen() + "' is UP");
    }
    if (!step.holdFor().isZero()) {
      until.add(step.holdFor() + " have passed");
    }
    until.add("an operator releases it");
    String untilText = until.size() == 1 ? until.get(0)
        : String.join(", ", until.subList(0, until.size() - 1)) + " or " + until.get(until.size() - 1);
    Map<String, String> out = holdEvidence(h, failure);
    out.put("holdFor", step.holdFor().toString());
    if (step.releaseWhen() != null) {
      out.put("releaseWhen", step.releaseWhen());
    }
    boolean notReady = step.action() == RecoveryPlan.Action.NOT_READY;
    record(notReady ? Kind.NOT_READY : Kind.HOLD, Mode.LIVE, childPath(h.child()),
        notReady ? SupervisorJournalKind.CHILD_NOT_READY : SupervisorJournalKind.CHILD_HOLD, h.cause(),
        (notReady ? "not ready by " + h.signal() + ": not routed, tree readiness DOWN, not restarted, until "
            : "quarantined by " + h.signal() + ": not routed, not restarted, until ") + untilText, out);
  }

  /** A reset in place that threw or timed out: a failed plan step (the failure it reports is decided next). */
  void resetFailed(ChildRecord c, int step, String cause, String outcome, Duration took) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("step", String.valueOf(step + 1));
    out.put("action", RecoveryPlan.Action.RESET.name());
    out.put("generation", String.valueOf(c.generation));
    out.put("timeout", c.spec.plan().steps().get(step).timeout().toString());
    LOG.warn("supervisor={} child={} reason={} context=reset_failed outcome={}", path, childPath(c.id()), cause,
        outcome);
    tree.journal().append(childPath(c.id()), SupervisorJournalKind.CHILD_RESET_FAILED, cause, outcome,
        Actor.automatic(), took, out);
  }

  /** A hold's evidence: which dependency, which signal showed it down, since when (ISO-8601). */
  private Map<String, String> holdEvidence(Decision.Hold h, Map<String, String> failure) {
    Map<String, String> out = new LinkedHashMap<>(failure);
    out.put("dependency", h.dependency());
    out.put("signal", h.signal());
    out.put("since", String.valueOf(h.since() != null ? h.since() : tree.wallClock().instant()));
    return out;
  }

  private static Map<String, String> evidence(Signal signal) {
    if (!(signal instanceof Signal.FailureReported f)) {
      return Map.of();
    }
    FailureReport report = f.report();
    Map<String, String> out = new LinkedHashMap<>();
    out.put("source", report.source().name().toLowerCase(Locale.ROOT));
    out.putAll(report.evidence());
    return out;
  }
}
