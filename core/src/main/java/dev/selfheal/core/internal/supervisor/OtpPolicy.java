package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.AutoShutdown;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.HealingOverride;
import dev.selfheal.core.RestartStrategy;
import dev.selfheal.core.RestartType;
import java.util.ArrayList;
import java.util.List;

/**
 * OTP's supervisor rules as a pure {@link HealingPolicy} (supervisor.erl's {@code restart/2},
 * {@code add_restart/1} and {@code do_auto_shutdown/2}, with Selfheal's backoff, pause and dry-run).
 *
 * <p><b>An exit</b> ({@link Signal.ChildExit}, or {@link Signal.FailureReported} read as an abnormal exit)
 * of the current instance of a RUNNING child (or of a FAILED child whose decision was deferred):
 * <ol>
 *   <li>Dry-run: {@link Decision.Shadow} of what steps 2 to 5 give against the shadow window and the
 *       child's {@link ShadowChild} (its backoff attempt and start time as the live run would have them). A
 *       shadow of {@link Decision.Ignore} when the live run would not be deciding: after the shadow run has
 *       escalated or shut down (the live supervisor would be gone), while the child would still be waiting
 *       for a restart's backoff, or once it would have ended (the live run ignores such signals as
 *       stale).</li>
 *   <li>Suspended (the child, or a supervisor above it): {@link Decision.Suspended}.</li>
 *   <li>Paused: {@link Decision.Defer}.</li>
 *   <li>Not restarted by its {@link RestartType} (see {@link ExitReason}): a significant child that ends
 *       this way under {@link AutoShutdown#ANY_SIGNIFICANT}, or as the last active significant child under
 *       {@link AutoShutdown#ALL_SIGNIFICANT}, gives {@link Decision.SignificantShutdown}; otherwise a
 *       TEMPORARY child gives {@link Decision.Remove} and a TRANSIENT one {@link Decision.LeaveStopped}.
 *       None of these counts toward the intensity.</li>
 *   <li>Restarting would put more than {@code maxRestarts} restarts in the window:
 *       {@link Decision.Escalate}.</li>
 *   <li>Otherwise {@link Decision.Restart} of the strategy's group: the child alone (ONE_FOR_ONE), every
 *       child (ONE_FOR_ALL), the child and those started after it (REST_FOR_ONE); TEMPORARY bystanders
 *       are removed, not restarted. The delay is the child's backoff for its consecutive failures (reset
 *       to the first attempt once the instance ran for the backoff's {@code resetAfter}).</li>
 * </ol>
 *
 * <p><b>A failed start during a restart</b> ({@link Signal.RestartFailed}) is OTP's
 * {@code try_again_restart}: counted again, so {@link Decision.Escalate} once the window is full, else a
 * retry {@link Decision.Restart}: of the whole group under ONE_FOR_ALL (the siblings restarted meanwhile
 * are stopped again), of the failed child and those after it otherwise. A retry is never carried out
 * within the message that failed, so the supervisor keeps answering calls between attempts. Retries and
 * pending backoffs decided before dry-run or pause was turned on continue live.
 *
 * <p><b>Operator signals</b> (child commands, overrides and their expiry) are decided by
 * {@link OperatorPolicy}, before anything else.
 *
 * <p><b>A due restart</b> ({@link Signal.RestartDue}) is {@link Decision.StartPending} if that pending
 * restart was not cancelled or superseded meanwhile (the executor then skips the members an operator
 * stopped, deleted or restarted meanwhile). Anything else is {@link Decision.Ignore}.
 */
final class OtpPolicy implements HealingPolicy {
  static final OtpPolicy INSTANCE = new OtpPolicy();

  private static final Decision.Ignore NOT_RUNNING = new Decision.Ignore("supervisor not running");
  private static final Decision.Ignore UNKNOWN = new Decision.Ignore("no such child");
  private static final Decision.Ignore STALE = new Decision.Ignore("not the current instance");
  private static final Decision.Shadow AFTER_SHADOW_ESCALATION =
      new Decision.Shadow(new Decision.Ignore("the supervisor would have escalated"));
  private static final Decision.Shadow SHADOW_STALE = new Decision.Shadow(
      new Decision.Ignore("the live run would have no such instance now (restarting after its backoff, or ended)"));

  @Override
  public Decision decide(PolicyState s, Signal signal, long now) {
    Decision operator = OperatorPolicy.decide(s, signal); // before dry-run, pause and suspensions
    if (operator != null) {
      return operator;
    }
    if (!s.running()) {
      return NOT_RUNNING;
    }
    if (signal instanceof Signal.ChildExit e) {
      return onExit(s, e.id(), e.generation(), e.reason(), now);
    }
    if (signal instanceof Signal.FailureReported f) {
      return onExit(s, f.id(), f.generation(), f.reason(), now);
    }
    if (signal instanceof Signal.RestartFailed r) {
      return onRestartFailed(s, r, now);
    }
    if (signal instanceof Signal.RestartDue due) {
      ChildRecord c = s.child(due.id());
      return c != null && c.pending != null && c.pending.token() == due.token()
          ? new Decision.StartPending(due.id(), due.token()) : STALE;
    }
    return new Decision.Ignore("OTP's policy does not act on health-source changes");
  }

