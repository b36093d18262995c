package dev.selfheal.recovery.internal;

/**
 * The adaptive limit's rules: a pure function from the limiter's state and one closed window of samples to
 * the next state and the reason for it. No clock, no randomness, no threads: jqwik drives it directly.
 *
 * <pre>{@code
 *   (any state) drops > 1 % of the window        ─► limit * max(1/2, 1 - drop share)      DROPS
 *   window after a change (SETTLING)            ─► unchanged: its calls met the old limit  HOLD
 *   decrease did not drain the delay            ─► baseline := min rtt, limit / 2, slow start  BASELINE_SHIFT
 *   queue > beta for 2 windows (or > 3 beta)    ─► max(3/4 limit, limit - (queue - alpha))  QUEUEING
 *   limit not reached                           ─► unchanged                                APP_LIMITED
 *   more in flight, 10 % less throughput        ─► max(3/4 limit, 1.1 best in-flight)       THRASHING
 *   queue <= alpha, more in flight bought nothing ─► KneeProbe: limit, then 0.85 limit, over 1024 calls  KNEE_PROBE
 *     (or held at the probe's ceiling)              each; the lower kept at 98 % of the higher's rate
 *   more in flight, no more throughput          ─► unchanged                                HOLD
 *   SLOW_START, 2x in flight, < 1.25x throughput ─► unchanged, slow start ends               HOLD
 *   SLOW_START and queue <= alpha               ─► limit * 2                                SLOW_START
 *   queue <= alpha                              ─► limit + max(1, limit / 8), slow start ends  INCREASE
 *   otherwise                                   ─► unchanged, slow start ends               HOLD
 * }</pre>
 *
 * <p>{@code INCREASE} and {@code SLOW_START} never pass the knee probe's ceiling while no queue clears it.
 *
 * <p><b>Queue estimate.</b> The standing queue, as CoDel measures it: the window's minimum latency minus the
 * no-queue baseline, times the window's throughput (Little's law), is the number of calls that waited
 * through the whole window. {@code alpha = (2 + limit/10) k} and {@code beta = (4 + limit/5) k} bound the queue
 * the rules keep: a small standing queue keeps every worker busy through arrival bursts. {@code k} is 1 while
 * at most twice as many calls are offered as admitted in the window, else {@code ln 2 / ln(offered /
 * admitted)} (note 11). The minimum of a
 * window is a low, stable statistic: the baseline error it leaves is the fastest call's service time, a
 * fraction of a call, where a mean-based gradient is off by the whole noise of the mean (Netflix #37).
 *
 * <p><b>Baseline.</b> A min filter over windows: it follows lower windows down at once and never drifts up
 * with load (Gradient2's EMA does: #134, #176). It rises only on evidence: after a decrease, the minimum
 * should fall by what the drained calls were worth ({@code (N_before - N_after) / throughput}); if it falls
 * by less than a quarter of that, the delay is not ours (a slow dependency, a slower service: Netflix #171)
 * and becomes the new baseline, verified by halving the limit (a queue would drain and the min filter take
 * the baseline back down). Only a decrease of at least {@code max(2, 10 %)} of the calls in flight is checked:
 * a smaller one predicts a fall within the noise of a window's minimum, and a false verdict halves a limit
 * that was right. Drops never enter the latency stream (#176).
 *
 * <p>This class is immutable and thread-safe.
 */
