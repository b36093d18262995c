package dev.selfheal.probes.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Synthetic leaks with a known exhaustion time (10,000 s), under a GC sawtooth (period 60 s, amplitude
 * 100 MB) and Gaussian noise, sampled every second; the limit is 1,000 MB; the forecaster keeps the floor of
 * each minute and a memory of 40 min. A seed passes when every forecast (one each 300 s, from the given
 * fraction of the way to 90 %) is within 20 % of the true remaining time with confidence above 0.999.
 *
 * <p>Every claim is asserted over the same 30 seeds (1 to 30):
 * <ul>
 *   <li>linear, σ 10 MB, from 25 %: 30 of 30;
 *   <li>parabolic (accelerating), σ 3 MB, from 25 %: 30 of 30 (σ 4 MB: 29); σ 5 MB: 28 of 30 from 25 %, 30 of
 *       30 from 30 %; σ 10 MB: 30 of 30 from 35 %;
 *   <li>exponential (e-folding time half the way: 10 % of the rise done at 25 %): σ 1 MB from 60 % and
 *       σ 2 MB from 70 %, 30 of 30;
 *   <li>a flat sawtooth with σ 10 MB: no alarm in 48 h, 30 of 30.
 * </ul>
 *
 * <p>What is out of reach, and why (asserted too, by {@link #oracle}: a least-squares fit of the leak's true
 * family, knowing the family but not its coefficients, on every floor since the start, so more than the
 * forecaster's 40 min of memory). The floors are what any forecaster that does not know the sawtooth's shape
 * has to go on; the oracle answers how far that information goes.
 * <ul>
 *   <li>Parabolic, σ 10 MB, from 25 %: the oracle passes 25 of 30 seeds (26 from 30 %), so 30 of 30 is out
 *       of reach there; the forecaster passes 17 (a line until the curvature is significant), 26 from 30 %
 *       and, like the oracle, 30 from 35 %. At σ 5 MB from 25 % the oracle misses the same two seeds as the
 *       forecaster.
 *   <li>Exponential, σ 10 MB: even the oracle that knows it is an exponential passes 8 of 30 from 25 % (30
 *       from 50 %). A forecaster must also tell it from a parabola: fitting both on all the floors and keeping
 *       the better fit passes 30 only from 70 %, and costs the parabolic leaks (20 of 30 at σ 5 MB from
 *       25 %). Ours keeps the parabola unless the exponential fits clearly better (see TrendFit), so it
 *       forecasts this leak about 30 % late: not claimed.
 * </ul>
 */
class ExhaustionForecasterTest {
  private static final double LIMIT = 1000;
  private static final double EXHAUSTED_AT = 10_000; // seconds
  private static final Duration HORIZON = Duration.ofHours(3);
  private static final double CONFIDENCE = 0.999;
  private static final int SEEDS = 30;

  private static double sawtooth(long second) {
    return 100 * ((second % 60) / 60.0);
  }

  /** The usage floor (what runs out) of each shape of leak. */
  private static DoubleUnaryOperator floor(String shape) {
    switch (shape) {
      case "linear":
        return t -> 200 + (LIMIT - 200) * t / EXHAUSTED_AT;
      case "quadratic":
        return t -> 200 + (LIMIT - 200) * (t / EXHAUSTED_AT) * (t / EXHAUSTED_AT);
      case "exponential": // e-folding time half the way: 10 % of the rise is done at 25 %, 27 % at 50 %
        return t -> 200 + (LIMIT - 200) * Math.expm1(2 * t / EXHAUSTED_AT) / Math.expm1(2);
      default:
        throw new IllegalArgumentException(shape);
    }
  }

  /** How a forecast of the remaining seconds is made at second {@code now}, from the forecaster or the floors. */
  private interface Forecast {
    /** The remaining seconds, NaN for none (or not confident enough). */
    double remaining(ExhaustionForecaster forecaster, List<double[]> floors, long now);
  }

  private static final Forecast FORECASTER = (f, floors, now) -> {
    ExhaustionForecast fc = f.forecast();
    return fc.confidence() > CONFIDENCE && fc.timeToExhaustion().isPresent()
        ? fc.timeToExhaustion().get().toNanos() / 1e9 : Double.NaN;
  };

  /**
   * Streams one seed and returns the largest relative error of its forecasts from {@code from} of the way
   * (infinite for a missing forecast).
   */
  private static double worstError(String shape, double sigma, int seed, double from, Forecast forecast) {
    DoubleUnaryOperator floor = floor(shape);
    ExhaustionForecaster f = ExhaustionForecaster.of(LIMIT, Duration.ofMinutes(40), 60);
    SplittableRandom rnd = new SplittableRandom(seed);
    List<double[]> floors = new ArrayList<>();
    double bucketMin = 0;
    long bucketMinAt = 0;
    double worst = 0;
    int checks = 0;
    for (long s = 0; s < (long) (0.9 * EXHAUSTED_AT); s++) {
      double v = floor.applyAsDouble(s) + sawtooth(s) + sigma * rnd.nextGaussian();
      f.record(s * 1_000_000_000L, v);
      if (s % 60 == 0 || v < bucketMin) {
        bucketMin = v;
        bucketMinAt = s;
      }
      if (s % 60 == 59) {
        floors.add(new double[] {bucketMinAt, bucketMin});
      }
      if (s >= from * EXHAUSTED_AT && s % 300 == 0) {
        double remaining = EXHAUSTED_AT - s;
        double est = forecast.remaining(f, floors, s);
        worst = Math.max(worst, Double.isNaN(est) ? Double.POSITIVE_INFINITY : Math.abs(est - remaining) / remaining);
        checks++;
      }
    }
    assertThat(checks).isGreaterThan(5);
    return worst;
  }

  private static List<String> failingSeeds(String shape, double sigma, double from, Forecast forecast) {
    List<String> failing = new ArrayList<>();
    for (int seed = 1; seed <= SEEDS; seed++) {
      double worst = worstError(shape, sigma, seed, from, forecast);
      if (worst > 0.20) {
        failing.add(String.format(Locale.ROOT, "seed %d: %.0f %% off", seed, 100 * worst));
      }
    }
    return failing;
  }

  @ParameterizedTest(name = "{0}, sigma {1} MB, from {2} of the way: at most {3} of 30 seeds off by over 20 %")
  @CsvSource({"linear, 10, 0.25, 0", "quadratic, 3, 0.25, 0", "quadratic, 5, 0.25, 2",
      "quadratic, 5, 0.30, 0", "quadratic, 10, 0.35, 0",
      "exponential, 1, 0.6, 0", "exponential, 2, 0.7, 0"})
  void forecastIsWithin20PercentOnceFarEnoughThere(String shape, double sigma, double from, int allowedMisses) {
    assertThat(failingSeeds(shape, sigma, from, FORECASTER)).hasSizeLessThanOrEqualTo(allowedMisses);
  }

  /**
   * The bound: a least-squares fit of the true family (parabola, or exponential over a fine grid of rates)
   * on every minute floor since the start, extrapolated to the limit.
   */
  private static Forecast oracle(String family) {
    return (f, floors, now) -> family.equals("quadratic") ? parabolaOracle(floors, now) : exponentialOracle(floors, now);
  }

  private static double parabolaOracle(List<double[]> floors, long now) {
    double[][] m = new double[3][4];
    for (double[] p : floors) {
      double u = (p[0] - now) / 1000;
      double[] x = {1, u, u * u};
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          m[i][j] += x[i] * x[j];
        }
        m[i][3] += x[i] * p[1];
      }
    }
    for (int i = 0; i < 3; i++) { // Gauss-Jordan; the matrix is positive definite
      for (int r = 0; r < 3; r++) {
        if (r != i) {
          double k = m[r][i] / m[i][i];
          for (int c = i; c < 4; c++) {
            m[r][c] -= k * m[i][c];
          }
        }
      }
    }
    double a = m[0][3] / m[0][0];
    double b = m[1][3] / m[1][1];
    double q = m[2][3] / m[2][2];
    double disc = b * b + 4 * q * (LIMIT - a);
    if (disc < 0) {
      return Double.NaN;
    }
    double r1 = (-b + Math.sqrt(disc)) / (2 * q);
    double r2 = (-b - Math.sqrt(disc)) / (2 * q);
    double root = Math.min(r1, r2) > 0 ? Math.min(r1, r2) : Math.max(r1, r2);
    return root > 0 ? root * 1000 : Double.NaN;
  }

  private static double exponentialOracle(List<double[]> floors, long now) {
    double bestSse = Double.POSITIVE_INFINITY;
    double tte = Double.NaN;
    for (double k = 2e-5; k <= 8e-4; k *= 1.01) {
      double n = 0;
      double se = 0;
      double see = 0;
      double sy = 0;
      double sey = 0;
      double syy = 0;
      for (double[] p : floors) {
        double e = Math.exp(k * (p[0] - now));
        n++;
        se += e;
        see += e * e;
        sy += p[1];
        sey += p[1] * e;
        syy += p[1] * p[1];
      }
      double det = n * see - se * se;
      double c = (sy * see - se * sey) / det;
      double a = (n * sey - se * sy) / det;
      double sse = syy - c * sy - a * sey;
      if (sse < bestSse) {
        bestSse = sse;
        double r = (LIMIT - c) / a;
        tte = r > 1 ? Math.log(r) / k : Double.NaN;
      }
    }
    return tte;
  }

  @ParameterizedTest(name = "{0}, sigma {1} MB, from {2} of the way: the oracle misses {3} of 30 seeds or more")
  @CsvSource({"quadratic, 10, 0.25, 5", "quadratic, 10, 0.30, 4", "exponential, 10, 0.25, 20"})
  void theTrueModelFittedOnAllTheFloorsMissesTooSoEarly(String shape, double sigma, double from, int misses) {
    assertThat(failingSeeds(shape, sigma, from, oracle(shape))).hasSizeGreaterThanOrEqualTo(misses);
  }

  @ParameterizedTest(name = "{0}, sigma {1} MB, from {2} of the way: the oracle misses no seed")
  @CsvSource({"quadratic, 10, 0.35", "exponential, 10, 0.5"})
  void theTrueModelFittedOnAllTheFloorsMeetsTheTargetLater(String shape, double sigma, double from) {
    assertThat(failingSeeds(shape, sigma, from, oracle(shape))).isEmpty();
  }

  @Test
  void aFlatSawtoothNeverAlarms() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      ExhaustionForecaster f = ExhaustionForecaster.of(LIMIT, Duration.ofMinutes(40), 60);
      SplittableRandom rnd = new SplittableRandom(seed);
      for (long s = 0; s < 48 * 3600; s++) {
        f.record(s * 1_000_000_000L, 500 + sawtooth(s) + 10 * rnd.nextGaussian());
        if (s > 600 && s % 60 == 0) {
          ExhaustionForecast fc = f.forecast();
          assertThat(fc.exhaustsWithin(HORIZON, CONFIDENCE)).as("seed %d at %d s: %s", seed, s, fc).isFalse();
        }
      }
    }
  }

  @Test
  void heapAfterGcNeedsNoEnvelope() {
    ExhaustionForecaster f = ExhaustionForecaster.of(LIMIT, Duration.ofMinutes(40), 1);
    SplittableRandom rnd = new SplittableRandom(13);
    DoubleUnaryOperator floor = floor("linear");
    for (long s = 0; s < 5000; s += 10) {
      f.record(s * 1_000_000_000L, floor.applyAsDouble(s) + 5 * rnd.nextGaussian());
    }
    ExhaustionForecast fc = f.forecast();
    double est = fc.timeToExhaustion().orElseThrow().toSeconds();
    assertThat(est).isBetween(4000.0, 6000.0);
    assertThat(fc.earliest().orElseThrow()).isLessThanOrEqualTo(fc.timeToExhaustion().get());
    assertThat(fc.latest().orElseThrow()).isGreaterThanOrEqualTo(fc.timeToExhaustion().get());
    assertThat(fc.exhaustsWithin(Duration.ofHours(2), CONFIDENCE)).isTrue();
    assertThat(fc.slopePerSecond()).isCloseTo(0.08, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void aFallingResourceNeverRunsOut() {
    ExhaustionForecaster f = ExhaustionForecaster.of(LIMIT, Duration.ofMinutes(10), 1);
    for (long s = 0; s < 3000; s++) {
      f.record(s * 1_000_000_000L, 900 - 0.1 * s);
    }
    assertThat(f.forecast().timeToExhaustion()).isEmpty();
    assertThat(f.forecast().confidence()).isLessThan(0.5);
  }

  @Test
  void beforeTwoPointsThereIsNoForecast() {
    ExhaustionForecaster f = ExhaustionForecaster.of(LIMIT, Duration.ofMinutes(10), 1);
    assertThat(f.forecast().timeToExhaustion()).isEmpty();
    f.record(0, 10);
    assertThat(f.forecast().confidence()).isEqualTo(0.5);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> ExhaustionForecaster.of(Double.NaN, Duration.ofMinutes(1), 1))
        .hasMessage("limit must be finite, was NaN");
    assertThatThrownBy(() -> ExhaustionForecaster.of(1, Duration.ZERO, 1)).hasMessage("memory must be positive, was PT0S");
    assertThatThrownBy(() -> ExhaustionForecaster.of(1, Duration.ofMinutes(1), 0))
        .hasMessage("envelope must be in [1, 100000], was 0");
    ExhaustionForecaster f = ExhaustionForecaster.of(1, Duration.ofMinutes(1), 1);
    f.record(5_000_000_000L, 0.5);
    assertThatThrownBy(() -> f.record(1_000_000_000L, 0.5)).hasMessageContaining("time went backwards");
    assertThatThrownBy(() -> f.record(6_000_000_000L, Double.NaN)).hasMessage("value must be finite, was NaN");
  }
}