  private Decision onExit(PolicyState s, String id, long generation, ExitReason reason, long now) {
    ChildRecord c = s.child(id);
    if (c == null) {
      return UNKNOWN;
    }
    if (c.generation != generation || (c.state() != ChildState.RUNNING && c.state() != ChildState.FAILED)) {
      return STALE;
    }
    if (s.dryRun()) {
      if (s.shadowEscalated()) {
        return AFTER_SHADOW_ESCALATION;
      }
      ShadowChild shadow = s.shadowOf(c);
      return shadow.stale(now) ? SHADOW_STALE
          : new Decision.Shadow(held(s, c, reason, now, shadow.consecutiveFailures, shadow.startedAtNanos));
    }
    return held(s, c, reason, now, c.consecutiveFailures, c.startedAtNanos);
  }

  /** Suspension first (nothing acted on, nothing counted), then pause (decision deferred), then OTP. */
  private Decision held(PolicyState s, ChildRecord c, ExitReason reason, long now, int failures, long startedAt) {
    HealingOverride suspension = s.suspension(c.id());
    if (suspension != null) {
      return new Decision.Suspended(c.id(), reason, suspension);
    }
    return s.paused() ? new Decision.Defer(c.id(), reason) : live(s, c, reason, now, failures, startedAt);
  }

  /** OTP's table; {@code failures} and {@code startedAt} are the child's, or its shadow's in dry-run. */
  private Decision live(PolicyState s, ChildRecord c, ExitReason reason, long now, int failures, long startedAt) {
    RestartType type = c.spec.restartType();
    if (!type.restartsAfter(reason)) {
      if (c.spec.significant() && shutsDown(s, c)) {
        return new Decision.SignificantShutdown(c.id(), reason);
      }
      return type == RestartType.TEMPORARY ? new Decision.Remove(c.id(), reason)
          : new Decision.LeaveStopped(c.id(), reason);
    }
    if (s.window().wouldExceed(now)) {
      return new Decision.Escalate(c.id(), reason.message());
    }
    boolean stableLongEnough = startedAt != 0 && !c.spec.backoff().isNone()
        && now - startedAt >= c.spec.backoff().resetAfter().toNanos();
    int attempt = stableLongEnough ? 1 : failures + 1;
    return restart(s, c, attempt, reason.message(), false);
  }

  /** OTP do_auto_shutdown: any significant child, or the last active one. */
  private static boolean shutsDown(PolicyState s, ChildRecord ended) {
    AutoShutdown mode = s.spec().autoShutdown();
    if (mode == AutoShutdown.ANY_SIGNIFICANT) {
      return true;
    }
    if (mode != AutoShutdown.ALL_SIGNIFICANT) {
      return false;
    }
    for (ChildRecord other : s.children()) {
      if (other != ended && other.spec.significant() && other.instance != null) {
        return false;
      }
    }
    return true;
  }

  private Decision onRestartFailed(PolicyState s, Signal.RestartFailed r, long now) {
    ChildRecord failed = s.child(r.id());
    if (failed == null) {
      return UNKNOWN;
    }
    ChildRecord trigger = s.child(r.trigger());
    ChildRecord retryTrigger = s.spec().strategy() == RestartStrategy.ONE_FOR_ALL && trigger != null
        ? trigger : failed;
    if (s.window().wouldExceed(now)) {
      return new Decision.Escalate(retryTrigger.id(), r.cause());
    }
    return restart(s, retryTrigger, retryTrigger.consecutiveFailures + 1, r.cause(), true);
  }

  private static Decision restart(PolicyState s, ChildRecord trigger, int attempt, String cause, boolean retry) {
    List<String> group = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (ChildRecord b : members(s, trigger)) {
      if (b != trigger && b.spec.restartType() == RestartType.TEMPORARY) {
        removed.add(b.id());
      } else {
        group.add(b.id());
      }
    }
    long delay = trigger.spec.backoff().delayNanos(attempt, s.random());
    return new Decision.Restart(trigger.id(), group, removed, delay, attempt, cause, retry);
  }

  private static List<ChildRecord> members(PolicyState s, ChildRecord trigger) {
    switch (s.spec().strategy()) {
      case ONE_FOR_ONE:
        return List.of(trigger);
      case ONE_FOR_ALL:
        return s.children();
      default:
        List<ChildRecord> all = s.children();
        return all.subList(all.indexOf(trigger), all.size());
    }
  }
}
