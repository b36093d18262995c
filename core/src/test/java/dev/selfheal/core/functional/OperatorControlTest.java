package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildState;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.Actor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pause/resume and dry-run: the operator's manual override of automatic healing. */
class OperatorControlTest {
  private static final Actor ALICE = Actor.operator("alice");
  private final Lifecycle lc = new Lifecycle();

  @Test
  void paused_healing_records_the_failure_and_decides_on_resume() {
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(3, Duration.ofHours(1))
        .child(lc.service("a")).build();
    try (Harness h = new Harness(spec).start()) {
      h.tree.pause(ALICE);
      assertThat(h.tree.paused()).isTrue();
      h.crash("sup/a");
      h.awaitState("sup/a", ChildState.FAILED);
      assertThat(h.node("sup/a").lastFailure()).isEqualTo("boom");
      assertThat(h.records("child.exit")).singleElement()
          .satisfies(r -> assertThat(r.decision()).contains("paused"));
      await().during(100, TimeUnit.MILLISECONDS).atMost(1, TimeUnit.SECONDS)
          .until(() -> h.generation("sup/a") == 1);

      h.tree.resume(ALICE);
      h.awaitRunning("sup/a", 2);
      assertThat(h.records("child.restart")).hasSize(1);
      assertThat(h.records("operator.pause")).singleElement().satisfies(r -> assertThat(r.actor()).isEqualTo(ALICE));
      assertThat(h.records("operator.resume")).singleElement().satisfies(r -> assertThat(r.actor()).isEqualTo(ALICE));
    }
  }

  @Test
  void dry_run_journals_what_would_happen_and_does_nothing() {
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(1, Duration.ofHours(1))
        .child(lc.service("a")).child(lc.service("b")).build();
    try (Harness h = new Harness(spec).start()) {
      h.tree.dryRun(true, ALICE);
      h.crash("sup/a");
      h.awaitState("sup/a", ChildState.FAILED);
      assertThat(h.records("child.restart")).singleElement().satisfies(r -> {
        assertThat(r.decision()).isEqualTo("would restart 'a' (dry-run)");
        assertThat(r.actor()).isEqualTo(Actor.automatic());
      });
      assertThat(h.generation("sup/a")).isEqualTo(1);
      assertThat(h.node("sup").restartsInWindow()).isZero();

      h.tree.dryRun(false, ALICE);
      h.crashAndAwaitRestart("sup/b"); // real restart, counted: window now holds 1 (== intensity)
      h.tree.dryRun(true, ALICE);
      long before = h.generation("sup/b");
      h.crash("sup/b");
      await().atMost(5, TimeUnit.SECONDS).until(() -> h.records("child.restart").size() == 3);
      assertThat(h.records("child.restart").get(2).decision()).startsWith("would escalate (dry-run)");
      assertThat(h.tree.failed()).isFalse();
      assertThat(h.generation("sup/b")).isEqualTo(before);
      assertThat(h.records("operator.dry-run")).hasSize(3);
    }
  }

  @Test
  void a_verdict_about_an_old_generation_never_restarts_the_new_instance() {
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(5, Duration.ofHours(1))
        .child(lc.service("a")).build();
    try (Harness h = new Harness(spec).start()) {
      h.crashAndAwaitRestart("sup/a");
      h.tree.reportFailure("sup/a", 1, "late verdict about generation 1");
      h.tree.reportFailure("sup/nope", 1, "unknown path");
      await().during(100, TimeUnit.MILLISECONDS).atMost(1, TimeUnit.SECONDS)
          .until(() -> h.generation("sup/a") == 2);
      assertThat(h.records("child.restart")).hasSize(1);
    }
  }

  @Test
  void a_component_reports_its_own_failure_through_its_context() {
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(5, Duration.ofHours(1))
        .child(lc.service("a")).build();
    try (Harness h = new Harness(spec).start()) {
      lc.context("a").fail(new IllegalStateException("connection lost"));
      h.awaitRunning("sup/a", 2);
      assertThat(h.records("child.restart")).singleElement()
          .satisfies(r -> assertThat(r.cause()).isEqualTo("java.lang.IllegalStateException: connection lost"));
      assertThat(lc.events()).containsExactly("start:a", "stop:a", "start:a");
    }
  }
}