public final class LimitRules {
  /*
   * Implementation notes.
   * 1. Decreases are bounded (to 3/4 per window for queueing, 1/2 for drops) so that a burst of slow samples,
   *    e.g. right after a stop-the-world pause the limiter could not see, cannot collapse the limit (#156).
   * 2. Increases only happen when the limit was actually reached in the window: an app-limited service
   *    (low traffic) keeps its limit; it neither climbs to the maximum nor collapses (#152).
   * 3. Slow start doubles per window (one window is about one round trip), so a cold limiter reaches a
   *    large capacity in log2(capacity / initial) round trips (#35) and leaves on the first sign of a queue.
   * 4. A latency sample reflects the queue its call met when admitted. After the limit changed, the next
   *    window still holds calls admitted under the old limit; it is skipped (HOLD), and the check after a
   *    decrease compares the window before the decrease with the first window admitted after it. Without
   *    the skip the check sees no fall yet, takes the queue for "not ours" and the baseline drifts up.
   * 5. The baseline is a min filter over windows whose memory fades by 1 % per window: the windows right
   *    after a decrease (queue drained to alpha) pull it back down every cycle, so a standing queue cannot
   *    ratchet it up, and a lucky window is forgotten within a few dozen windows.
   * 7. A queue must stand for PERSIST windows (about 6 round trips) before it lowers the limit, unless it is
   *    three times the allowance: bursts (MMPP, batches) are absorbed instead of shed.
   * 8. Contention (processor sharing, USL) slows every call a little instead of queueing a few, so the
   *    minimum latency barely moves; the throughput does. The rules remember the best smoothed throughput
   *    and the fewest calls in flight that reached 99 % of it: 15 % more in flight without 2 % more throughput
   *    stops increases,
   *    and 10 % less throughput at that concurrency steps back to the best point.
   * 9. Around a stop-the-world pause every rule would be fooled: the limit is reached while nothing runs
   *    (slow start would double), and the backlog after it looks like a queue. Windows with a pause, and the
   *    one after, change nothing.
   * 10. Note 8's smoothed rate is too noisy to find the knee by itself (windows of a few dozen calls: the
   *    best of them is a lucky one, and its in-flight count random): S1-ps settled at 2-3 times the knee.
   *    Where the queue is within the allowance (queue <= alpha; under contention the minimum latency
   *    creeps up with every call's slowdown, so "no queue at all" would miss the heavy cases) and more
   *    calls bought nothing, or increases stopped at the ceiling, KneeProbe compares two limits over 1024
   *    calls each (the rate to +-3 %). Below the knee (FIFO at or under its workers) the lower limit
   *    always loses throughput, so a probe there costs one measurement and doubles the wait for the next. A probe step is
   *    not a decrease for the baseline check (its latency falls by contention, not by a drained queue).
   *    Slow start stops as soon as doubling the calls in flight brings less than 25 % more throughput:
   *    below the knee doubling doubles it (FIFO below c, S8), under contention it barely moves.
   * 11. The queue allowance exists to keep every worker busy between a completion and the next admission.
   *    Past the limit, calls come r = offered / admitted times faster than they are served, and a queue of
   *    q calls runs dry about as often as r^-q (a birth-death chain that rises r times faster than it falls).
   *    The allowance fixed at r = 2 is kept equally safe at a higher r with q ln r = q2 ln 2 calls, i.e.
   *    scaled by ln 2 / ln r; below r = 2 it is not scaled (bursts, S4, need it whole). The cost it saves
   *    is each queued call's wait, 1 / throughput: in S3b's blocking spike (267 calls/s, r = 5.4) the
   *    unscaled allowance held about 11 calls, 41 ms over a 96 ms p99, and the p99 sat at the 1.5 P* line
   *    the convergence rule checks; scaled (k = 0.41) it holds about 6.
   *    Admissions and refusals are counted per window by the limiter (exact; not sampled).
   */

  /** Why the limit changed or did not. */
  public enum Reason {
    FIRST_WINDOW, SLOW_START, INCREASE, HOLD, QUEUEING, DROPS, APP_LIMITED, BASELINE_SHIFT, THRASHING, PAUSE,
    KNEE_PROBE
  }

  /**
   * What the rules remember between windows.
   *
   * @param limit     the adaptive limit (fractional; callers see it rounded down, at least the minimum)
   * @param baseline  the no-queue latency estimate in nanoseconds, 0 before the first window
   * @param slowStart whether the limit still doubles
   * @param lastRtt   the previous window's minimum latency (ns), for the check after a decrease
   * @param lastInflight the previous window's mean in-flight count
   * @param lastRate  the previous window's completions per nanosecond
   * @param decreased whether the last change was a decrease for a queue (checked once settled)
   * @param settling  whether the window now closing still holds calls admitted under the previous limit
   * @param pressure  consecutive windows with a queue above beta (a decrease needs it to persist: note 7)
   * @param rateSmooth smoothed completions per nanosecond while the limit is reached
   * @param bestRate  the best smoothed rate seen (fading by 0.02 % per window)
   * @param bestInflight the mean in-flight count at which it was seen (note 8)
   * @param knee      the knee search where no queue shows (note 10)
   */
  public record State(double limit, double baseline, boolean slowStart, double lastRtt, double lastInflight,
      double lastRate, boolean decreased, boolean settling, int pressure, double rateSmooth, double bestRate,
      double bestInflight, KneeProbe knee) {

    /** A state with no knee probe under way. */
    public State(double limit, double baseline, boolean slowStart, double lastRtt, double lastInflight,
        double lastRate, boolean decreased, boolean settling, int pressure, double rateSmooth, double bestRate,
        double bestInflight) {
      this(limit, baseline, slowStart, lastRtt, lastInflight, lastRate, decreased, settling, pressure, rateSmooth,
          bestRate, bestInflight, KneeProbe.NONE);
    }

    public static State initial(int limit) {
      return new State(limit, 0, true, 0, 0, 0, false, false, 0, 0, 0, 0);
    }
  }

