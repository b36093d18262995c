package dev.selfheal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.event.Actor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What {@link HealingMetrics} counts, observed on a tree driven by a manual clock. */
class HealingMetricsTest {
  private final Lifecycle lc = new Lifecycle();

  @Test
  void a_crash_restarted_after_backoff_is_one_restart_and_one_recovery_of_exactly_the_backoff() {
    try (Harness h = new Harness(HealingScenario.dbWithBackoff(lc))) {
      HealingMetrics m = HealingMetrics.attach(h.tree);
      h.start();
      h.crash("app/db");
      h.awaitState("app/db", ChildState.RESTARTING);
      assertThat(m.restarts("app")).isEqualTo(1);
      assertThat(m.recoveriesInProgress()).isEqualTo(1);
      assertThat(m.exits(ExitReason.Kind.ABNORMAL)).isEqualTo(1);
      h.advance(HealingScenario.BACKOFF);
      await().atMost(10, TimeUnit.SECONDS).until(() -> m.timeToRecovery().count() == 1);
      assertThat(m.timeToRecovery().maxNanos()).isEqualTo(HealingScenario.BACKOFF.toNanos());
      assertThat(m.timeToRecovery("app").count()).isEqualTo(1);
      assertThat(m.recoveriesInProgress()).isZero();
      assertThat(m.restarts()).isEqualTo(1);
      assertThat(m.escalations()).isZero();
    }
  }

  @Test
  void an_escalation_to_the_root_counts_the_escalation_and_the_tree_failure_and_drops_the_episode() {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(1, Duration.ofSeconds(60))
        .child(lc.service("db")).build();
    try (Harness h = new Harness(spec)) {
      HealingMetrics m = HealingMetrics.attach(h.tree);
      h.start();
      h.crashAndAwaitRestart("app/db");
      h.crash("app/db");
      h.awaitTreeFailed();
      await().atMost(10, TimeUnit.SECONDS).until(() -> m.treeFailures() == 1);
      assertThat(m.escalations("app")).isEqualTo(1);
      assertThat(m.restarts("app")).isEqualTo(1);
      assertThat(m.recoveriesInProgress()).isZero();
      assertThat(m.timeToRecovery().count()).isEqualTo(1);
    }
  }

  @Test
  void paused_and_dry_run_decisions_are_counted_not_carried_out() {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, Duration.ofSeconds(60))
        .child(lc.service("a")).child(lc.service("b")).build();
    try (Harness h = new Harness(spec)) {
      HealingMetrics m = HealingMetrics.attach(h.tree);
      h.start();
      h.tree.pause(Actor.operator("ops"));
      h.crash("app/a");
      h.awaitState("app/a", ChildState.FAILED);
      assertThat(m.deferredDecisions()).isEqualTo(1);
      h.tree.resume(Actor.operator("ops"));
      h.awaitRunning("app/a", 2);
      h.tree.dryRun(true, Actor.operator("ops"));
      h.crash("app/b");
      // dry-run leaves a live instance serving: the decision is counted, nothing is carried out
      org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> m.dryRunDecisions() == 1);
      assertThat(h.node("app/b").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.node("app/b").generation()).isEqualTo(1);
      assertThat(m.restarts()).isEqualTo(1);
      assertThat(m.childStates()).containsEntry(ChildState.RUNNING, 2);
    }
  }

  @Test
  void restarts_before_attach_come_from_the_snapshot() {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, Duration.ofSeconds(60))
        .child(lc.service("a")).build();
    try (Harness h = new Harness(spec).start()) {
      h.crashAndAwaitRestart("app/a");
      HealingMetrics m = HealingMetrics.attach(h.tree);
      assertThat(m.restarts("app")).isEqualTo(1);
      assertThat(m.supervisors()).containsExactly("app");
    }
  }

  @Test
  void supervisors_past_the_limit_share_one_key() {
    SupervisorSpec sub1 = SupervisorSpec.builder("s1").intensity(10, Duration.ofSeconds(60)).child(lc.service("x"))
        .build();
    SupervisorSpec sub2 = SupervisorSpec.builder("s2").intensity(10, Duration.ofSeconds(60)).child(lc.service("y"))
        .build();
    SupervisorSpec spec = SupervisorSpec.builder("app").child(ChildSpec.supervisor(sub1))
        .child(ChildSpec.supervisor(sub2)).build();
    try (Harness h = new Harness(spec)) {
      HealingMetrics m = HealingMetrics.attach(h.tree, 2);
      h.start();
      h.crashAndAwaitRestart("app/s2/y");
      await().atMost(10, TimeUnit.SECONDS).until(() -> m.restarts(HealingMetrics.OTHER) == 1);
      assertThat(m.supervisors()).containsExactlyInAnyOrder("app", "app/s1", HealingMetrics.OTHER);
      assertThat(m.restarts("app/s2")).isZero();
    }
  }

  @Test
  void a_closed_metrics_stops_counting_and_a_bad_limit_is_refused() {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, Duration.ofSeconds(60))
        .child(lc.service("a")).build();
    try (Harness h = new Harness(spec)) {
      HealingMetrics m = HealingMetrics.attach(h.tree);
      h.start();
      m.close();
      h.crashAndAwaitRestart("app/a");
      assertThat(m.restarts()).isZero();
      assertThatThrownBy(() -> HealingMetrics.attach(h.tree, 0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxSupervisors must be in [1, 10000], was 0");
    }
  }
}
