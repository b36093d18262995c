package dev.selfheal.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  private static Comparison.Row row(double goodput, double p99, double osc) {
    return new Comparison.Row("r", goodput, goodput, goodput, p99, 0, Double.NaN, Double.NaN, osc, 0, 0, List.of());
  }

  @Test
  void anOscillationEqualUpToTheStoredSixDecimalsIsATieNotAWin() {
    Comparison.Row ours = row(1.0118, 1.12, 7.0 / 18); // 0.38888...
    Comparison.Row stored = row(1.0124, 1.51, 0.388889); // the anchor's row as oracle-optima.csv keeps it

    assertThat(Comparison.wins(ours, stored)).isFalse();
    assertThat(Comparison.wins(ours, row(1.0124, 1.51, 0.40))).as("clearly steadier: the second clause").isTrue();
  }
}
