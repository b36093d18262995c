package dev.selfheal.probes.internal.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The O(1) re-centred moment sums give the same line as a naive weighted least-squares fit over every point,
 * with weights {@code e^{-(t_now - t_i)/memory}}.
 */
class TrendFitProperties {
  record Point(double dt, double y) {}

  @Provide
  Arbitrary<List<Point>> points() {
    Arbitrary<Point> p = Combinators.combine(Arbitraries.doubles().between(0.0, 50.0),
        Arbitraries.doubles().between(-1000.0, 1000.0)).as(Point::new);
    return p.list().ofMinSize(3).ofMaxSize(200);
  }

  @Property(tries = 300)
  void lineMatchesNaiveWeightedLeastSquares(@ForAll("points") List<Point> points,
      @ForAll("memories") double memory) {
    TrendFit fit = new TrendFit(memory);
    double[] t = new double[points.size()];
    double now = 0;
    for (int i = 0; i < points.size(); i++) {
      now += i == 0 ? 0 : points.get(i).dt();
      t[i] = now;
      fit.add(now, points.get(i).y());
    }
    double sw = 0;
    double su = 0;
    double sy = 0;
    for (int i = 0; i < t.length; i++) {
      double w = Math.exp(-(now - t[i]) / memory);
      sw += w;
      su += w * (t[i] - now);
      sy += w * points.get(i).y();
    }
    double mu = su / sw;
    double my = sy / sw;
    double suu = 0;
    double suy = 0;
    for (int i = 0; i < t.length; i++) {
      double w = Math.exp(-(now - t[i]) / memory);
      double u = t[i] - now;
      suu += w * (u - mu) * (u - mu);
      suy += w * (u - mu) * (points.get(i).y() - my);
    }
    TrendFit.Estimate e = fit.line();
    // Degenerate spreads (all points at one time, or all but one weighed to nothing) are not compared.
    if (suu / sw < 1e-6 * memory * memory) {
      return;
    }
    double slope = suy / suu;
    double level = my - slope * mu;
    double scale = 1 + Math.abs(level) + Math.abs(slope) * memory;
    assertThat(e.slope() * memory).isCloseTo(slope * memory, within(1e-6 * scale));
    assertThat(e.level()).isCloseTo(level, within(1e-6 * scale));
  }

  @Provide
  Arbitrary<Double> memories() {
    return Arbitraries.of(5.0, 60.0, 3600.0);
  }
}
