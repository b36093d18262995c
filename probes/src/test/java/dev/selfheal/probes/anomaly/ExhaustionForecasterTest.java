package dev.selfheal.probes.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Synthetic leaks with a known exhaustion time (10,000 s), under a GC sawtooth (period 60 s, amplitude
 * 100 MB) and Gaussian noise, sampled every second; the limit is 1,000 MB; the forecaster keeps the floor of
 * each minute and a memory of 40 min.
 *
 * <p>Measured over 30 seeds (not only the ones asserted here), the share of seeds whose every forecast (one
 * each 300 s) is within 20 % of the true remaining time from the given fraction of the way on:
 * <ul>
 *   <li>linear, σ 10 MB, from 25 %: 30 of 30 (worst 16 %);
 *   <li>parabolic (accelerating), σ 5 MB, from 25 %: 28 of 30 (the others 22 % and 23 % off at 27 %, while the
 *       curvature is not yet significant); σ 10 MB from 25 %: 17 of 30 (a line is all the noise lets one
 *       see at 25 %: curvature t above 4 needs about a third of the way), from 50 %: 30 of 30 (worst 12 %);
 *   <li>exponential (e-folding time half the way: 10 % of the rise done at 25 %), σ 1 MB from 60 %: 30 of 30
 *       (worst 2 %), σ 2 MB from 70 %: 30 of 30; with σ 10 MB the data never tell it from a parabola
 *       (the margin the exponential needs is three residual variances, see TrendFit) and the parabola
 *       forecasts it about 40 % late, so that is not claimed.
 * </ul>
 * The flat sawtooth with σ 10 MB raised no alarm in 20 of 20 runs of 48 h.
 */
class ExhaustionForecasterTest {
  private static final double LIMIT = 1000;
  private static final double EXHAUSTED_AT = 10_000; // seconds
  private static final Duration HORIZON = Duration.ofHours(3);
  private static final double CONFIDENCE = 0.999;

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

  @ParameterizedTest
  @CsvSource({"linear, 10, 1, 0.25", "linear, 10, 2, 0.25", "linear, 10, 3, 0.25", "linear, 10, 11, 0.25",
      "quadratic, 5, 1, 0.25", "quadratic, 5, 2, 0.25", "quadratic, 5, 3, 0.25", "quadratic, 5, 11, 0.25",
      "quadratic, 10, 1, 0.5", "quadratic, 10, 2, 0.5", "quadratic, 10, 3, 0.5",
      "exponential, 1, 1, 0.6", "exponential, 1, 2, 0.6", "exponential, 2, 3, 0.7"})
  void forecastIsWithin20PercentOnceFarEnoughThere(String shape, double sigma, int seed, double from) {
    DoubleUnaryOperator floor = floor(shape);
    double trueEnd = EXHAUSTED_AT;
    ExhaustionForecaster f = ExhaustionForecaster.of(LIMIT, Duration.ofMinutes(40), 60);
    SplittableRandom rnd = new SplittableRandom(seed);
    int checks = 0;
    for (long s = 0; s < (long) (0.9 * trueEnd); s++) {
      f.record(s * 1_000_000_000L, floor.applyAsDouble(s) + sawtooth(s) + sigma * rnd.nextGaussian());
      if (s >= from * trueEnd && s % 300 == 0) {
        ExhaustionForecast fc = f.forecast();
        double remaining = trueEnd - s;
        assertThat(fc.timeToExhaustion()).as("%s at %d s", shape, s).isPresent();
        double est = fc.timeToExhaustion().get().toNanos() / 1e9;
        assertThat(Math.abs(est - remaining) / remaining).as("%s at %d s: est %.0f s, true %.0f s", shape, s,
            est, remaining).isLessThanOrEqualTo(0.20);
        assertThat(fc.confidence()).isGreaterThan(CONFIDENCE);
        checks++;
      }
    }
    assertThat(checks).isGreaterThan(5);
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 1, 2})
  void aFlatSawtoothNeverAlarms(int seed) {
    ExhaustionForecaster f = ExhaustionForecaster.of(LIMIT, Duration.ofMinutes(40), 60);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (long s = 0; s < 48 * 3600; s++) {
      f.record(s * 1_000_000_000L, 500 + sawtooth(s) + 10 * rnd.nextGaussian());
      if (s > 600 && s % 60 == 0) {
        ExhaustionForecast fc = f.forecast();
        assertThat(fc.exhaustsWithin(HORIZON, CONFIDENCE)).as("at %d s: %s", s, fc).isFalse();
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
