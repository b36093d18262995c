package dev.selfheal.probes.internal.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.FailureReport;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.probes.anomaly.ProactiveAction;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proactive-action policy is a pure function of the actions, the tree's overrides and the instance. */
class ActionDecisionTest {
  static final FailureReport REPORT = FailureReport.of(FailureReport.Source.ANOMALY, "anomaly on latency");
  static final ProactiveAction OPEN = ProactiveAction.openBreaker("db", Duration.ofSeconds(30));
  static final ProactiveAction SHED = ProactiveAction.shedLoad("pool", 2, Duration.ofMinutes(1));
  static final List<ProactiveAction> ALL = List.of(ProactiveAction.restart(), OPEN, SHED);

  static List<ActionDecision> decide(boolean dryRun, boolean paused, boolean suspended, long generation) {
    return ActionDecision.decide(ALL, new ActionDecision.Overrides(dryRun, paused, suspended), generation, REPORT);
  }

  @Test
  void liveEveryActionIsDecidedInOrder() {
    assertThat(decide(false, false, false, 3)).containsExactly(new ActionDecision.Report(REPORT, 3),
        new ActionDecision.Command(OPEN, PolicyControl.CIRCUIT_BREAKER, "db", PolicyControl.Action.FORCE_OPEN, 0,
            Duration.ofSeconds(30), false),
        new ActionDecision.Command(SHED, PolicyControl.BULKHEAD, "pool", PolicyControl.Action.SET_LIMIT, 2,
            Duration.ofMinutes(1), false));
  }

  @Test
  void dryRunMarksCommandsAndLeavesTheRestartToTheSupervisor() {
    List<ActionDecision> d = decide(true, false, false, 3);
    assertThat(d.get(0)).isEqualTo(new ActionDecision.Report(REPORT, 3));
    assertThat(d.subList(1, 3)).allSatisfy(x -> assertThat(((ActionDecision.Command) x).dryRun()).isTrue());
  }

  @Test
  void pauseAndSuspensionDeferCommandsAndNoInstanceWithholdsTheRestart() {
    assertThat(decide(false, true, false, 3)).containsExactly(new ActionDecision.Report(REPORT, 3),
        new ActionDecision.Deferred(OPEN, "healing paused"), new ActionDecision.Deferred(SHED, "healing paused"));
    assertThat(decide(false, false, true, 3).get(1)).isEqualTo(new ActionDecision.Deferred(OPEN, "healing suspended"));
    assertThat(decide(false, true, true, 3).get(1)).isEqualTo(new ActionDecision.Deferred(OPEN, "healing suspended"));
    assertThat(decide(true, true, false, 3).get(2)).isEqualTo(new ActionDecision.Deferred(SHED, "healing paused"));
    assertThat(decide(false, false, false, 0).get(0))
        .isEqualTo(new ActionDecision.Withheld(ProactiveAction.restart(), "no running instance"));
    assertThat(decide(false, false, false, 3)).isEqualTo(decide(false, false, false, 3));
  }

  @Test
  void aDeferredCommandIsDecidedAgainOnResume() {
    ActionDecision.Overrides live = new ActionDecision.Overrides(false, false, false);
    assertThat(ActionDecision.resume(OPEN, live, false)).isEqualTo(new ActionDecision.Command(OPEN,
        PolicyControl.CIRCUIT_BREAKER, "db", PolicyControl.Action.FORCE_OPEN, 0, Duration.ofSeconds(30), false));
    assertThat(ActionDecision.resume(SHED, new ActionDecision.Overrides(true, false, false), false))
        .isEqualTo(new ActionDecision.Command(SHED, PolicyControl.BULKHEAD, "pool", PolicyControl.Action.SET_LIMIT, 2,
            Duration.ofMinutes(1), true));
    assertThat(ActionDecision.resume(OPEN, live, true)).isEqualTo(new ActionDecision.Dropped(OPEN, "the warning is over"));
    assertThat(ActionDecision.resume(OPEN, new ActionDecision.Overrides(false, false, true), true))
        .isEqualTo(new ActionDecision.Deferred(OPEN, "healing suspended"));
  }
}
