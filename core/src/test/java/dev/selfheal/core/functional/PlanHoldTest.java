package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Diagnosis;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.NamedSource;
import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.RecoveryPlan.Action;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A recovery plan's holds on a manual clock: NOT_READY takes the child out of rotation and the tree's
 * readiness down for a bounded time or until a health source passes; QUARANTINE is released by a passing
 * health source too; both before the heavier steps.
 */
class PlanHoldTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration HOLD = Duration.ofSeconds(10);
  private static final String READINESS = "supervisor:app:readiness";
  private final Lifecycle lc = new Lifecycle();
  private final AtomicReference<HealthReport> probe = new AtomicReference<>(HealthReport.down("still failing"));

  private final HealthSource probeSource = new NamedSource("probe:app/db", probe::get);

  private Harness deterministic(ChildSpec.Builder child) {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, HOUR).child(lc.service("other")).child(child)
        .build();
    Diagnosis diagnosis = Diagnosis.builder().healthSource(probeSource).build();
    return new Harness(spec, t -> t.actorExecutor(Runnable::run).diagnosis(diagnosis));
  }

  /** Not ready first (held at most 10 s), then a restart if it fails again within the minute. */
  private static RecoveryPlan notReadyThenRestart(RecoveryPlan.Step.Builder notReady) {
    return RecoveryPlan.builder().step(notReady.budget(5, HOUR).deadline(MINUTE))
        .step(RecoveryPlan.step(Action.RESTART).budget(5, HOUR)).build();
  }

  private static Optional<HealthSource> readiness(Harness h) {
    return h.tree.context().healthSources().stream().filter(s -> s.name().equals(READINESS)).findFirst();
  }

  @Test
  void not_ready_takes_the_child_out_of_rotation_and_the_tree_out_of_readiness_for_a_bounded_time() {
    ChildSpec.Builder db = lc.service("db").plan(notReadyThenRestart(RecoveryPlan.step(Action.NOT_READY).holdFor(HOLD)));
    try (Harness h = deterministic(db).start()) {
      assertThat(readiness(h)).as("a tree that can go not ready shows the check from the start").get()
          .satisfies(s -> assertThat(s.health()).isEqualTo(HealthReport.up()));
      h.crash("app/db");
      assertThat(h.node("app/db").state()).isEqualTo(ChildState.HELD);
      assertThat(h.node("app/db").held()).as("shows as such in the tree").isEqualTo("not ready by plan step 1");
      assertThat(h.tree.currentInstance("app/db")).as("not routed").isEmpty();
      assertThat(h.generation("app/db")).isEqualTo(1);
      assertThat(h.node("app/other").state()).isEqualTo(ChildState.RUNNING);
      HealthSource ready = readiness(h).orElseThrow();
      assertThat(ready.critical()).isTrue();
      assertThat(ready.health()).isEqualTo(HealthReport.down(
          "app/db not ready: plan step 1 (NOT_READY, for at most PT10S): boom"));
      assertThat(h.records("child.not-ready")).singleElement().satisfies(r -> {
        assertThat(r.cause()).isEqualTo("boom");
        assertThat(r.decision()).isEqualTo("not ready by plan step 1: not routed, tree readiness DOWN, not"
            + " restarted, until PT10S have passed or an operator releases it");
        assertThat(r.evidence()).containsEntry("holdFor", "PT10S").containsEntry("dependency", "not-ready")
            .containsEntry("signal", "plan step 1").containsKey("since");
      });
      assertThat(h.node("app").restartsInWindow()).isZero();

      h.advance(HOLD.minusSeconds(1));
      assertThat(h.node("app/db").state()).as("still within holdFor").isEqualTo(ChildState.HELD);
      h.advance(Duration.ofSeconds(1));
      assertThat(h.node("app/db").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.node("app/db").held()).isNull();
      assertThat(h.generation("app/db")).as("the same instance serves again").isEqualTo(1);
      assertThat(ready.health()).isEqualTo(HealthReport.up());
      assertThat(h.records("child.release")).singleElement().satisfies(r -> assertThat(r.decision())
          .isEqualTo("released by automatic (held for PT10S): instance serves again"));

      h.crash("app/db"); // again within the step's deadline: its outcome was not healthy, the heavier step
      assertThat(h.generation("app/db")).isEqualTo(2);
      assertThat(h.records("child.plan-step")).extracting(JournalRecord::decision).containsExactly(
          "plan step 1: NOT_READY", "plan step 2: RESTART (step 1 not healthy within PT1M)");
      assertThat(ready.health().status()).isEqualTo(HealthStatus.UP);
    }
  }

  @Test
  void not_ready_is_released_as_soon_as_its_health_source_passes() {
    ChildSpec.Builder db = lc.service("db").plan(notReadyThenRestart(
        RecoveryPlan.step(Action.NOT_READY).holdFor(HOUR).releaseWhen("probe:app/db")));
    try (Harness h = deterministic(db).start()) {
      h.crash("app/db");
      h.advance(Duration.ofSeconds(5));
      assertThat(h.node("app/db").state()).isEqualTo(ChildState.HELD);
      probe.set(HealthReport.up());
      h.advance(Duration.ofSeconds(1)); // the next re-check
      assertThat(h.node("app/db").state()).isEqualTo(ChildState.RUNNING);
      assertThat(readiness(h).orElseThrow().health()).isEqualTo(HealthReport.up());
      assertThat(h.records("child.not-ready")).singleElement().satisfies(r -> assertThat(r.decision()).endsWith(
          "until health source 'probe:app/db' is UP, PT1H have passed or an operator releases it"));
      assertThat(h.records("child.release")).singleElement().satisfies(r -> assertThat(r.decision())
          .isEqualTo("released by automatic (health source 'probe:app/db' is UP): instance serves again"));
    }
  }

  @Test
  void quarantine_is_released_by_a_passing_probe_and_otherwise_stays_held() {
    ChildSpec.Builder db = lc.service("db").plan(RecoveryPlan.builder()
        .step(RecoveryPlan.step(Action.QUARANTINE).budget(5, HOUR).releaseWhen("probe:app/db")).build());
    try (Harness h = deterministic(db).start()) {
      h.crash("app/db");
      h.advance(HOUR); // keeps probing: the source is read at every re-check, and it still fails
      assertThat(h.node("app/db").state()).isEqualTo(ChildState.HELD);
      assertThat(h.node("app/db").held()).isEqualTo("quarantined by plan step 1");
      assertThat(readiness(h)).as("a tree without NOT_READY steps has no readiness source").isEmpty();
      assertThat(h.tree.health().health().status()).isEqualTo(HealthStatus.DEGRADED);
      probe.set(HealthReport.degraded("slow"));
      h.advance(Duration.ofSeconds(1));
      assertThat(h.node("app/db").state()).as("only UP releases").isEqualTo(ChildState.HELD);
      probe.set(HealthReport.up());
      h.advance(Duration.ofSeconds(1));
      assertThat(h.node("app/db").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.generation("app/db")).isEqualTo(1);
      assertThat(h.records("child.hold")).singleElement().satisfies(r -> assertThat(r.decision()).isEqualTo(
          "quarantined by plan step 1: not routed, not restarted, until health source 'probe:app/db' is UP or an"
              + " operator releases it"));
      assertThat(h.records("child.release")).singleElement().satisfies(r -> assertThat(r.decision())
          .isEqualTo("released by automatic (health source 'probe:app/db' is UP): instance serves again"));
      assertThat(h.tree.health().health()).isEqualTo(HealthReport.up());
    }
  }

  @Test
  void an_ended_instance_held_not_ready_is_started_again_when_the_bound_passes() {
    ChildSpec.Builder db = lc.service("db").plan(notReadyThenRestart(RecoveryPlan.step(Action.NOT_READY).holdFor(HOLD)));
    try (Harness h = deterministic(db).start()) {
      lc.context("db").fail(new IllegalStateException("lost connection")); // the instance ends on its own
      assertThat(h.node("app/db").state()).isEqualTo(ChildState.HELD);
      assertThat(lc.events()).contains("stop:db");
      h.advance(HOLD);
      assertThat(h.node("app/db").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.generation("app/db")).isEqualTo(2);
      assertThat(h.node("app/db").restarts()).as("a release is not a counted restart").isZero();
      assertThat(h.node("app").restartsInWindow()).isZero();
    }
  }

  @Test
  void an_operator_releases_a_not_ready_child_and_a_stop_ends_its_not_ready_state() throws Exception {
    ChildSpec.Builder db = lc.service("db").plan(notReadyThenRestart(RecoveryPlan.step(Action.NOT_READY).holdFor(HOUR)));
    try (Harness h = deterministic(db).start()) {
      Actor op = Actor.operator("alice");
      h.crash("app/db");
      assertThat(h.tree.releaseChild("app/db", op).get()).isEqualTo(ChildOutcome.OK);
      assertThat(readiness(h).orElseThrow().health()).isEqualTo(HealthReport.up());
      assertThat(h.records("child.release")).singleElement().satisfies(r -> {
        assertThat(r.actor()).isEqualTo(op);
        assertThat(r.decision()).isEqualTo("released by " + op + ": instance serves again");
      });
      assertThat(h.tree.releaseChild("app/db", op).get()).as("not held: it runs").isEqualTo(ChildOutcome.RUNNING);

      h.advance(Duration.ofMinutes(2)); // past the deadline: the next failure starts the ladder again
      h.crash("app/db");
      assertThat(h.tree.stopChild("app/db", op).get()).isEqualTo(ChildOutcome.OK);
      assertThat(readiness(h).orElseThrow().health()).as("a stopped child is no longer held").isEqualTo(
          HealthReport.up());
      assertThat(h.tree.releaseChild("app/db", op).get()).isEqualTo(ChildOutcome.ALREADY_PRESENT);
      assertThat(h.tree.releaseChild("app/ghost", op).get()).isEqualTo(ChildOutcome.NOT_FOUND);
    }
  }

  @Test
  void a_pause_keeps_a_not_ready_child_held_past_its_bound_and_resume_releases_it() {
    ChildSpec.Builder db = lc.service("db").plan(notReadyThenRestart(RecoveryPlan.step(Action.NOT_READY).holdFor(HOLD)));
    try (Harness h = deterministic(db).start()) {
      h.crash("app/db");
      h.tree.pause(Actor.operator("alice"), "investigating", null);
      h.advance(HOLD.multipliedBy(3));
      assertThat(h.node("app/db").state()).as("no automatic release while paused").isEqualTo(ChildState.HELD);
      h.tree.resume(Actor.operator("alice"));
      h.advance(Duration.ofSeconds(1)); // the next re-check
      assertThat(h.node("app/db").state()).isEqualTo(ChildState.RUNNING);
      assertThat(readiness(h).orElseThrow().health()).isEqualTo(HealthReport.up());
    }
  }

  @Test
  void dry_run_journals_the_hold_it_would_take_and_holds_nothing() {
    ChildSpec.Builder db = lc.service("db").plan(notReadyThenRestart(RecoveryPlan.step(Action.NOT_READY).holdFor(HOLD)));
    try (Harness h = deterministic(db).start()) {
      h.tree.dryRun(true, Actor.operator("alice"), "trying the plan", HOUR);
      h.crash("app/db");
      assertThat(h.node("app/db").state()).isEqualTo(ChildState.RUNNING);
      assertThat(readiness(h).orElseThrow().health()).isEqualTo(HealthReport.up());
      assertThat(h.records("child.not-ready")).singleElement().satisfies(r -> assertThat(r.decision())
          .isEqualTo("would mark not ready (dry-run): plan step 1"));
    }
  }

  @Test
  void hold_settings_are_validated_when_the_plan_is_built() {
    assertThatThrownBy(() -> RecoveryPlan.builder().step(RecoveryPlan.step(Action.RESTART).holdFor(HOLD)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 1 (RESTART): holdFor applies only to QUARANTINE and NOT_READY, was PT10S");
    assertThatThrownBy(() -> RecoveryPlan.builder().step(RecoveryPlan.step(Action.RESET).releaseWhen("x")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 1 (RESET): releaseWhen applies only to QUARANTINE and NOT_READY, was 'x'");
    assertThatThrownBy(() -> RecoveryPlan.builder().step(RecoveryPlan.step(Action.NOT_READY).holdFor(Duration.ZERO))
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 1 (NOT_READY): holdFor must be > 0 (a not-ready step is bounded), was PT0S");
    assertThatThrownBy(() -> RecoveryPlan.builder().step(RecoveryPlan.step(Action.QUARANTINE)
        .holdFor(Duration.ofSeconds(-1))).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 1 (QUARANTINE): holdFor must be >= 0, was PT-1S");
    assertThatThrownBy(() -> RecoveryPlan.builder().step(RecoveryPlan.step(Action.QUARANTINE).releaseWhen(" "))
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 1 (QUARANTINE): releaseWhen must name a health source, was ' '");
    assertThat(RecoveryPlan.builder().step(RecoveryPlan.step(Action.NOT_READY)).build().steps().get(0).holdFor())
        .as("default bound").isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void a_tree_refuses_a_release_by_an_unknown_health_source() {
    SupervisorSpec spec = SupervisorSpec.builder("app").child(lc.service("db").plan(RecoveryPlan.builder()
        .step(RecoveryPlan.step(Action.QUARANTINE).releaseWhen("probe:nope")).build())).build();
    assertThatThrownBy(() -> SupervisorTree.builder(spec).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("releaseWhen: child 'app/db' is released by health source 'probe:nope', which no source is"
            + " named after (known: []); give it to Diagnosis.Builder.healthSource, or to"
            + " Diagnosis.Builder.expectHealthSource if it joins the tree's context later");
  }
}
