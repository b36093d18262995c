package dev.selfheal.probes.internal.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Each family of trend is recognised and extrapolated as what it is, on points with a small deterministic
 * wiggle (a fit without any residual has no error estimate, so no curve would be significant).
 */
class TrendFitTest {
  static final double MEMORY = 600;

  static TrendFit.Estimate fit(java.util.function.DoubleUnaryOperator y, double until) {
    TrendFit f = new TrendFit(MEMORY);
    for (double t = 0; t <= until; t += 10) {
      f.add(t, y.applyAsDouble(t) + 0.01 * Math.sin(t * 0.37));
    }
    return f.estimate();
  }

  @Test
  void aLineStaysALine() {
    TrendFit.Estimate e = fit(t -> 100 + 0.5 * t, 3000);
    assertThat(e.curvature()).isZero();
    assertThat(e.rate()).isZero();
    assertThat(e.secondsTo(500, e.slope())).isCloseTo(1000, within(0.01));
  }

  @Test
  void aParabolaIsExtrapolatedAsOne() {
    TrendFit.Estimate e = fit(t -> 100 + 0.01 * t + 1e-4 * t * t, 1000);
    assertThat(e.rate()).isZero();
    assertThat(e.curvature()).isCloseTo(1e-4, within(1e-8));
    // y(1000) = 210; y = 410 at t = 1711.4 (root of 1e-4 t^2 + 0.01 t - 310)
    assertThat(e.secondsTo(200, e.slope())).isCloseTo(711.4, within(1.0));
  }

  @Test
  void anExponentialIsExtrapolatedAsOne() {
    double tau = 500;
    TrendFit.Estimate e = fit(t -> 50 + 2 * Math.exp(t / tau), 1500);
    assertThat(e.curvature()).isZero();
    assertThat(e.rate()).isCloseTo(1 / tau, within(0.1 / tau));
    // now 50 + 2e^3 = 90.2; 50 + 2e^4 = 159.2 is reached 500 s later
    assertThat(e.secondsTo(2 * Math.exp(4) - 2 * Math.exp(3), e.slope())).isCloseTo(500, within(50.0));
  }
}
