package dev.selfheal.core.internal.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.RecoveryPlan.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The recovery plan's ladder against a model written from RecoveryPlan's javadoc, over random failures. */
class LadderProperties {
  private static final long S = 1_000_000_000L;

  record StepSpec(Action action, int maxUses, int periodS, int coolDownS, int deadlineS) {}

  /** @param resetFails whether a RESET taken for this failure then throws or times out (a failed step) */
  record Failure(int gapS, boolean resettable, boolean resetFails) {}

  /** The rule, naively: every take kept forever, counts by filtering. */
  static final class Model {
    final List<StepSpec> steps;
    final List<List<Long>> takes = new ArrayList<>();
    int last = -1;
    long lastAt;
    boolean lastFailed;

    Model(List<StepSpec> steps) {
      this.steps = steps;
      steps.forEach(s -> takes.add(new ArrayList<>()));
    }

    int choose(long now, boolean resettable) {
      int start = last >= 0 && (lastFailed
          || (steps.get(last).deadlineS() > 0 && now - lastAt <= steps.get(last).deadlineS() * S)) ? last + 1 : 0;
      for (int i = start; i < steps.size(); i++) {
        StepSpec s = steps.get(i);
        if (s.action() == Action.ESCALATE) {
          return i;
        }
        final int idx = i;
        long inPeriod = takes.get(idx).stream().filter(t -> now - t <= s.periodS() * S).count();
        List<Long> mine = takes.get(idx);
        boolean cooling = !mine.isEmpty() && now - mine.get(mine.size() - 1) < s.coolDownS() * S;
        boolean resetImpossible = s.action() == Action.RESET && !resettable;
        if (!resetImpossible && inPeriod < s.maxUses() && !cooling) {
          return i;
        }
      }
      return -1;
    }

    void taken(int i, long now) {
      takes.get(i).add(now);
      last = i;
      lastAt = now;
      lastFailed = false;
    }
  }

  @Provide
  Arbitrary<List<StepSpec>> plans() {
    Arbitrary<StepSpec> step = Combinators.combine(
        Arbitraries.of(Action.RESET, Action.RESTART, Action.RESTART_WITH_DEPENDENTS, Action.QUARANTINE,
            Action.NOT_READY),
        Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 120),
        Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 60)).as(StepSpec::new);
    return Combinators.combine(step.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false))
        .as((steps, escalate) -> {
          List<StepSpec> out = new ArrayList<>(steps);
          if (escalate) {
            out.add(new StepSpec(Action.ESCALATE, 1, 1, 0, 0));
          }
          return out;
        });
  }

  @Provide
  Arbitrary<List<Failure>> failures() {
    return Combinators.combine(Arbitraries.integers().between(0, 90), Arbitraries.of(true, false),
        Arbitraries.of(true, false)).as(Failure::new).list().ofMinSize(1).ofMaxSize(60);
  }

  private static RecoveryPlan plan(List<StepSpec> specs) {
    RecoveryPlan.Builder b = RecoveryPlan.builder();
    for (StepSpec s : specs) {
      b.step(RecoveryPlan.step(s.action()).budget(s.maxUses(), Duration.ofSeconds(s.periodS()))
          .coolDown(Duration.ofSeconds(s.coolDownS())).deadline(Duration.ofSeconds(s.deadlineS())));
    }
    return b.build();
  }

  @Property(tries = 500)
  void the_ladder_takes_the_step_the_model_takes(@ForAll("plans") List<StepSpec> specs,
      @ForAll("failures") List<Failure> failures) {
    RecoveryPlan plan = plan(specs);
    Ladder ladder = new Ladder(plan);
    Model model = new Model(specs);
    long now = 0;
    for (Failure f : failures) {
      now += f.gapS() * S;
      int expected = model.choose(now, f.resettable());
      Ladder.Choice got = ladder.choose(now, f.resettable());
      assertThat(got.index()).as("failure at %ds", now / S).isEqualTo(expected);
      if (expected < 0 || specs.get(expected).action() == Action.ESCALATE) {
        ladder = new Ladder(plan); // the supervisor restarts: a fresh child record, a fresh ladder
        model = new Model(specs);
      } else {
        ladder.taken(expected, now);
        model.taken(expected, now);
        if (specs.get(expected).action() == Action.RESET && f.resetFails()) {
          ladder.failed(expected, "recover() threw");
          model.lastFailed = true;
        }
      }
    }
  }

  @Property(tries = 200)
  void a_step_is_never_taken_beyond_its_budget(@ForAll("plans") List<StepSpec> specs,
      @ForAll("failures") List<Failure> failures) {
    Ladder ladder = new Ladder(plan(specs));
    List<List<Long>> takes = new ArrayList<>();
    specs.forEach(s -> takes.add(new ArrayList<>()));
    long now = 0;
    for (Failure f : failures) {
      now += f.gapS() * S;
      int i = ladder.choose(now, f.resettable()).index();
      if (i < 0 || specs.get(i).action() == Action.ESCALATE) {
        return;
      }
      ladder.taken(i, now);
      takes.get(i).add(now);
      final long t = now;
      StepSpec s = specs.get(i);
      assertThat(takes.get(i).stream().filter(x -> t - x <= s.periodS() * S).count()).isLessThanOrEqualTo(s.maxUses());
    }
  }
}
