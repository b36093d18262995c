package dev.selfheal.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.SupervisorEvent.HealingDecision;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Real trees on a deterministic actor executor and a manual clock: dry-run over any reports stops and starts
 * nothing, and over any sequence of reports, operator overrides (with expiries) and time passing, with or
 * without backoff, it decides exactly what a live tree decides for the same sequence.
 */
class DryRunProperties {
  private static final AtomicInteger TREES = new AtomicInteger();
  private static final Actor OPS = Actor.operator("prop");

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

  enum Op { REPORT, ADVANCE, PAUSE, RESUME, SUSPEND, LIFT }

  /** {@code child} 0..2; {@code seconds}: how far ADVANCE goes, or an override's expiry (0: none). */
  record Step(Op op, int child, int seconds) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Op> op = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just(Op.REPORT)),
        net.jqwik.api.Tuple.of(4, Arbitraries.just(Op.ADVANCE)),
        net.jqwik.api.Tuple.of(3, Arbitraries.of(Op.PAUSE, Op.RESUME, Op.SUSPEND, Op.LIFT)));
    return Combinators.combine(op, Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 4))
        .as(Step::new).list().ofMaxSize(25);
  }

  @Property(tries = 40)
  void a_dry_run_decides_exactly_what_the_live_run_decides_for_any_sequence(
      @ForAll RestartStrategy strategy,
      @ForAll @IntRange(min = 0, max = 3) int maxRestarts,
      @ForAll boolean withBackoff,
      @ForAll("steps") List<Step> steps) {
    String name = "t" + TREES.incrementAndGet();
    Backoff backoff = withBackoff ? Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(8)).withJitter(0)
        .resetAfter(Duration.ofSeconds(5)) : Backoff.none();
    Lifecycle liveLc = new Lifecycle();
    Lifecycle dryLc = new Lifecycle();
    try (Harness live = new Harness(spec(name, strategy, maxRestarts, backoff, liveLc),
        b -> b.actorExecutor(Runnable::run)).start();
        Harness dry = new Harness(spec(name, strategy, maxRestarts, backoff, dryLc),
            b -> b.actorExecutor(Runnable::run)).start()) {
      dry.tree.dryRun(true, OPS);
      dryLc.clear();
      List<String> liveDecisions = decisions(live);
      List<String> dryDecisions = decisions(dry);
      for (Step step : steps) {
        apply(live, name, step);
        apply(dry, name, step);
      }
      assertThat(dryDecisions).isEqualTo(liveDecisions);
      assertThat(dryLc.events()).as("the dry-run lifecycle log: no stop, no start").isEmpty();
      assertThat(dry.node(name).restartsInWindow()).as("nothing counted for real").isZero();
    }
  }

  private static SupervisorSpec spec(String name, RestartStrategy strategy, int maxRestarts, Backoff backoff,
      Lifecycle lc) {
    return SupervisorSpec.builder(name).strategy(strategy).intensity(maxRestarts, Duration.ofSeconds(30))
        .child(lc.service("c0").backoff(backoff)).child(lc.service("c1").backoff(backoff))
        .child(lc.service("c2").backoff(backoff)).build();
  }

  /**
   * The decisions of {@code h}'s tree as they arrive: kind and path, without the mode (LIVE or DRY_RUN) and
   * with an escalation's path left out (live it is the supervisor's, in dry-run the child's that caused it).
   */
  private static List<String> decisions(Harness h) {
    List<String> out = new CopyOnWriteArrayList<>();
    h.tree.events().subscribe(HealingDecision.class, d -> out.add(d.kind()
        + (d.kind() == HealingDecision.Kind.ESCALATE ? "" : " " + d.path()) + " by " + d.actor()));
    return out;
  }

  private static void apply(Harness h, String name, Step step) {
    String child = name + "/c" + step.child();
    Duration expiry = step.seconds() == 0 ? null : Duration.ofSeconds(step.seconds());
    switch (step.op()) {
      case REPORT -> h.tree.reportFailure(child, h.generation(child), "boom"); // decided before it returns
      case ADVANCE -> h.advance(Duration.ofSeconds(step.seconds() + 1));
      case PAUSE -> h.tree.pause(OPS, "prop", expiry);
      case RESUME -> h.tree.resume(OPS);
      case SUSPEND -> h.tree.suspend(child, OPS, "prop", expiry);
      case LIFT -> h.tree.liftSuspension(child, OPS);
    }
  }
}
