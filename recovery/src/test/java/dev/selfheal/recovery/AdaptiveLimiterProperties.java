package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.recovery.internal.LimitRules;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The rules' invariants over arbitrary sequences of windows, whatever the samples say. */
class AdaptiveLimiterProperties {

  @Provide
  Arbitrary<LimitRules.Window> windows() {
    return Combinators.combine(Arbitraries.integers().between(0, 5000), Arbitraries.integers().between(0, 500),
        Arbitraries.longs().between(1, 5_000_000_000L), Arbitraries.longs().between(1, 2_000_000_000L),
        Arbitraries.integers().between(1, 2000), Arbitraries.of(true, false), Arbitraries.longs().between(0, 5000),
        Arbitraries.longs().between(0, 100_000)).as((n, d, rtt, elapsed, inflight, hit, admitted, refused) ->
        new LimitRules.Window(n, d, rtt * n, rtt / 2, (long) inflight * n, elapsed, hit, 1, admitted, refused));
  }

  @Property(tries = 300)
  void theLimitStaysWithinMinAndMax(@ForAll @IntRange(min = 1, max = 50) int min,
      @ForAll @IntRange(min = 0, max = 2000) int span,
      @ForAll @Size(max = 200) List<LimitRules.@From("windows") Window> ws) {
    int max = min + span;
    LimitRules rules = new LimitRules(min, max);
    LimitRules.State s = LimitRules.State.initial(min);
    for (LimitRules.Window w : ws) {
      s = rules.decide(s, w).next();
      assertThat(s.limit()).isBetween((double) min, (double) max);
      assertThat(s.baseline()).isNotNaN().isGreaterThanOrEqualTo(0);
    }
  }

  @Property(tries = 200)
  void oneWindowNeverCutsTheLimitByMoreThanHalf(@ForAll("windows") LimitRules.Window before,
      @ForAll("windows") LimitRules.Window w) {
    LimitRules rules = new LimitRules(1, 10_000);
    LimitRules.State s = rules.decide(LimitRules.State.initial(400), before).next();
    LimitRules.State next = rules.decide(s, w).next();
    assertThat(next.limit()).isGreaterThanOrEqualTo(Math.max(1, s.limit() / 2));
  }

  @Property(tries = 200)
  void withoutReachingTheLimitNothingButDropsOrAQueueLowersIt(@ForAll("windows") LimitRules.Window w) {
    LimitRules rules = new LimitRules(1, 10_000);
    LimitRules.State s = new LimitRules.State(100, 1e6, false, 1e6, 50, 1e-4, false, false, 0, 0, 0, 0);
    LimitRules.Window idle = new LimitRules.Window(w.samples(), 0, w.samples() * 1_000_000L, 1_000_000L,
        w.sumInflight(), w.elapsedNanos(), false);
    assertThat(rules.decide(s, idle).next().limit()).isEqualTo(100);
  }
}
