package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.AutoShutdown;
import dev.selfheal.core.ChildCounts;
import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.RestartStrategy;
import dev.selfheal.core.RestartType;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ports of supervisor_SUITE's cases for start results meaning {@code ignore} and for significant children
 * with {@code auto_shutdown} (REFERENCE.md 1.6 and 1.8), named after the cases they port.
 */
class SignificantAndIgnoreTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Actor OP = Actor.operator("test");
  private final Lifecycle lc = new Lifecycle();

  /** A service whose factory answers ignore (null, with ignoreWhenNull). */
  private static ChildSpec.Builder ignoring(String id) {
    return ChildSpec.service(id, () -> (Component) null).ignoreWhenNull();
  }

  // ------------------------------------------------------------------ ignore

  @Test
  void sup_start_ignore_child() {
    SupervisorSpec spec = SupervisorSpec.builder("sup").child(lc.service("child1")).child(ignoring("child2")).build();
    try (Harness h = new Harness(spec).start()) {
      assertThat(h.tree.countChildren("sup")).isEqualTo(new ChildCounts(2, 1, 0, 2));
      assertThat(h.node("sup/child2").state()).isEqualTo(ChildState.STOPPED);
      assertThat(h.records("child.ignored")).singleElement()
          .satisfies(r -> assertThat(r.decision()).isEqualTo("not started: spec kept with no instance"));
      assertThat(h.tree.currentInstance("sup/child2")).isEmpty();
    }
  }

  @Test
  void sup_start_ignore_temporary_child() {
    SupervisorSpec spec = SupervisorSpec.builder("sup").child(lc.service("child1"))
        .child(ignoring("child2").restartType(RestartType.TEMPORARY)).build();
    try (Harness h = new Harness(spec).start()) {
      assertThat(h.tree.whichChildren("sup")).extracting(ChildSnapshot::id).containsExactly("child1");
      assertThat(h.tree.countChildren("sup")).isEqualTo(new ChildCounts(1, 1, 0, 1));
    }
  }

  @Test
  void sup_start_ignore_temporary_child_start_child() {
    try (Harness h = new Harness(SupervisorSpec.builder("sup").build()).start()) {
      assertThat(h.tree.startChild("sup", ignoring("c").restartType(RestartType.TEMPORARY).build(), OP).join())
          .isEqualTo(ChildOutcome.OK);
      assertThat(h.tree.whichChildren("sup")).isEmpty();
    }
  }

  @Test
  void sup_start_ignore_permanent_child_start_child() {
    try (Harness h = new Harness(SupervisorSpec.builder("sup").build()).start()) {
      assertThat(h.tree.startChild("sup", ignoring("c").build(), OP).join()).isEqualTo(ChildOutcome.OK);
      assertThat(h.tree.countChildren("sup")).isEqualTo(new ChildCounts(1, 0, 0, 1));
      assertThat(h.tree.startChild("sup", ignoring("c").build(), OP).join()).isEqualTo(ChildOutcome.ALREADY_PRESENT);
      h.tree.stop(); // shuts down cleanly with an ignored child
      assertThat(h.node("sup").state()).isEqualTo(ChildState.STOPPED);
    }
  }

  @Test
  void a_factory_returning_null_without_ignore_when_null_is_a_failed_start() {
    try (Harness h = new Harness(SupervisorSpec.builder("sup").build()).start()) {
      assertThatThrownBy(() -> h.tree.startChild("sup", ChildSpec.service("c", () -> (Component) null).build(), OP)
          .join()).hasMessageContaining("factory returned null");
    }
  }

  // ------------------------------------------------------------------ significant children

  /** root (NEVER) -> sub (mode) [children...]; sub is TRANSIENT in root, so its shutdown exit leaves it stopped. */
  private static SupervisorSpec underRoot(SupervisorSpec sub) {
    return SupervisorSpec.builder("root").intensity(5, HOUR)
        .child(ChildSpec.supervisor(sub).restartType(RestartType.TRANSIENT)).build();
  }

  @ParameterizedTest
  @EnumSource(value = AutoShutdown.class, names = {"ANY_SIGNIFICANT", "ALL_SIGNIFICANT"})
  void nonsignificant_temporary(AutoShutdown mode) {
    SupervisorSpec sub = SupervisorSpec.builder("sub").autoShutdown(mode).intensity(5, HOUR)
        .child(lc.exitingWorker("t", "normal").restartType(RestartType.TEMPORARY))
        .child(lc.service("other")).build();
    try (Harness h = new Harness(underRoot(sub)).start()) {
      h.awaitGone("root/sub/t");
      assertThat(h.node("root/sub").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.records("supervisor.auto-shutdown")).isEmpty();
    }
  }

  @Test
  void significant_temporary() {
    // any_significant: a normal exit of a significant temporary child shuts the supervisor down
    SupervisorSpec sub = SupervisorSpec.builder("sub").autoShutdown(AutoShutdown.ANY_SIGNIFICANT).intensity(5, HOUR)
        .child(lc.service("other"))
        .child(lc.exitingWorker("t", "crash").restartType(RestartType.TEMPORARY).significant(true)).build();
    try (Harness h = new Harness(underRoot(sub)).start()) {
      h.awaitState("root/sub", ChildState.STOPPED);
      assertThat(h.records("supervisor.auto-shutdown")).singleElement().satisfies(r -> {
        assertThat(r.path()).isEqualTo("root/sub");
        assertThat(r.cause()).isEqualTo("significant child 't' ended: java.lang.IllegalStateException: crash of t");
      });
      assertThat(lc.events()).contains("stop:other");
      assertThat(h.records("child.exit")).extracting(JournalRecord::path).containsExactly("root/sub");
      assertThat(h.tree.failed()).isFalse();
    }
  }

  @Test
  void significant_temporary_stopped_by_the_operator_triggers_nothing() {
    SupervisorSpec sub = SupervisorSpec.builder("sub").autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
        .child(lc.worker("t").restartType(RestartType.TEMPORARY).significant(true)).build();
    try (Harness h = new Harness(underRoot(sub)).start()) {
      assertThat(h.tree.stopChild("root/sub/t", OP).join()).isEqualTo(ChildOutcome.OK);
      assertThat(h.node("root/sub").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.records("supervisor.auto-shutdown")).isEmpty();
    }
  }

  @Test
  void all_significant() {
    SupervisorSpec sub = SupervisorSpec.builder("sub").autoShutdown(AutoShutdown.ALL_SIGNIFICANT)
        .child(lc.worker("t1").restartType(RestartType.TEMPORARY).significant(true))
        .child(lc.worker("t2").restartType(RestartType.TRANSIENT).significant(true)).build();
    try (Harness h = new Harness(underRoot(sub)).start()) {
      // a worker's context is known once its thread runs
      org.awaitility.Awaitility.await().until(() -> lc.context("t1") != null && lc.context("t2") != null);
      lc.context("t1").exitNormally();
      h.awaitGone("root/sub/t1");
      assertThat(h.node("root/sub").state()).as("t2 is still active").isEqualTo(ChildState.RUNNING);
      lc.context("t2").exitNormally();
      h.awaitState("root/sub", ChildState.STOPPED);
      assertThat(h.records("supervisor.auto-shutdown")).hasSize(1);
    }
  }

  @Test
  void significant_transient() {
    SupervisorSpec sub = SupervisorSpec.builder("sub").autoShutdown(AutoShutdown.ANY_SIGNIFICANT).intensity(5, HOUR)
        .child(lc.service("s").restartType(RestartType.TRANSIENT).significant(true)).build();
    try (Harness h = new Harness(underRoot(sub)).start()) {
      h.crashAndAwaitRestart("root/sub/s"); // a crash restarts it
      assertThat(h.node("root/sub").state()).isEqualTo(ChildState.RUNNING);
      lc.context("s").exitNormally(); // a normal exit shuts the supervisor down
      h.awaitState("root/sub", ChildState.STOPPED);
      assertThat(h.records("supervisor.auto-shutdown")).hasSize(1);
    }
  }

  @Test
  void significant_bystander() {
    SupervisorSpec sub = SupervisorSpec.builder("sub").strategy(RestartStrategy.ONE_FOR_ALL)
        .autoShutdown(AutoShutdown.ANY_SIGNIFICANT).intensity(5, HOUR)
        .child(lc.service("a"))
        .child(lc.service("s").restartType(RestartType.TRANSIENT).significant(true)).build();
    try (Harness h = new Harness(underRoot(sub)).start()) {
      h.crashAndAwaitRestart("root/sub/a");
      h.awaitRunning("root/sub/s", 2);
      assertThat(h.node("root/sub").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.records("supervisor.auto-shutdown")).isEmpty();
    }
  }

  @Test
  void significant_escalation() {
    // A (any) -> B significant (any) -> C significant: C's end stops B, B's end stops A.
    SupervisorSpec b = SupervisorSpec.builder("B").autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
        .child(lc.service("C").restartType(RestartType.TRANSIENT).significant(true)).build();
    SupervisorSpec a = SupervisorSpec.builder("A").autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
        .child(ChildSpec.supervisor(b).restartType(RestartType.TRANSIENT).significant(true))
        .child(lc.service("sibling")).build();
    try (Harness h = new Harness(underRoot(a)).start()) {
      lc.context("C").exitNormally();
      h.awaitState("root/A", ChildState.STOPPED);
      assertThat(h.records("supervisor.auto-shutdown")).extracting(JournalRecord::path)
          .containsExactly("root/A/B", "root/A");
      assertThat(lc.events()).contains("stop:sibling");
    }
  }

  @Test
  void significant_escalation_stops_only_a_nonsignificant_child_supervisor() {
    SupervisorSpec b = SupervisorSpec.builder("B").autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
        .child(lc.service("C").restartType(RestartType.TRANSIENT).significant(true)).build();
    SupervisorSpec a = SupervisorSpec.builder("A").autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
        .child(ChildSpec.supervisor(b).restartType(RestartType.TRANSIENT)).child(lc.service("sibling")).build();
    try (Harness h = new Harness(underRoot(a)).start()) {
      lc.context("C").exitNormally();
      h.awaitState("root/A/B", ChildState.STOPPED);
      assertThat(h.node("root/A").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.records("supervisor.auto-shutdown")).extracting(JournalRecord::path).containsExactly("root/A/B");
    }
  }

  @Test
  void bad_combination_significant_permanent_child() {
    assertThatThrownBy(() -> lc.service("s").significant(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("significant").hasMessageContaining("'s'").hasMessageContaining("PERMANENT");
  }

  @Test
  void bad_combination_significant_child_under_never() {
    ChildSpec s = lc.service("s").restartType(RestartType.TRANSIENT).significant(true).build();
    assertThatThrownBy(() -> SupervisorSpec.builder("sup").child(s).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoShutdown NEVER");
    try (Harness h = new Harness(SupervisorSpec.builder("sup").build()).start()) {
      assertThatThrownBy(() -> h.tree.startChild("sup", s, OP).join()).isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoShutdown NEVER");
      assertThat(h.tree.whichChildren("sup")).isEmpty();
    }
  }

  @Test
  void the_root_shutting_itself_down_is_not_a_failure() {
    SupervisorSpec root = SupervisorSpec.builder("root").autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
        .child(lc.service("job").restartType(RestartType.TRANSIENT).significant(true)).build();
    try (Harness h = new Harness(root).start()) {
      lc.context("job").exitNormally();
      h.awaitState("root", ChildState.STOPPED);
      assertThat(h.tree.failed()).isFalse();
      assertThat(h.tree.health().health().message()).contains("shut itself down");
    }
  }
}
