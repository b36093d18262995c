package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildState;
import dev.selfheal.core.Recoverable;
import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.RestartType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recovery plans as a {@link HealingPolicy} decorating {@link DiagnosisPolicy}: where the inner policy
 * would restart a child that has a {@link RecoveryPlan} (live, or as a dry-run shadow), the plan's step is
 * taken instead ({@link Decision.PlanStep}); the rule that picks the step is {@link Ladder#choose}, written
 * up in {@link RecoveryPlan}. Where the inner policy would escalate because the intensity window is full,
 * the plan is consulted too: a step that restarts nothing (reset, quarantine, not ready) may still be taken, and a
 * restart step then escalates (its cost would exceed the window). Everything else (holds, pause,
 * suspensions, retries of a failed start) passes through: the supervisor's intensity bounds every restart.
 */
final class PlanPolicy implements HealingPolicy {
  static final PlanPolicy INSTANCE = new PlanPolicy(DiagnosisPolicy.INSTANCE);

  private final HealingPolicy inner;

  PlanPolicy(HealingPolicy inner) {
    this.inner = inner;
  }

  @Override
  public Decision decide(PolicyState s, Signal signal, long now) {
    Decision d = inner.decide(s, signal, now);
    if (!(signal instanceof Signal.ChildExit) && !(signal instanceof Signal.FailureReported)) {
      return d;
    }
    ChildRecord c = s.child(signal.id());
    if (c == null || c.spec.plan() == null) {
      return d;
    }
    Decision live = d instanceof Decision.Shadow sh ? sh.wouldBe() : d;
    Decision.Restart r;
    if (live instanceof Decision.Restart restart && !restart.retry()) {
      r = restart;
    } else if (live instanceof Decision.Escalate e) {
      // OTP's window is full by count, but a step that restarts nothing (reset, quarantine) may still help
      int attempt = c.consecutiveFailures + 1;
      r = new Decision.Restart(c.id(), List.of(c.id()), List.of(), c.spec.backoff().delayNanos(attempt, s.random()),
          attempt, e.cause(), false);
    } else {
      return d;
    }
    Decision step = step(s, c, signal instanceof Signal.FailureReported, r, now);
    return d instanceof Decision.Shadow ? new Decision.Shadow(step) : step;
  }

  private static Decision step(PolicyState s, ChildRecord c, boolean reported, Decision.Restart otp, long now) {
    RecoveryPlan plan = c.spec.plan();
    // the executor keeps it when a step is taken; a dry-run climbs the shadow's copy (ShadowChild.afterShadow)
    Ladder ladder = s.dryRun() && s.shadowOf(c).ladder != null ? s.shadowOf(c).ladder
        : c.ladder != null ? c.ladder : new Ladder(plan);
    Ladder.Choice choice = ladder.choose(now, reported && resettable(c));
    Decision.Escalate escalate = new Decision.Escalate(c.id(), otp.cause());
    if (choice.index() < 0) {
      return new Decision.PlanStep(c.id(), -1, RecoveryPlan.Action.ESCALATE, 0, choice.why(), escalate);
    }
    RecoveryPlan.Step st = plan.steps().get(choice.index());
    Decision then = switch (st.action()) {
      case ESCALATE -> escalate;
      case RESET -> null;
      case QUARANTINE, NOT_READY -> new Decision.Hold(c.id(), st.action() == RecoveryPlan.Action.QUARANTINE
          ? "quarantine" : "not-ready", "plan step " + (choice.index() + 1), null, otp.cause(), !reported, st);
      case RESTART, RESTART_WITH_DEPENDENTS, RESTART_SUPERVISOR -> s.window().wouldExceed(now, st.cost()) ? escalate
          : restart(s, c, st.action(), otp);
    };
    return new Decision.PlanStep(c.id(), choice.index(), st.action(), st.cost(), choice.why(), then);
  }

  /** The inner policy's restart (its backoff and attempt) with the step's group in place of the strategy's. */
  private static Decision.Restart restart(PolicyState s, ChildRecord c, RecoveryPlan.Action action,
      Decision.Restart otp) {
    List<String> group = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    Set<String> dependents = new HashSet<>();
    dependents.add(c.id());
    for (ChildRecord b : s.children()) {
      boolean member = b == c || action == RecoveryPlan.Action.RESTART_SUPERVISOR
          || (action == RecoveryPlan.Action.RESTART_WITH_DEPENDENTS && dependsOnAny(b, dependents));
      if (!member) {
        continue;
      }
      dependents.add(b.id()); // start order: a transitive dependent comes after what it depends on
      if (b != c && b.spec.restartType() == RestartType.TEMPORARY) {
        removed.add(b.id());
      } else {
        group.add(b.id());
      }
    }
    return new Decision.Restart(c.id(), group, removed, otp.delayNanos(), otp.attempt(), otp.cause(), false);
  }

  private static boolean dependsOnAny(ChildRecord b, Set<String> ids) {
    for (String d : b.spec.dependsOn()) {
      if (ids.contains(d)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the running instance (a service, or a worker's runnable) can be reset in place, and none runs now. */
  static boolean resettable(ChildRecord c) {
    return c.state() == ChildState.RUNNING && recoverable(c) != null
        && (c.reset == null || c.reset.generation() != c.generation);
  }

  static Recoverable recoverable(ChildRecord c) {
    Object instance = c.instance instanceof WorkerRun w ? w.worker() : c.instance;
    return instance instanceof Recoverable r ? r : null;
  }
}
