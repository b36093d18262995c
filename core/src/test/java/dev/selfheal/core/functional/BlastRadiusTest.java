package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.Backoff;
import dev.selfheal.core.BlastRadius;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.JournalRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blast radius: healing never takes down more of the tree at once than configured; what would, waits. */
class BlastRadiusTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration BACKOFF = Duration.ofSeconds(1);
  private static final List<String> IDS = List.of("a1", "a2", "a3", "a4");
  private final Lifecycle lc = new Lifecycle();

  private Harness tree(BlastRadius bound) {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app").intensity(10, HOUR);
    for (String id : IDS) {
      b.child(lc.service(id).backoff(Backoff.exponential(BACKOFF, BACKOFF)));
    }
    return new Harness(b.build(), t -> t.actorExecutor(Runnable::run).blastRadius(bound));
  }

  private static long restarting(Harness h) {
    return h.node("app").children().stream().filter(c -> c.state() == ChildState.RESTARTING).count();
  }

  private static List<String> healing(Harness h) {
    return h.journal.tail().stream().filter(r -> r.kind().equals("child.restart") || r.kind().equals("child.healing-wait"))
        .map(r -> r.kind() + " " + r.path()).toList();
  }

  @Test
  void with_a_cap_of_one_four_simultaneous_failures_are_healed_one_at_a_time_and_the_waits_are_journaled() {
    try (Harness h = tree(BlastRadius.builder().maxConcurrentHealing(1).build()).start()) {
      for (String id : IDS) {
        h.crash("app/" + id);
      }
      assertThat(restarting(h)).isEqualTo(1);
      assertThat(h.node("app/a2").state()).isEqualTo(ChildState.RUNNING); // waiting, still serving
      for (int step = 2; step <= 4; step++) {
        h.advance(BACKOFF);
        assertThat(restarting(h)).isEqualTo(1);
        assertThat(h.node("app").children().stream().filter(c -> c.generation() == 2).count()).isEqualTo(step - 1);
      }
      h.advance(BACKOFF);
      assertThat(restarting(h)).isZero();
      assertThat(h.node("app").children()).extracting(ChildSnapshot::generation).containsOnly(2L);
      assertThat(healing(h)).containsExactly(
          "child.restart app/a1",
          "child.healing-wait app/a2", "child.healing-wait app/a3", "child.healing-wait app/a4",
          "child.restart app/a2", "child.restart app/a3", "child.restart app/a4");
      assertThat(h.records("child.healing-wait")).first().satisfies(r -> {
        assertThat(r.cause()).isEqualTo("boom");
        assertThat(r.evidence()).containsEntry("restarting", "1").containsEntry("children", "4");
        assertThat(r.decision()).startsWith("restart waits: 1 restarting, 1 of 4 not serving");
      });
      assertThat(h.node("app").restartsInWindow()).isEqualTo(4); // waits are not counted, restarts are
    }
  }

  @Test
  void a_minimum_serving_share_keeps_half_the_tree_serving() {
    try (Harness h = tree(BlastRadius.builder().minServingShare(0.5).build()).start()) {
      h.crash("app/a1");
      h.crash("app/a2");
      h.crash("app/a3"); // would leave 1 of 4 serving
      assertThat(restarting(h)).isEqualTo(2);
      assertThat(h.records("child.healing-wait")).extracting(JournalRecord::path).containsExactly("app/a3");
      h.advance(BACKOFF);
      assertThat(h.node("app/a3").state()).isEqualTo(ChildState.RESTARTING);
      h.advance(BACKOFF);
      assertThat(h.generation("app/a3")).isEqualTo(2);
    }
  }

  @Test
  void an_unbounded_tree_restarts_all_at_once() {
    try (Harness h = tree(BlastRadius.unbounded()).start()) {
      for (String id : IDS) {
        h.crash("app/" + id);
      }
      assertThat(restarting(h)).isEqualTo(4);
      assertThat(h.records("child.healing-wait")).isEmpty();
    }
  }

  @Test
  void bounds_are_validated() {
    assertThatThrownBy(() -> BlastRadius.builder().maxConcurrentHealing(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConcurrentHealing must be >= 1, was 0");
    assertThatThrownBy(() -> BlastRadius.builder().minServingShare(1.0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minServingShare must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> BlastRadius.builder().minServingShare(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("minServingShare must be in [0, 1), was NaN");
  }
}
