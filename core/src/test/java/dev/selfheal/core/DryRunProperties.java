package dev.selfheal.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.event.Actor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** A real tree on a deterministic actor executor: dry-run over any reports stops and starts nothing. */
class DryRunProperties {
  private static final AtomicInteger TREES = new AtomicInteger();

  @Property(tries = 40)
  void a_dry_run_over_any_reports_stops_nothing_starts_nothing_and_counts_nothing(
      @ForAll RestartStrategy strategy,
      @ForAll @IntRange(min = 0, max = 3) int maxRestarts,
      @ForAll @Size(max = 15) List<@IntRange(min = 0, max = 2) Integer> reports) {
    Lifecycle lc = new Lifecycle();
    String name = "d" + TREES.incrementAndGet();
    SupervisorSpec spec = SupervisorSpec.builder(name).strategy(strategy).intensity(maxRestarts, Duration.ofHours(1))
        .child(lc.service("c0")).child(lc.service("c1")).child(lc.service("c2")).build();
    try (Harness h = new Harness(spec, b -> b.actorExecutor(Runnable::run)).start()) {
      lc.clear();
      h.tree.dryRun(true, Actor.operator("test"));
      for (int c : reports) {
        h.tree.reportFailure(name + "/c" + c, 1, "boom"); // decided on this thread before it returns
      }
      assertThat(lc.events()).as("the lifecycle log").isEmpty();
      assertThat(h.node(name).children()).allSatisfy(c -> {
        assertThat(c.state()).isEqualTo(ChildState.RUNNING);
        assertThat(c.generation()).isEqualTo(1);
      });
      assertThat(h.node(name).restartsInWindow()).isZero();
      assertThat(h.tree.failed()).isFalse();
      long decided = h.records("child.restart").size();
      assertThat(decided).as("one 'would' record per report until the shadow escalates")
          .isEqualTo(Math.min(reports.size(), maxRestarts + 1));
    }
  }
}
