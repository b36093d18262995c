package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.Backoff;
import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Diagnosis;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Diagnosis: a failure whose cause is a dependency that is down holds the dependent instead of restarting it. */
class DiagnosisTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration B_BACKOFF = Duration.ofSeconds(10);
  private static final List<String> DEPENDENTS = List.of("a1", "a2", "a3", "a4", "a5");
  private final Lifecycle lc = new Lifecycle();

  /** B (which heals after a 10 s backoff) and five services that call it, declaring it or not. */
  private SupervisorSpec sharedDependency(boolean declared) {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app").intensity(3, HOUR)
        .child(lc.service("b").backoff(Backoff.exponential(B_BACKOFF, B_BACKOFF)));
    for (String id : DEPENDENTS) {
      ChildSpec.Builder a = lc.service(id);
      b.child(declared ? a.dependsOn("b") : a);
    }
    return b.build();
  }

  private static Harness deterministic(SupervisorSpec spec) {
    return new Harness(spec, t -> t.actorExecutor(Runnable::run));
  }

  @Test
  void dependents_of_a_shared_dependency_that_is_down_are_held_not_restarted_and_serve_again_when_it_heals() {
    try (Harness h = deterministic(sharedDependency(true)).start()) {
      h.crash("app/b"); // b is down: RESTARTING for its 10 s backoff
      assertThat(h.node("app/b").state()).isEqualTo(ChildState.RESTARTING);
      for (String id : DEPENDENTS) {
        h.crash("app/" + id); // each fails its calls to b
      }
      for (String id : DEPENDENTS) {
        assertThat(h.node("app/" + id).state()).isEqualTo(ChildState.HELD);
        assertThat(h.generation("app/" + id)).isEqualTo(1); // not restarted
      }
      assertThat(h.tree.currentInstance("app/a1")).isEmpty(); // calls fail fast while held
      assertThat(h.node("app/a1").held()).isEqualTo("dependency 'b' is down (sibling RESTARTING (last failure: boom))");
      assertThat(h.tree.health().health()).isEqualTo(HealthReport.degraded(
          "5 children held (a dependency down, or quarantined)"));
      assertThat(h.node("app").restartsInWindow()).isEqualTo(1); // only b's restart counts
      assertThat(h.records("supervisor.escalate")).isEmpty();
      assertThat(h.records("child.hold")).hasSize(5).allSatisfy(r -> {
        assertThat(r.cause()).isEqualTo("boom");
        assertThat(r.evidence()).containsEntry("dependency", "b").containsKey("since");
        assertThat(r.evidence().get("signal")).startsWith("sibling RESTARTING (last failure: boom)");
        assertThat(r.decision()).contains("held, not restarted, not counted: dependency 'b' is down");
      });

      h.advance(B_BACKOFF); // b is healed
      assertThat(h.node("app/b").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.generation("app/b")).isEqualTo(2);
      for (String id : DEPENDENTS) {
        assertThat(h.node("app/" + id).state()).isEqualTo(ChildState.RUNNING);
        assertThat(h.generation("app/" + id)).isEqualTo(1); // the same instance serves again
        assertThat(h.node("app/" + id).restarts()).isZero();
      }
      assertThat(h.tree.currentInstance("app/a1")).isPresent();
      assertThat(h.tree.health().health()).isEqualTo(HealthReport.up());
      assertThat(h.records("child.release")).extracting(JournalRecord::path)
          .containsExactly("app/a1", "app/a2", "app/a3", "app/a4", "app/a5");
      assertThat(h.records("child.restart")).extracting(JournalRecord::path).containsExactly("app/b");
      assertThat(h.tree.failed()).isFalse();
    }
  }

  @Test
  void without_declared_dependencies_the_same_outage_restarts_the_dependents_and_escalates() {
    try (Harness h = deterministic(sharedDependency(false)).start()) {
      h.crash("app/b");
      for (String id : DEPENDENTS) {
        h.crash("app/" + id);
      }
      // OTP: b's restart and a1..a2's fill the window of 3; a3's would exceed it
      assertThat(h.records("child.restart")).extracting(JournalRecord::path)
          .containsExactly("app/b", "app/a1", "app/a2");
      assertThat(h.records("supervisor.escalate")).extracting(JournalRecord::path).containsExactly("app");
      assertThat(h.records("child.hold")).isEmpty();
      assertThat(h.tree.failed()).isTrue();
    }
  }

  @Test
  void a_dependent_still_failing_after_its_dependency_healed_is_restarted_by_otp_rules() {
    try (Harness h = deterministic(sharedDependency(true)).start()) {
      h.crash("app/b");
      h.crash("app/a1");
      h.advance(B_BACKOFF);
      assertThat(h.node("app/a1").state()).isEqualTo(ChildState.RUNNING);
      h.crash("app/a1"); // b is up: a1's own failure
      assertThat(h.generation("app/a1")).isEqualTo(2);
      assertThat(h.records("child.restart")).extracting(JournalRecord::path).containsExactly("app/b", "app/a1");
    }
  }

  @Test
  void an_instance_that_ended_while_its_dependency_was_down_is_started_again_uncounted_when_it_heals() {
    try (Harness h = deterministic(sharedDependency(true)).start()) {
      h.crash("app/b");
      lc.context("a1").fail(new IllegalStateException("lost b"));
      assertThat(h.node("app/a1").state()).isEqualTo(ChildState.HELD);
      assertThat(lc.events()).contains("stop:a1"); // what was left of the ended instance was released
      h.advance(B_BACKOFF);
      assertThat(h.node("app/a1").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.generation("app/a1")).isEqualTo(2);
      assertThat(h.node("app/a1").restarts()).isZero();
      assertThat(h.node("app").restartsInWindow()).isEqualTo(1);
      assertThat(h.records("child.release")).singleElement()
          .satisfies(r -> assertThat(r.decision()).isEqualTo("released by automatic: started again (not counted)"));
    }
  }

  @Test
  void holds_follow_a_chain_and_are_released_in_one_pass() {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(1, HOUR)
        .child(lc.service("b").backoff(Backoff.exponential(B_BACKOFF, B_BACKOFF)))
        .child(lc.service("c").dependsOn("b")).child(lc.service("d").dependsOn("c")).build();
    try (Harness h = deterministic(spec).start()) {
      h.crash("app/b");
      h.crash("app/c");
      h.crash("app/d"); // c is HELD: down as well
      assertThat(h.records("child.hold")).extracting(r -> r.evidence().get("dependency")).containsExactly("b", "c");
      h.advance(B_BACKOFF);
      assertThat(h.node("app/c").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.node("app/d").state()).isEqualTo(ChildState.RUNNING);
    }
  }

  @Test
  void an_external_health_source_that_is_down_holds_and_its_recovery_releases_at_the_next_recheck() {
    AtomicReference<HealthReport> payments = new AtomicReference<>(HealthReport.down("circuit open"));
    HealthSource breaker = new HealthSource() {
      @Override
      public String name() {
        return "circuit:payments";
      }

      @Override
      public HealthReport health() {
        return payments.get();
      }
    };
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(0, HOUR)
        .child(lc.service("checkout").dependsOnHealth("circuit:payments")).build();
    Diagnosis diagnosis = Diagnosis.builder().healthSource(breaker).recheckEvery(Duration.ofSeconds(2)).build();
    try (Harness h = new Harness(spec, t -> t.actorExecutor(Runnable::run).diagnosis(diagnosis)).start()) {
      h.crash("app/checkout");
      assertThat(h.node("app/checkout").state()).isEqualTo(ChildState.HELD);
      assertThat(h.records("child.hold")).singleElement().satisfies(r -> assertThat(r.evidence())
          .containsEntry("dependency", "circuit:payments").containsEntry("signal", "health DOWN: circuit open"));
      h.advance(Duration.ofSeconds(2));
      assertThat(h.node("app/checkout").state()).isEqualTo(ChildState.HELD); // still down
      payments.set(HealthReport.up());
      h.advance(Duration.ofSeconds(1));
      assertThat(h.node("app/checkout").state()).isEqualTo(ChildState.HELD); // not yet re-checked
      h.advance(Duration.ofSeconds(1));
      assertThat(h.node("app/checkout").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.generation("app/checkout")).isEqualTo(1);
      assertThat(h.tree.failed()).isFalse(); // intensity 0: any counted restart would have escalated
    }
  }

  @Test
  void an_operator_releases_a_held_child_and_the_journal_names_them() throws Exception {
    try (Harness h = deterministic(sharedDependency(true)).start()) {
      h.crash("app/b");
      h.crash("app/a1");
      Actor op = Actor.operator("alice");
      assertThat(h.tree.releaseChild("app/a1", op).get()).isEqualTo(ChildOutcome.OK);
      assertThat(h.node("app/a1").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.records("child.release")).singleElement().satisfies(r -> {
        assertThat(r.actor()).isEqualTo(op);
        assertThat(r.decision()).isEqualTo("released by " + op + ": instance serves again");
      });
      assertThat(h.tree.releaseChild("app/a2", op).get()).as("not held: it runs").isEqualTo(ChildOutcome.RUNNING);
      assertThat(h.tree.releaseChild("app/b", op).get()).as("not held: restarting").isEqualTo(ChildOutcome.RESTARTING);
      assertThat(h.tree.releaseChild("app/nope", op).get()).isEqualTo(ChildOutcome.NOT_FOUND);
    }
  }

  @Test
  void dry_run_journals_would_hold_and_holds_nothing() {
    try (Harness h = deterministic(sharedDependency(true)).start()) {
      h.crash("app/b");
      h.tree.dryRun(true, Actor.operator("alice"), "try diagnosis", HOUR);
      h.crash("app/a1");
      assertThat(h.node("app/a1").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.records("child.hold")).singleElement()
          .satisfies(r -> assertThat(r.decision()).startsWith("would hold (dry-run): dependency 'b' is down"));
    }
  }

  @Test
  void a_failure_deferred_by_pause_is_held_on_resume_when_its_dependency_is_still_down() {
    try (Harness h = deterministic(sharedDependency(true)).start()) {
      h.crash("app/b");
      Actor op = Actor.operator("alice");
      h.tree.pause(op, "maintenance", HOUR);
      h.crash("app/a1");
      assertThat(h.node("app/a1").state()).isEqualTo(ChildState.FAILED);
      assertThat(h.records("child.hold")).isEmpty();
      h.tree.resume(op);
      assertThat(h.node("app/a1").state()).isEqualTo(ChildState.HELD);
      h.advance(B_BACKOFF);
      assertThat(h.node("app/a1").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.node("app").restartsInWindow()).isEqualTo(1);
    }
  }

  @Test
  void a_suspended_child_is_not_held_either() {
    try (Harness h = deterministic(sharedDependency(true)).start()) {
      h.crash("app/b");
      h.tree.suspend("app/a1", Actor.operator("alice"), "investigating", HOUR);
      h.crash("app/a1");
      assertThat(h.records("child.suspended-failure")).hasSize(1);
      assertThat(h.records("child.hold")).isEmpty();
    }
  }

  @Test
  void a_tree_refuses_a_dependency_on_an_unknown_health_source() {
    SupervisorSpec spec = SupervisorSpec.builder("app").child(lc.service("checkout").dependsOnHealth("circuit:pay"))
        .build();
    assertThatThrownBy(() -> SupervisorTree.builder(spec).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dependsOnHealth: child 'app/checkout' depends on health source 'circuit:pay', which no source"
            + " is named after (known: []); give it to Diagnosis.Builder.healthSource, or to"
            + " Diagnosis.Builder.expectHealthSource if it joins the tree's context later");
  }

  @Test
  void a_child_added_at_run_time_must_name_existing_dependencies() {
    try (Harness h = deterministic(sharedDependency(true)).start()) {
      Actor op = Actor.operator("alice");
      assertThatThrownBy(() -> h.tree.startChild("app", lc.service("late").dependsOnHealth("circuit:x").build(), op))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("child 'app/late' depends on health"
              + " source 'circuit:x', which no source is named after");
      assertThat(h.tree.startChild("app", lc.service("late").dependsOn("b").build(), op)).isCompletedWithValue(
          ChildOutcome.OK);
      assertThat(h.tree.startChild("app", lc.service("later").dependsOn("ghost").build(), op))
          .isCompletedExceptionally();
      assertThat(h.node("app/later")).isNull();
    }
  }

  @Test
  void sibling_dependencies_are_validated_at_build() {
    assertThatThrownBy(() -> SupervisorSpec.builder("app").child(lc.service("a").dependsOn("ghost")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("dependsOn: child 'a' of supervisor 'app' depends"
            + " on 'ghost', which is not a child of that supervisor");
    assertThatThrownBy(() -> SupervisorSpec.builder("app").child(lc.service("a").dependsOn("c"))
        .child(lc.service("b").dependsOn("a")).child(lc.service("c").dependsOn("b")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dependsOn: children of supervisor 'app' depend on each other in a cycle: a -> c -> b -> a");
    assertThatThrownBy(() -> SupervisorSpec.builder("app").child(lc.service("a").dependsOn("b"))
        .child(lc.service("b")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("dependsOn: child 'a' of supervisor 'app' depends"
            + " on 'b', which is declared after it; declare 'b' first (children start in declaration order and"
            + " stop in reverse)");
  }

  @Test
  void dependencies_start_before_and_stop_after_their_dependents() {
    SupervisorSpec spec = SupervisorSpec.builder("app").child(lc.service("db")).child(lc.service("api").dependsOn("db"))
        .build();
    Harness h = deterministic(spec).start();
    h.close();
    assertThat(lc.events()).containsExactly("start:db", "start:api", "stop:api", "stop:db");
  }
}