  /**
   * One closed window of samples.
   *
   * @param samples      successful completions (their latencies are in {@code sumRttNanos})
   * @param drops        calls reported dropped
   * @param sumRttNanos  the sum of the samples' latencies, stop-the-world pauses taken out
   * @param minRttNanos  the smallest of them
   * @param sumInflight  the sum over the samples of the calls in flight when each completed (itself included)
   * @param elapsedNanos the window's duration, pauses taken out (at least 1)
   * @param limitReached whether an acquire found the limit reached (or was refused) during the window
   * @param callsPerSample how many calls each sample stands for (latency sampling: 1 in n calls sampled)
   * @param admitted     calls admitted during the window (0: not counted, the allowance is not scaled)
   * @param refused      calls refused during the window
   */
  public record Window(int samples, int drops, long sumRttNanos, long minRttNanos, long sumInflight,
      long elapsedNanos, boolean limitReached, int callsPerSample, long admitted, long refused) {

    /** A window in which every call was sampled. */
    public Window(int samples, int drops, long sumRttNanos, long minRttNanos, long sumInflight, long elapsedNanos,
        boolean limitReached) {
      this(samples, drops, sumRttNanos, minRttNanos, sumInflight, elapsedNanos, limitReached, 1);
    }

    /** A window whose admissions and refusals were not counted. */
    public Window(int samples, int drops, long sumRttNanos, long minRttNanos, long sumInflight, long elapsedNanos,
        boolean limitReached, int callsPerSample) {
      this(samples, drops, sumRttNanos, minRttNanos, sumInflight, elapsedNanos, limitReached, callsPerSample, 0, 0);
    }

    /**
     * The share of the queue allowance kept (note 11): 1 up to twice as many calls offered as admitted, then
     * {@code ln 2 / ln(offered / admitted)}.
     */
    double allowanceScale() {
      if (admitted <= 0 || refused <= admitted) {
        return 1;
      }
      return Math.log(2) / Math.log((double) (admitted + refused) / admitted);
    }
  }

  /** The next state and why. */
  public record Decision(State next, Reason reason) {}

  /** Windows in a row with a queue above beta before a decrease (unless the queue is above 3 beta). */
  static final int PERSIST = 2;

  private final int minLimit;
  private final int maxLimit;

  public LimitRules(int minLimit, int maxLimit) {
    this.minLimit = minLimit;
    this.maxLimit = maxLimit;
  }

  /**
   * A window that contained a stop-the-world pause: the limit was reached because the process stood still,
   * not because of demand, and the calls admitted meanwhile met a backlog. Neither this window nor the next
   * says anything about capacity (note 9).
   */
  public Decision paused(State s) {
    return new Decision(new State(s.limit(), s.baseline(), s.slowStart(), s.lastRtt(), s.lastInflight(),
        s.lastRate(), false, true, 0, s.rateSmooth(), s.bestRate(), s.bestInflight(), s.knee().idle()),
        Reason.PAUSE);
  }

