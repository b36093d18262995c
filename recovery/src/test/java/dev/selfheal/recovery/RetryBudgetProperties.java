package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.test.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whenever the budget grants a retry, the retries granted in the window that ends then (the last
 * {@link RetryBudget#SLICES} slices, this one included) are at most
 * {@code ratio x calls made in that window so far + minRetriesPerSecond x ttl}, for any sequence of calls,
 * retries and time steps.
 */
class RetryBudgetProperties {

  /** An operation: 0 = call, 1 = retry, 2 = advance time by {@code step} ms. */
  record Op(int kind, int stepMillis) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op = Arbitraries.integers().between(0, 2).flatMap(kind -> kind == 2
        ? Arbitraries.integers().between(1, 4000).map(ms -> new Op(2, ms))
        : Arbitraries.just(new Op(kind, 0)));
    return op.list().ofMinSize(1).ofMaxSize(400);
  }

  @Property(tries = 300)
  void neverMoreRetriesThanRatioTimesCallsPlusMinimum(@ForAll("ops") @Size(max = 400) List<Op> ops,
      @ForAll @DoubleRange(min = 0.0, max = 2.0) double ratio,
      @ForAll @IntRange(min = 0, max = 3) int minPerSecond) {
    ManualTicker ticker = new ManualTicker();
    long origin = ticker.read();
    RetryBudgetConfig config = RetryBudgetConfig.builder().ttl(Duration.ofSeconds(1)).retryRatio(ratio)
        .minRetriesPerSecond(minPerSecond).build();
    RetryBudget budget = RetryBudget.of(config, ticker);
    long sliceNanos = config.ttl().toNanos() / RetryBudget.SLICES;
    List<long[]> calls = new ArrayList<>(); // slice of each call
    List<long[]> retries = new ArrayList<>(); // slice of each granted retry
    int checked = 0;
    for (Op op : ops) {
      long slice = (ticker.read() - origin) / sliceNanos;
      switch (op.kind()) {
        case 0:
          budget.deposit();
          calls.add(new long[] {slice});
          break;
        case 1:
          if (budget.tryWithdraw()) {
            retries.add(new long[] {slice});
            long start = slice - RetryBudget.SLICES + 1;
            long c = count(calls, start, slice);
            long r = count(retries, start, slice);
            assertThat((double) r).as("retry %d at slice %d", retries.size(), slice)
                .isLessThanOrEqualTo(ratio * c + config.minRetriesPerSecond() * (config.ttl().toNanos() / 1e9) + 1e-9);
            checked++;
          }
          break;
        default:
          ticker.advance(Duration.ofMillis(op.stepMillis()));
      }
    }
    assertThat(checked).isEqualTo(retries.size());
  }

  private static long count(List<long[]> at, long start, long end) {
    return at.stream().filter(s -> s[0] >= start && s[0] <= end).count();
  }

  @Property(tries = 50)
  void withNoCallsTheMinimumIsAvailablePerWindow(@ForAll @IntRange(min = 0, max = 20) int minPerSecond) {
    ManualTicker ticker = new ManualTicker();
    RetryBudget budget = RetryBudget.of(RetryBudgetConfig.builder().ttl(Duration.ofSeconds(2))
        .minRetriesPerSecond(minPerSecond).build(), ticker);
    int granted = 0;
    while (budget.tryWithdraw()) {
      granted++;
    }
    assertThat(granted).isEqualTo(2 * minPerSecond);
  }
}
