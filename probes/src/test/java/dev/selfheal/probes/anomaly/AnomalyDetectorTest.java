package dev.selfheal.probes.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {

  /** A daily-like cycle with noise, 200 samples a period. */
  private static double normal(int i, SplittableRandom rnd) {
    return 50 + 20 * Math.sin(2 * Math.PI * i / 200.0) + rnd.nextDouble() * 2;
  }

  @Test
  void aSpikeAfterLearningScoresFarAboveTheNoise() {
    AnomalyDetector d = AnomalyDetector.ofDefaults();
    SplittableRandom rnd = new SplittableRandom(1);
    double maxLate = 0;
    for (int i = 0; i < 4000; i++) {
      double s = d.score(normal(i, rnd));
      if (i >= 3000) {
        maxLate = Math.max(maxLate, s);
      }
    }
    double spike = d.score(400);
    assertThat(spike).isGreaterThan(0.6).isGreaterThan(2 * maxLate);
    assertThat(d.samples()).isEqualTo(4001);
  }

  /** The measurement behind MetricWatch's default threshold of 0.8. */
  @Test
  void atTheWatchThresholdStationaryNoiseNeverAlarmsAndASpikeAlwaysDoes() {
    for (int seed = 1; seed <= 50; seed++) {
      AnomalyDetector d = AnomalyDetector.create(AnomalyDetectorConfig.builder().alarmLevel(0.8).build());
      SplittableRandom rnd = new SplittableRandom(seed);
      for (int p = 0; p < 2000; p++) {
        double mean = 0;
        for (int c = 0; c < 5; c++) {
          mean += (20 + rnd.nextDouble() * 2) / 5;
        }
        double s = d.score(mean);
        if (p > 150) {
          assertThat(s).as("seed %d sample %d", seed, p).isLessThan(0.8);
        }
      }
      assertThat(d.score(400)).as("seed %d spike", seed).isGreaterThanOrEqualTo(0.8);
    }
  }

  @Test
  void scoresStayInTheUnitIntervalOnHostileStreams() {
    AnomalyDetector d = AnomalyDetector.ofDefaults();
    SplittableRandom rnd = new SplittableRandom(2);
    double[] specials = {0, -0.0, 1e300, -1e300, Double.MIN_VALUE, -5, 5, 1e-300};
    for (int i = 0; i < 20_000; i++) {
      double v = i % 7 == 0 ? specials[i % specials.length] : rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12));
      assertThat(d.score(v)).isBetween(0.0, 1.0);
    }
  }

  @Test
  void aFlatLineIsNeverAnomalous() {
    AnomalyDetector d = AnomalyDetector.ofDefaults();
    for (int i = 0; i < 5000; i++) {
      assertThat(d.score(42.0)).isZero();
    }
  }

  @Test
  void aStepIsAlarmedOnceThenRests() {
    AnomalyDetector d = AnomalyDetector.ofDefaults();
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 3000; i++) {
      d.score(10 + rnd.nextDouble());
    }
    double first = d.score(100 + rnd.nextDouble());
    assertThat(first).isGreaterThanOrEqualTo(d.config().alarmLevel());
    // Inside the rest period every score is damped by restFactor.
    for (int i = 1; i <= d.config().restSamples(); i++) {
      assertThat(d.score(100 + rnd.nextDouble())).isLessThanOrEqualTo(d.config().restFactor());
    }
  }

  @Test
  void aFreshAlarmOutranksARestlessReAlarmOfTheSameNovelty() {
    AnomalyDetectorConfig c = AnomalyDetectorConfig.builder().freshAfter(300).freshBoost(0.25).build();
    AnomalyDetector fresh = AnomalyDetector.create(c);
    AnomalyDetector plain = AnomalyDetector.create(c.toBuilder().freshBoost(0).build());
    SplittableRandom r1 = new SplittableRandom(4);
    SplittableRandom r2 = new SplittableRandom(4);
    double boosted = 0;
    double unboosted = 0;
    for (int i = 0; i < 3000; i++) {
      double a = fresh.score(10 + r1.nextDouble());
      double b = plain.score(10 + r2.nextDouble());
      if (i == 2999) {
        assertThat(a).isEqualTo(b);
      }
    }
    // A step after a quiet spell: the first alarm is fresh, raised by a quarter (at most to 1).
    boosted = fresh.score(100);
    unboosted = plain.score(100);
    assertThat(unboosted).isGreaterThanOrEqualTo(c.alarmLevel());
    assertThat(boosted).isEqualTo(Math.min(1, unboosted * 1.25));
    // Back and forth right after the rest period: the re-alarm is not fresh and keeps its plain score.
    for (int i = 1; i <= c.restSamples(); i++) {
      assertThat(fresh.score(100 + r1.nextDouble())).isEqualTo(plain.score(100 + r2.nextDouble()));
    }
    double reFresh = fresh.score(-500);
    double rePlain = plain.score(-500);
    assertThat(rePlain).isGreaterThanOrEqualTo(c.alarmLevel());
    assertThat(reFresh).isEqualTo(rePlain);
  }

  @Test
  void sameStreamSameScores() {
    AnomalyDetector a = AnomalyDetector.ofDefaults();
    AnomalyDetector b = AnomalyDetector.ofDefaults();
    SplittableRandom r1 = new SplittableRandom(9);
    SplittableRandom r2 = new SplittableRandom(9);
    for (int i = 0; i < 10_000; i++) {
      assertThat(a.score(normal(i, r1))).isEqualTo(b.score(normal(i, r2)));
    }
  }

  @Test
  void rejectsNonFiniteSamples() {
    AnomalyDetector d = AnomalyDetector.ofDefaults();
    assertThatThrownBy(() -> d.score(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> d.score(Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
  }

  @Test
  void configValidatesEachFieldByName() {
    assertThatThrownBy(() -> AnomalyDetectorConfig.builder().contextOrder(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("contextOrder must be in [1, 8], was 0");
    assertThatThrownBy(() -> AnomalyDetectorConfig.builder().alarmLevel(1.5).build())
        .hasMessage("alarmLevel must be in (0, 1], was 1.5");
    assertThatThrownBy(() -> AnomalyDetectorConfig.builder().restSamples(-1).build())
        .hasMessage("restSamples must be in [0, 1000000], was -1");
    assertThatThrownBy(() -> AnomalyDetectorConfig.builder().restFactor(Double.NaN).build())
        .hasMessage("restFactor must be in [0, 1], was NaN");
    assertThatThrownBy(() -> AnomalyDetectorConfig.builder().extremeScale(0).build())
        .hasMessage("extremeScale must be in (0, 100], was 0.0");
    assertThatThrownBy(() -> AnomalyDetectorConfig.builder().tableBits(30).build())
        .hasMessage("tableBits must be in [6, 20], was 30");
    assertThatThrownBy(() -> AnomalyDetectorConfig.builder().fatigueFactor(0).build())
        .hasMessage("fatigueFactor must be in (0, 1], was 0.0");
    assertThatThrownBy(() -> AnomalyDetectorConfig.builder().fatigueSamples(0).build())
        .hasMessage("fatigueSamples must be in [1, 100000000], was 0");
    assertThatThrownBy(() -> AnomalyDetectorConfig.builder().freshAfter(-1).build())
        .hasMessage("freshAfter must be in [0, 1000000], was -1");
    assertThatThrownBy(() -> AnomalyDetectorConfig.builder().freshBoost(11).build())
        .hasMessage("freshBoost must be in [0, 10], was 11.0");
    AnomalyDetectorConfig c = AnomalyDetectorConfig.builder().restSamples(60).fatigueFactor(1).freshAfter(7)
        .freshBoost(0.5).build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(AnomalyDetectorConfig.ofDefaults().contextOrder()).isEqualTo(2);
  }
}
