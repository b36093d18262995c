package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.FailureReport;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
  void dry_run_journals_what_the_live_policy_would_do_at_the_right_count_and_touches_nothing() {
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(1, Duration.ofHours(1))
        .child(lc.service("a")).child(lc.service("b")).build();
    try (Harness h = new Harness(spec).start()) {
      lc.clear();
      h.tree.dryRun(true, ALICE);
      for (int i = 0; i < 3; i++) {
        h.tree.reportFailure("sup/a", 1, FailureReport.of(FailureReport.Source.PROBE, "liveness failed",
            Map.of("consecutive", "3")));
      }
      await().atMost(5, TimeUnit.SECONDS).until(() -> h.records("child.restart").size() == 2);
      assertThat(h.records("child.restart")).extracting(JournalRecord::decision).containsExactly(
          "would restart 'a' (dry-run)", "would escalate (dry-run): restart intensity 1 in PT1H would be exceeded");
      assertThat(h.records("child.restart")).allSatisfy(r -> {
        assertThat(r.actor()).isEqualTo(Actor.automatic());
        assertThat(r.evidence()).containsEntry("source", "probe").containsEntry("consecutive", "3");
      });
      // the third report: the live supervisor would be gone; nothing more is claimed
      h.tree.forceRestartChild("sup/b", ALICE).join(); // a message behind the three reports
      assertThat(h.records("child.restart")).hasSize(2);
      assertThat(h.node("sup/a").state()).as("a live instance reported failed keeps serving")
          .isEqualTo(ChildState.RUNNING);
      assertThat(h.generation("sup/a")).isEqualTo(1);
      assertThat(h.node("sup").restartsInWindow()).as("nothing counted for real").isZero();
      assertThat(lc.events()).as("nothing stopped or started but b by the operator")
          .containsExactly("stop:b", "start:b");
      assertThat(h.tree.failed()).isFalse();

      h.tree.dryRun(false, ALICE);
      h.crashAndAwaitRestart("sup/a"); // live again, with the live window: one restart is allowed
      assertThat(h.tree.failed()).isFalse();
      assertThat(h.records("operator.dry-run")).hasSize(2);
    }
  }

  @Test
  void a_worker_that_crashes_in_dry_run_shows_failed_and_is_restarted_when_dry_run_ends() {
    CountDownLatch crash = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(3, Duration.ofHours(1))
        .child(ChildSpec.worker("w", () -> ctx -> {
          if (runs.incrementAndGet() == 1) {
            crash.await();
            throw new IllegalStateException("disk full");
          }
          while (!ctx.stopRequested()) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
          }
        })).build();
    try (Harness h = new Harness(spec).start()) {
      h.tree.dryRun(true, ALICE);
      crash.countDown();
      h.awaitState("sup/w", ChildState.FAILED);
      assertThat(h.node("sup/w").lastFailure()).isEqualTo("java.lang.IllegalStateException: disk full");
      assertThat(h.records("child.restart")).singleElement()
          .satisfies(r -> assertThat(r.decision()).isEqualTo("would restart 'w' (dry-run)"));
      assertThat(runs.get()).isEqualTo(1);

      h.tree.dryRun(false, ALICE); // FAILED children are decided again, live
      h.awaitRunning("sup/w", 2);
      assertThat(h.records("child.restart")).extracting(JournalRecord::decision)
          .containsExactly("would restart 'w' (dry-run)", "restart 'w'");
      assertThat(h.node("sup").restartsInWindow()).isEqualTo(1);
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
