package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.recovery.internal.LimitRules;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The rules against a server that is always overloaded, with no noise: where no queue shows, only the knee
 * probe can tell how many calls in flight are useful.
 */
class KneeProbeTest {

  /**
   * Runs the rules for {@code windows} windows of 100 calls against a server serving {@code throughput(n)} calls
   * per second with {@code n} in flight, every call slowed alike (no queue: the minimum latency is a fixed share
   * of the mean), and returns the limit reached.
   */
  private static double run(IntToDoubleFunction throughput, int initial, int windows) {
    LimitRules rules = new LimitRules(1, 1000);
    LimitRules.State s = LimitRules.State.initial(initial);
    for (int i = 0; i < windows; i++) {
      int n = (int) Math.floor(s.limit());
      double x = throughput.applyAsDouble(n);
      long elapsed = (long) (100 / x * 1e9);
      long meanRtt = (long) (n / x * 1e9);
      s = rules.decide(s, new LimitRules.Window(100, 0, 100 * meanRtt, meanRtt / 100, 100L * n, elapsed, true))
          .next();
    }
    return s.limit();
  }

  /** USL as in the simulator's S1-ps: mu1 = 100/s, sigma = 0.02, kappa = 0.0005; the knee is near 44. */
  private static double usl(int n) {
    return 100.0 * n / (1 + 0.02 * (n - 1) + 0.0005 * n * (n - 1.0));
  }

  @Test
  void underContentionTheLimitSettlesAtTheKneeNotAboveIt() {
    // from below (slow start) and from far above (an old limit): within the oracle's band, 98 % of the peak
    for (int initial : new int[] {4, 20, 200}) {
      double limit = run(KneeProbeTest::usl, initial, 3000);
      assertThat(usl((int) limit)).as("from %d: limit %.1f", initial, limit).isGreaterThanOrEqualTo(0.97 * usl(44));
      assertThat(limit).as("from %d", initial).isBetween(25.0, 65.0);
    }
  }

  @Test
  void belowTheKneeEveryCallIsUsefulAndTheProbeKeepsTheLimit() {
    // throughput grows with every call in flight up to 64 (the server's capacity), flat beyond: a probe 15 %
    // lower always loses throughput below 64, so the limit does not settle below it
    double limit = run(n -> 100.0 * Math.min(n, 64), 20, 3000);
    assertThat(limit).isGreaterThanOrEqualTo(64);
  }
}
