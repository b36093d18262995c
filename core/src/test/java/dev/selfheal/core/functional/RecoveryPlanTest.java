package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.Recoverable;
import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.RecoveryPlan.Action;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Recovery plans on a manual clock: each step in order with its budget, cool-down, deadline and cost. */
class RecoveryPlanTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final Lifecycle lc = new Lifecycle();
  private final AtomicInteger resets = new AtomicInteger();

  /** A service that can be reset in place. */
  private ChildSpec.Builder resettable(String id) {
    return ChildSpec.service(id, ctx -> new ResettableService(resets));
  }

  static final class ResettableService implements Component, Recoverable {
    private final AtomicInteger resets;

    ResettableService(AtomicInteger resets) {
      this.resets = resets;
    }

    @Override
    public void start() {}

    @Override
    public void recover() {
      resets.incrementAndGet();
    }
  }

  private static Harness deterministic(SupervisorSpec spec) {
    return new Harness(spec, t -> t.actorExecutor(Runnable::run));
  }

  private static List<String> steps(Harness h) {
    return h.records("child.plan-step").stream().map(JournalRecord::decision).toList();
  }

  /**
   * Crashes app/a and waits until {@code done}: a reset runs on a lifecycle thread and its end comes back to
   * the supervisor as a message (its timer cancelled), so the next crash finds no reset in flight.
   */
  private void crashAndAwait(Harness h, java.util.function.BooleanSupplier done) {
    h.crash("app/a");
    await().atMost(Duration.ofSeconds(10)).until(() -> done.getAsBoolean() && h.scheduler.pending() == 0);
  }

  /** app/a with the ladder RESET (2 an hour), RESTART (1 an hour), ESCALATE. */
  private SupervisorSpec resetRestartEscalate() {
    RecoveryPlan plan = RecoveryPlan.builder()
        .step(RecoveryPlan.step(Action.RESET).budget(2, HOUR))
        .step(RecoveryPlan.step(Action.RESTART).budget(1, HOUR))
        .step(RecoveryPlan.step(Action.ESCALATE))
        .build();
    return SupervisorSpec.builder("app").intensity(10, HOUR).child(resettable("a").plan(plan)).build();
  }

  @Test
  void steps_are_taken_in_order_each_within_its_budget_and_the_ladder_ends_in_escalation() {
    SupervisorSpec spec = resetRestartEscalate();
    try (Harness h = deterministic(spec).start()) {
      crashAndAwait(h, () -> resets.get() == 1);
      crashAndAwait(h, () -> resets.get() == 2);
      assertThat(h.generation("app/a")).isEqualTo(1); // reset in place, not restarted
      crashAndAwait(h, () -> h.generation("app/a") == 2); // RESET's budget spent: restart
      crashAndAwait(h, () -> h.records("supervisor.escalate").size() == 1);
      assertThat(steps(h)).containsExactly("plan step 1: RESET", "plan step 1: RESET",
          "plan step 2: RESTART (step 1 budget 2 in PT1H spent)",
          "plan step 3: ESCALATE (step 1 budget 2 in PT1H spent; step 2 budget 1 in PT1H spent)");
    }
  }

  @Test
  void dry_run_climbs_the_ladder_as_the_live_run_would_and_takes_no_step() {
    SupervisorSpec spec = resetRestartEscalate();
    try (Harness h = deterministic(spec).start()) {
      h.tree.dryRun(true, Actor.operator("test"));
      for (int i = 0; i < 4; i++) {
        h.crash("app/a");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> steps(h).size() == 4);
      assertThat(steps(h)).as("the same steps as the live run of the test above, each as a would")
          .containsExactly("would take (dry-run) plan step 1: RESET", "would take (dry-run) plan step 1: RESET",
              "would take (dry-run) plan step 2: RESTART (step 1 budget 2 in PT1H spent)",
              "would take (dry-run) plan step 3: ESCALATE (step 1 budget 2 in PT1H spent; step 2 budget 1 in PT1H"
                  + " spent)");
      assertThat(resets).as("nothing reset").hasValue(0);
      assertThat(h.generation("app/a")).as("nothing restarted").isEqualTo(1);
      assertThat(h.records("supervisor.escalate")).as("nothing escalated").isEmpty();
    }
  }

  @Test
  void a_healthy_outcome_past_the_deadline_starts_the_next_failure_at_the_first_step_again() {
    RecoveryPlan plan = RecoveryPlan.builder()
        .step(RecoveryPlan.step(Action.RESET).budget(100, HOUR).deadline(MINUTE))
        .step(RecoveryPlan.step(Action.RESTART).budget(100, HOUR))
        .build();
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, HOUR).child(resettable("a").plan(plan)).build();
    try (Harness h = deterministic(spec).start()) {
      crashAndAwait(h, () -> resets.get() == 1); // reset
      h.advance(Duration.ofSeconds(30));
      crashAndAwait(h, () -> h.generation("app/a") == 2); // within the reset's deadline: not healthy, next step
      h.advance(Duration.ofMinutes(2));
      crashAndAwait(h, () -> resets.get() == 2); // the restart had no deadline: the ladder starts again
      assertThat(steps(h)).containsExactly("plan step 1: RESET",
          "plan step 2: RESTART (step 1 not healthy within PT1M)", "plan step 1: RESET");
    }
  }

  @Test
  void a_step_in_its_cool_down_is_skipped_until_it_is_over() {
    RecoveryPlan plan = RecoveryPlan.builder()
        .step(RecoveryPlan.step(Action.RESET).budget(100, HOUR).coolDown(MINUTE))
        .step(RecoveryPlan.step(Action.RESTART).budget(100, HOUR))
        .build();
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, HOUR).child(resettable("a").plan(plan)).build();
    try (Harness h = deterministic(spec).start()) {
      crashAndAwait(h, () -> resets.get() == 1);
      crashAndAwait(h, () -> h.generation("app/a") == 2); // cooling down: restart
      h.advance(MINUTE);
      crashAndAwait(h, () -> resets.get() == 2); // cool-down over
      assertThat(steps(h)).containsExactly("plan step 1: RESET",
          "plan step 2: RESTART (step 1 cooling down for PT1M)", "plan step 1: RESET");
    }
  }

  @Test
  void restart_steps_spend_the_supervisors_budget_by_cost() {
    RecoveryPlan plan = RecoveryPlan.builder()
        .step(RecoveryPlan.step(Action.RESTART).budget(100, HOUR).cost(2)).build();
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(5, HOUR).child(lc.service("a").plan(plan)).build();
    try (Harness h = deterministic(spec).start()) {
      h.crash("app/a");
      h.crash("app/a");
      assertThat(h.node("app").restartsInWindow()).isEqualTo(4);
      assertThat(h.records("supervisor.escalate")).isEmpty();
      h.crash("app/a"); // 4 + 2 > 5: OTP would have allowed a 5th restart by count
      assertThat(h.records("supervisor.escalate")).hasSize(1);
      assertThat(h.records("child.restart")).hasSize(2);
    }
  }

  @Test
  void restart_with_dependents_restarts_the_transitive_dependents_in_start_order() {
    RecoveryPlan plan = RecoveryPlan.builder().step(RecoveryPlan.step(Action.RESTART_WITH_DEPENDENTS).budget(5, HOUR))
        .build();
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, HOUR)
        .child(lc.service("db").plan(plan)).child(lc.service("other")).child(lc.service("api").dependsOn("db"))
        .child(lc.service("web").dependsOn("api")).build();
    try (Harness h = deterministic(spec).start()) {
      lc.clear();
      h.crash("app/db");
      assertThat(lc.events()).containsExactly("stop:db", "stop:web", "stop:api", "start:db", "start:api", "start:web");
      assertThat(h.generation("app/other")).isEqualTo(1);
    }
  }

  @Test
  void restart_supervisor_restarts_every_child_of_a_one_for_one_supervisor() {
    RecoveryPlan plan = RecoveryPlan.builder().step(RecoveryPlan.step(Action.RESTART_SUPERVISOR).budget(5, HOUR))
        .build();
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, HOUR)
        .child(lc.service("a")).child(lc.service("b").plan(plan)).build();
    try (Harness h = deterministic(spec).start()) {
      h.crash("app/b");
      assertThat(h.generation("app/a")).isEqualTo(2);
      assertThat(h.generation("app/b")).isEqualTo(2);
    }
  }

  @Test
  void quarantine_holds_the_child_until_an_operator_releases_it() throws Exception {
    RecoveryPlan plan = RecoveryPlan.builder().step(RecoveryPlan.step(Action.QUARANTINE).budget(5, HOUR)).build();
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(0, HOUR).child(lc.service("a").plan(plan)).build();
    try (Harness h = deterministic(spec).start()) {
      h.crash("app/a");
      assertThat(h.node("app/a").state()).isEqualTo(ChildState.HELD);
      assertThat(h.tree.currentInstance("app/a")).isEmpty();
      h.advance(HOUR.multipliedBy(2)); // re-checks do not release a quarantine
      assertThat(h.node("app/a").state()).isEqualTo(ChildState.HELD);
      assertThat(h.records("child.hold")).singleElement().satisfies(r -> assertThat(r.decision())
          .isEqualTo("quarantined by plan step 1: not routed, not restarted, until an operator releases it"));
      assertThat(h.tree.releaseChild("app/a", Actor.operator("alice")).get()).isEqualTo(ChildOutcome.OK);
      assertThat(h.node("app/a").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.generation("app/a")).isEqualTo(1);
      assertThat(h.tree.failed()).isFalse();
    }
  }

  @Test
  void dry_run_journals_the_step_it_would_take_and_takes_none() {
    RecoveryPlan plan = RecoveryPlan.builder().step(RecoveryPlan.step(Action.RESET).budget(1, HOUR))
        .step(RecoveryPlan.step(Action.RESTART).budget(5, HOUR)).build();
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, HOUR).child(resettable("a").plan(plan)).build();
    try (Harness h = deterministic(spec).start()) {
      h.tree.dryRun(true, Actor.operator("alice"), "trying the plan", HOUR);
      h.crash("app/a");
      h.crash("app/a");
      assertThat(resets).hasValue(0);
      // nothing taken live, but the shadow spends the budget as the live run would: the second is step 2
      assertThat(steps(h)).containsExactly("would take (dry-run) plan step 1: RESET",
          "would take (dry-run) plan step 2: RESTART (step 1 budget 1 in PT1H spent)");
      assertThat(h.generation("app/a")).isEqualTo(1);
    }
  }

  @Test
  void a_plan_without_steps_or_with_a_zero_budget_is_refused_at_build() {
    assertThatThrownBy(() -> RecoveryPlan.builder().build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("steps: a recovery plan needs at least one step");
    assertThatThrownBy(() -> RecoveryPlan.builder().step(RecoveryPlan.step(Action.RESET))
        .step(RecoveryPlan.step(Action.RESTART).budget(0, HOUR)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("step 2 (RESTART): budget maxUses must be >= 1, was 0");
    assertThatThrownBy(() -> RecoveryPlan.builder().step(RecoveryPlan.step(Action.RESTART).cost(0)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("step 1 (RESTART): cost must be >= 1, was 0");
    assertThatThrownBy(() -> RecoveryPlan.builder().step(RecoveryPlan.step(Action.ESCALATE))
        .step(RecoveryPlan.step(Action.RESTART)).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 1 (ESCALATE): ESCALATE must be the last step; the steps after it are unreachable");
    assertThatThrownBy(() -> RecoveryPlan.builder().step(RecoveryPlan.step(Action.RESTART).budget(1, Duration.ZERO))
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 1 (RESTART): budget period must be > 0, was PT0S");
  }

  @Test
  void a_child_without_a_plan_is_healed_by_otp_rules() {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(1, HOUR).child(lc.service("a")).build();
    try (Harness h = deterministic(spec).start()) {
      h.crash("app/a");
      h.crash("app/a");
      assertThat(h.records("child.plan-step")).isEmpty();
      assertThat(h.records("supervisor.escalate")).hasSize(1);
    }
  }
}