  public Decision decide(State s, Window w) {
    double limit = s.limit();
    int total = w.samples() + w.drops();
    double dropFraction = total == 0 ? 0 : (double) w.drops() / total;
    if (w.drops() > 0 && dropFraction > 0.01) {
      double next = clamp(limit * Math.max(0.5, 1 - dropFraction));
      return new Decision(new State(next, s.baseline(), false, s.lastRtt(), s.lastInflight(), s.lastRate(), false,
          next < limit, 0, s.rateSmooth(), s.bestRate(), s.bestInflight(), s.knee().idle()), Reason.DROPS);
    }
    if (w.samples() == 0) {
      return new Decision(s, Reason.HOLD);
    }
    long elapsed = Math.max(1, w.elapsedNanos());
    double minRtt = Math.max(1.0, w.minRttNanos());
    double inflight = w.samples() == 0 ? 0 : (double) w.sumInflight() / w.samples();
    double rate = (double) w.samples() * Math.max(1, w.callsPerSample()) / elapsed;
    if (s.baseline() <= 0) {
      return new Decision(new State(limit, minRtt, s.slowStart(), minRtt, inflight, rate, false, false, 0, 0, 0, 0),
          Reason.FIRST_WINDOW);
    }
    if (s.settling()) { // note 4: these samples were admitted under the previous limit
      return new Decision(new State(limit, Math.min(s.baseline(), minRtt), s.slowStart(),
          Math.max(s.lastRtt(), minRtt), s.lastInflight(), s.lastRate(), s.decreased(), false, s.pressure(),
          s.rateSmooth(), s.bestRate(), s.bestInflight(), s.knee()), Reason.HOLD);
    }
    double base = Math.min(s.baseline(), minRtt);
    if (s.decreased() && s.lastRate() > 0 && minRtt > base
        && s.lastInflight() - inflight >= Math.max(2, 0.1 * s.lastInflight())) {
      double predictedFall = Math.max(0, s.lastInflight() - inflight) / s.lastRate();
      double observedFall = s.lastRtt() - minRtt;
      if (predictedFall > 0.2 * (s.lastRtt() - base) && observedFall < 0.25 * predictedFall) {
        // the delay did not drain with our calls: it is not ours (class comment, Baseline). Halve to verify it on the next
        // check (a queue would drain and the min filter take the baseline back down), then slow start: the
        // capacity behind a new delay is unknown.
        double next = clamp(limit / 2);
        return new Decision(new State(next, minRtt, true, minRtt, inflight, rate, false, (int) next != (int) limit,
            0, 0, 0, 0),
            Reason.BASELINE_SHIFT);
      }
    }
    double queue = rate * (minRtt - base);
    double scale = w.allowanceScale();
    double alpha = (2 + limit / 10) * scale;
    double beta = (4 + limit / 5) * scale;
    double next = limit;
    boolean slowStart = s.slowStart();
    boolean decreased = false;
    Reason reason;
    double smooth = s.rateSmooth();
    double best = s.bestRate() * (1 - 0.0002);
    double bestAt = s.bestInflight();
    if (w.limitReached()) {
      smooth = smooth == 0 ? rate : 0.7 * smooth + 0.3 * rate;
      if (smooth > best) {
        best = smooth;
        bestAt = inflight;
      } else if (smooth > 0.99 * best && inflight < bestAt) {
        bestAt = inflight; // as good with fewer calls in flight
      }
    }
    boolean useless = w.limitReached() && bestAt > 0 && inflight > 1.15 * bestAt && smooth < 1.02 * best;
    KneeProbe knee = s.knee();
    if (w.limitReached() && s.bestRate() > 0 && smooth > 1.1 * s.bestRate()) {
      knee = knee.clear(); // far more throughput than when the ceiling was measured
    }
    int pressure = queue > beta ? s.pressure() + 1 : 0;
    if (queue > beta && pressure < PERSIST && queue < 3 * beta && !slowStart) {
      knee = knee.idle();
      reason = Reason.HOLD; // a burst's queue drains by itself; only a standing one costs latency
    } else if (queue > beta) {
      knee = knee.clear();
      pressure = 0;
      next = Math.max(0.75 * limit, limit - (queue - alpha));
      slowStart = false;
      decreased = next < limit;
      reason = Reason.QUEUEING;
    } else if (!w.limitReached()) {
      knee = knee.idle();
      reason = Reason.APP_LIMITED;
    } else if (!slowStart && (knee.measuring() || (useless || knee.atCeiling(limit)) && queue <= alpha)) { // note 10
      KneeProbe.Step step = knee.step(limit, (double) w.samples() * Math.max(1, w.callsPerSample()), elapsed);
      knee = step.next();
      next = step.limit();
      if (step.lowRate() > 0) { // a verdict: hold at the level kept, its rate measured over many calls
        best = Math.max(step.lowRate(), s.knee().highRate());
        bestAt = next;
      }
      reason = step.changed() ? Reason.KNEE_PROBE : Reason.HOLD;
    } else if (useless && smooth < 0.9 * best) {
      next = Math.max(0.75 * limit, 1.1 * bestAt); // more concurrency, less throughput: thrashing (note 8)
      slowStart = false;
      reason = Reason.THRASHING;
    } else if (useless) {
      slowStart = false;
      reason = Reason.HOLD; // more concurrency bought no throughput: do not add more
    } else if (slowStart && s.lastRate() > 0 && inflight > 1.5 * s.lastInflight() && rate < 1.25 * s.lastRate()) {
      slowStart = false; // twice the calls in flight, not a quarter more throughput: past the knee (note 10)
      reason = Reason.HOLD;
    } else if (slowStart && queue <= alpha) {
      next = knee.cap(limit * 2);
      reason = Reason.SLOW_START;
    } else if (queue <= alpha) {
      slowStart = false;
      next = Math.max(limit, knee.cap(limit + Math.max(1, limit / 8)));
      reason = Reason.INCREASE;
    } else {
      slowStart = false;
      reason = Reason.HOLD;
    }
    double clamped = clamp(next);
    return new Decision(new State(clamped, base, slowStart, minRtt, inflight, rate, decreased,
        (int) clamped != (int) limit, pressure, smooth, best, bestAt, knee), reason);
  }

  private double clamp(double limit) {
    return Math.max(minLimit, Math.min(maxLimit, limit));
  }
}
