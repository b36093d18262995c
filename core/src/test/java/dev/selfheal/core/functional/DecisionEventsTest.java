package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Diagnosis;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.NamedSource;
import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.RecoveryPlan.Action;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.SupervisorEvent.HealingDecision;
import dev.selfheal.core.spi.HealthReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Each decision's typed event says what was decided, live or in dry-run, without reading its sentence. */
class DecisionEventsTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private final Lifecycle lc = new Lifecycle();

  private Harness tree() {
    RecoveryPlan plan = RecoveryPlan.builder()
        .step(RecoveryPlan.step(Action.NOT_READY).holdFor(Duration.ofSeconds(10)).budget(5, HOUR)
            .deadline(Duration.ofMinutes(1)))
        .step(RecoveryPlan.step(Action.RESTART).budget(5, HOUR)).build();
    ChildSpec.Builder db = lc.service("db").plan(plan);
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, HOUR).child(db).build();
    Diagnosis diagnosis = Diagnosis.builder()
        .healthSource(new NamedSource("probe:app/db", () -> HealthReport.down("still failing"))).build();
    return new Harness(spec, t -> t.actorExecutor(Runnable::run).diagnosis(diagnosis));
  }

  private static List<HealingDecision> follow(Harness h) {
    List<HealingDecision> out = new CopyOnWriteArrayList<>();
    h.tree.events().subscribe(HealingDecision.class, out::add);
    return out;
  }

  @Test
  void a_not_ready_plan_step_is_its_own_kind_live_and_in_dry_run() {
    try (Harness h = tree().start()) {
      List<HealingDecision> decided = follow(h);
      h.crash("app/db");
      assertThat(decided).extracting(HealingDecision::kind, HealingDecision::mode, HealingDecision::path)
          .containsExactly(tuple(HealingDecision.Kind.PLAN_STEP, HealingDecision.Mode.LIVE, "app/db"),
              tuple(HealingDecision.Kind.NOT_READY, HealingDecision.Mode.LIVE, "app/db"));
    }
    try (Harness h = tree().start()) {
      h.tree.dryRun(true, Actor.operator("alice"));
      List<HealingDecision> decided = follow(h);
      h.crash("app/db");
      assertThat(decided).extracting(HealingDecision::kind, HealingDecision::mode)
          .containsExactly(tuple(HealingDecision.Kind.PLAN_STEP, HealingDecision.Mode.DRY_RUN),
              tuple(HealingDecision.Kind.NOT_READY, HealingDecision.Mode.DRY_RUN));
    }
  }
}
