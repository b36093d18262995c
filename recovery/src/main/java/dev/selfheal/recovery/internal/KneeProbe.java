package dev.selfheal.recovery.internal;

/**
 * The knee search of {@link LimitRules} where no queue shows it: under contention (processor sharing, USL)
 * every call slows a little instead of a few waiting, so the window's minimum latency stays at the baseline
 * and only the throughput tells whether the calls in flight are useful. A window's throughput is too noisy to
 * compare (a few dozen calls: +-15 %), so the probe measures two limits in turn over {@link #CALLS} calls
 * each (+-3 %): the current one, then 15 % fewer. The lower limit is kept when it serves at least
 * {@link #KEEP} of the higher one's rate (the oracle's own definition of the knee: the smallest limit with
 * 98 % of the best goodput); otherwise the higher limit is restored and the next probe waits twice as long.
 *
 * <pre>{@code
 *   IDLE ──`patience` windows in a row at the limit, no queue, more calls bought nothing──► HIGH (measure)
 *   HIGH ──CALLS calls measured──► LOW: limit * STEP (measure, after one settling window)
 *   LOW  ──CALLS calls, rate >= KEEP * high rate──► IDLE, lower limit kept, next probe after 4 windows
 *   LOW  ──CALLS calls, rate <  KEEP * high rate──► IDLE, higher limit restored, patience doubles (at most 64)
 *   any  ──a queue, drops, the limit not reached──► IDLE (abandoned; the limit as the other rule says)
 * }</pre>
 *
 * @param stage    where the probe is
 * @param streak   windows in a row that qualified for a probe (IDLE)
 * @param patience     the streak that starts the next probe
 * @param high     the higher limit under test
 * @param highRate its measured rate (calls per nanosecond), once HIGH is done
 * @param calls    calls measured at the level under test so far
 * @param elapsed  nanoseconds measured so far
 * @param ceiling  the limit increases may not pass while no queue shows (0: none): {@link #HEADROOM} above
 *                 the level the last probe kept, so that noise cannot walk the limit back past the knee
 *
 * <p>This class is immutable and thread-safe.
 */
public record KneeProbe(Stage stage, int streak, int patience, double high, double highRate, double calls,
    double elapsed, double ceiling) {

  /** Where a probe is. */
  public enum Stage { IDLE, HIGH, LOW }

  /** Calls measured per level: the rate's relative error is about {@code 1 / sqrt(CALLS)}. */
  static final int CALLS = 1024;
  /** The lower level tried: 15 % fewer calls in flight. */
  static final double STEP = 0.85;
  /** The share of the higher level's rate the lower one must serve to be kept. */
  static final double KEEP = 0.98;
  /**
   * How far above the level a probe settled on the limit may rise (half the probe's step, geometrically): an
   * accepted probe lowers the ceiling by 8 %, a rejected one raises it by 8 %, so a wrong verdict (noise) is
   * undone by the next ones instead of ratcheting.
   */
  static final double HEADROOM = 1 / Math.sqrt(STEP);
  private static final int FIRST_WAIT = 4;
  private static final int MAX_WAIT = 64;

  /** No probe yet. */
  public static final KneeProbe NONE = new KneeProbe(Stage.IDLE, 0, FIRST_WAIT, 0, 0, 0, 0, 0);

  /** The probe abandoned (another rule decided), keeping what it learnt about when to try again. */
  KneeProbe idle() {
    return stage == Stage.IDLE && streak == 0 ? this : new KneeProbe(Stage.IDLE, 0, patience, 0, 0, 0, 0, ceiling);
  }

  /** Forgets the ceiling: the conditions it was measured under are gone (a queue, more throughput). */
  KneeProbe clear() {
    return ceiling == 0 && stage == Stage.IDLE && streak == 0 ? this : NONE;
  }

  /** {@code limit}, or the ceiling if one is set and lower. */
  double cap(double limit) {
    return ceiling > 0 ? Math.min(limit, Math.max(ceiling, 1)) : limit;
  }

  /** Whether the ceiling holds {@code limit} back (increases have stopped there: time to probe again). */
  boolean atCeiling(double limit) {
    return ceiling > 0 && limit >= ceiling - 1;
  }

  boolean measuring() {
    return stage != Stage.IDLE;
  }

  /**
   * The result of one qualifying window: the next probe state, the limit it asks for, and when a probe ends
   * the lower level's measured rate (0 otherwise).
   */
  record Step(KneeProbe next, double limit, boolean changed, double lowRate) {}

  /**
   * One window at the limit with no queue: counts towards a probe, or measures the level under test.
   *
   * @param limit     the limit in force
   * @param calls     the window's calls (samples times calls per sample)
   * @param elapsedNs the window's duration
   */
  Step step(double limit, double calls, double elapsedNs) {
    switch (stage) {
      case IDLE: {
        if (streak + 1 < patience) {
          return new Step(new KneeProbe(Stage.IDLE, streak + 1, patience, 0, 0, 0, 0, ceiling), limit, false, 0);
        }
        return new Step(new KneeProbe(Stage.HIGH, 0, patience, limit, 0, 0, 0, ceiling), limit, false, 0);
      }
      case HIGH: {
        double c = this.calls + calls;
        double e = this.elapsed + elapsedNs;
        if (c < CALLS) {
          return new Step(new KneeProbe(Stage.HIGH, 0, patience, high, 0, c, e, ceiling), limit, false, 0);
        }
        return new Step(new KneeProbe(Stage.LOW, 0, patience, high, c / Math.max(1, e), 0, 0, ceiling), limit * STEP, true, 0);
      }
      default: {
        double c = this.calls + calls;
        double e = this.elapsed + elapsedNs;
        if (c < CALLS) {
          return new Step(new KneeProbe(Stage.LOW, 0, patience, high, highRate, c, e, ceiling), limit, false, 0);
        }
        double rate = c / Math.max(1, e);
        if (rate >= KEEP * highRate) {
          return new Step(new KneeProbe(Stage.IDLE, 0, FIRST_WAIT, 0, 0, 0, 0, limit * HEADROOM), limit, false, rate);
        }
        return new Step(new KneeProbe(Stage.IDLE, 0, Math.min(MAX_WAIT, patience * 2), 0, 0, 0, 0, high * HEADROOM), high, true,
            rate);
      }
    }
  }
}
