package dev.selfheal.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.probes.internal.ThresholdCounter.Crossing;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The threshold counter against a model written from the history of results rather than from counters. */
class ThresholdCounterProperties {

  @Property(tries = 2000)
  void crossingsAndPassingFollowTheHistory(@ForAll @IntRange(min = 1, max = 4) int successThreshold,
      @ForAll @IntRange(min = 1, max = 4) int failureThreshold, @ForAll boolean restartAfterFailure,
      @ForAll @Size(max = 60) List<Boolean> results) {
    ThresholdCounter counter = new ThresholdCounter(successThreshold, failureThreshold, restartAfterFailure);
    List<Boolean> history = new ArrayList<>();
    boolean wasPassing = false;
    int lastFailedAt = -1;
    for (boolean passed : results) {
      history.add(passed);
      int n = history.size() - 1;
      Crossing crossing = passed ? counter.pass() : counter.fail();

      int failRun = trailing(history, false);
      boolean failedNow = !passed
          && (restartAfterFailure ? failRun % failureThreshold == 0 : failRun >= failureThreshold);
      if (failedNow) {
        lastFailedAt = n;
      }
      boolean passingNow = false; // a run of successThreshold passes since the last threshold failure
      int run = 0;
      for (int i = lastFailedAt + 1; i <= n; i++) {
        run = history.get(i) ? run + 1 : 0;
        passingNow |= run >= successThreshold;
      }
      Crossing expected = failedNow ? Crossing.FAILED
          : passingNow && !wasPassing ? Crossing.PASSED : Crossing.NONE;

      assertThat(crossing).as("after %s", history).isEqualTo(expected);
      assertThat(counter.passing()).as("passing after %s", history).isEqualTo(passingNow);
      assertThat(counter.successes()).isEqualTo(trailing(history, true));
      assertThat(counter.failures())
          .isEqualTo(restartAfterFailure ? failRun % failureThreshold : failRun);
      wasPassing = passingNow;
    }
  }

  @Property(tries = 200)
  void resetForgetsEverything(@ForAll @Size(max = 20) List<Boolean> results) {
    ThresholdCounter counter = new ThresholdCounter(1, 1, false);
    results.forEach(passed -> {
      if (passed) {
        counter.pass();
      } else {
        counter.fail();
      }
    });
    counter.reset();
    assertThat(counter.passing()).isFalse();
    assertThat(counter.successes()).isZero();
    assertThat(counter.failures()).isZero();
  }

  private static int trailing(List<Boolean> history, boolean value) {
    int count = 0;
    for (int i = history.size() - 1; i >= 0 && history.get(i) == value; i--) {
      count++;
    }
    return count;
  }
}
