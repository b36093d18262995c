package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.selfheal.recovery.internal.LimitRules;
import org.junit.jupiter.api.Test;

/**
 * Two rules of {@link LimitRules}, on the windows the simulator's S3b produced (a dependency that holds the
 * worker adds 50 ms: 267 calls/s, 5.4 times more offered than served).
 */
class LimitRulesTest {
  private static final double MS = 1e6;
  private final LimitRules rules = new LimitRules(1, 1000);

  /** A window at the limit: {@code samples} completions at {@code perSecond}, each seeing {@code inflight}. */
  private static LimitRules.Window window(int samples, double perSecond, double minMs, double inflight,
      long admitted, long refused) {
    long elapsed = Math.round(samples / perSecond * 1e9);
    return new LimitRules.Window(samples, 0, Math.round(samples * (minMs + 20) * MS), Math.round(minMs * MS),
        Math.round(samples * inflight), elapsed, true, 1, admitted, refused);
  }

  /** The first window admitted after a decrease from {@code lastInflight} calls in flight (a 276/s window). */
  private LimitRules.Decision afterADecrease(double limit, double baselineMs, double lastRttMs, double lastInflight,
      LimitRules.Window w) {
    return rules.decide(new LimitRules.State(limit, baselineMs * MS, false, lastRttMs * MS, lastInflight, 276e-9,
        true, false, 0, 0, 0, 0), w);
  }

  @Test
  void theQueueAllowanceShrinksAsMoreCallsAreOfferedThanServed() {
    // 27 allowed, baseline 50 ms, a queue of 265/s * 20 ms = 5.3 calls that has stood one window already
    LimitRules.State s = new LimitRules.State(27, 50 * MS, false, 70 * MS, 26, 265e-9, false, false, 1, 0, 0, 0);

    LimitRules.Decision twice = rules.decide(s, window(45, 265, 70, 26, 45, 45));
    LimitRules.Decision overloaded = rules.decide(s, window(45, 265, 70, 26, 45, 200));

    // offered = 2 x admitted: the allowance (4.7 to 9.4 calls at 27) keeps the queue
    assertThat(twice.reason()).isEqualTo(LimitRules.Reason.HOLD);
    assertThat(twice.next().limit()).isEqualTo(27);
    // 5.4 x: the allowance is scaled by ln 2 / ln 5.4 (1.9 to 3.9 calls) and the queue is cut to it
    assertThat(overloaded.reason()).isEqualTo(LimitRules.Reason.QUEUEING);
    assertThat(overloaded.next().limit()).isBetween(23.0, 24.0);
  }

  @Test
  void withoutCountsTheAllowanceIsNotScaled() {
    LimitRules.State s = new LimitRules.State(27, 50 * MS, false, 70 * MS, 26, 265e-9, false, false, 1, 0, 0, 0);

    assertThat(rules.decide(s, window(45, 265, 70, 26, 0, 0)).reason()).isEqualTo(LimitRules.Reason.HOLD);
  }

  @Test
  void aDecreaseThatDrainedNothingMovesTheBaseline() {
    // 15.8 -> 11.8 calls in flight, the minimum stayed at 50 ms: the 50 ms are not a queue of ours
    LimitRules.Decision d = afterADecrease(12.4, 0.01, 50.7, 15.8, window(32, 198, 50.28, 11.8, 32, 250));

    assertThat(d.reason()).isEqualTo(LimitRules.Reason.BASELINE_SHIFT);
    assertThat(d.next().baseline() / MS).isEqualTo(50.28, within(1e-6));
    assertThat(d.next().limit()).isEqualTo(6.2, within(1e-9));
  }

  @Test
  void aDecreaseTooSmallToMeasureIsNotTakenForABaselineShift() {
    // 21.7 -> 20.0 calls in flight predicts a 6 ms fall; the window minimum's noise is as large
    LimitRules.Decision d = afterADecrease(20.1, 50.1, 63.25, 21.7, window(44, 263, 62.24, 20.0, 44, 200));

    assertThat(d.reason()).isNotEqualTo(LimitRules.Reason.BASELINE_SHIFT);
    assertThat(d.next()).extracting(LimitRules.State::baseline, LimitRules.State::slowStart)
        .containsExactly(50.1 * MS, false);
    assertThat(d.next().limit()).as("not halved").isGreaterThan(15);
  }
}
