package dev.selfheal.probes.internal.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DetectorPartsTest {

  @Test
  void theGridDoublesOnlyWhenAValueLeavesItAndKeepsBinsInRange() {
    DoublingGrid g = new DoublingGrid(16);
    assertThat(g.fit(5)).isFalse();
    assertThat(g.undefined()).isTrue();
    assertThat(g.fit(5)).isFalse();
    assertThat(g.fit(6)).as("two distinct values define it").isTrue();
    assertThat(g.fit(5.5)).isFalse();
    int before = g.bin(5.5);
    assertThat(g.fit(5.9)).isFalse();
    assertThat(g.bin(5.5)).as("a bin keeps its meaning between doublings").isEqualTo(before);
    assertThat(g.fit(1000)).isTrue();
    assertThat(g.fit(-1000)).isTrue();
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      double x = (rnd.nextDouble() - 0.5) * 2000;
      g.fit(x);
      assertThat(g.bin(x)).isBetween(0, 15);
    }
    assertThat(g.bin(-999)).isLessThanOrEqualTo(g.bin(0)).isLessThanOrEqualTo(g.bin(999));
  }

  @Test
  void aRepeatedSequenceStopsBeingNovelAndANewBinIs() {
    ContextTable t = new ContextTable(2, 12, 1);
    int[] cycle = {0, 1, 2, 3};
    assertThat(t.observe(0)).as("first bin: its length-1 context is new").isEqualTo(0.5);
    for (int lap = 0; lap < 3; lap++) {
      for (int b : cycle) {
        t.observe(b);
      }
    }
    for (int b : cycle) {
      assertThat(t.observe(b)).isZero();
    }
    assertThat(t.observe(9)).isEqualTo(1.0);
    t.forget();
    assertThat(t.observe(0)).isEqualTo(0.5);
  }

  @Test
  void aChannelScoresANewExtremeAboveTheNoveltyOfItsBin() {
    Channel c = new Channel(Channel.Feature.VALUE, 4, 2, 12, 1, 0.1);
    SplittableRandom rnd = new SplittableRandom(2);
    for (int i = 0; i < 2000; i++) {
      c.observe(rnd.nextDouble() * 10);
    }
    assertThat(c.observe(5)).isZero();
    assertThat(c.observe(10.5)).as("5 % beyond the range").isGreaterThan(0.5 + 0.5 * (1 - Math.exp(-0.5)) - 1e-9);
  }

  @Test
  void theNormalTailMatchesKnownValues() {
    assertThat(NormalTail.upper(0)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-7));
    assertThat(NormalTail.upper(1.959964)).isCloseTo(0.025, org.assertj.core.data.Offset.offset(1e-7));
    assertThat(NormalTail.upper(-3)).isCloseTo(0.998650, org.assertj.core.data.Offset.offset(1e-6));
  }
}
