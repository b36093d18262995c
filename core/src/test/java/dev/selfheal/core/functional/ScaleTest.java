package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.ChildCounts;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.Harness;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * OTP's scale_start_stop_many_children, adapted: starting and stopping N dynamic children must scale about
 * linearly. Asserted as a ratio of 10k to 1k (under 20; linear is 10), never as an absolute time.
 */
class ScaleTest {

  private static long startAndStopNanos(int n) {
    Harness h = new Harness(SupervisorSpec.builder("scale" + n).build()).start();
    long t0 = System.nanoTime();
    List<CompletableFuture<?>> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(h.tree.startChild("scale" + n, ChildSpec.service("c" + i, () -> (Component) () -> {}).build(),
          Actor.automatic()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    assertThat(h.tree.countChildren("scale" + n)).isEqualTo(new ChildCounts(n, n, 0, n));
    h.tree.stop();
    return System.nanoTime() - t0;
  }

  @Test
  void start_and_stop_scale_linearly_from_1k_to_10k_children() {
    startAndStopNanos(2_000); // warm up the JIT so that the 1k run is not all interpretation
    // Minimum of several runs: on 2 busy cores a single run can be several times slower than the next.
    long small = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      small = Math.min(small, startAndStopNanos(1_000));
    }
    long large = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      large = Math.min(large, startAndStopNanos(10_000));
    }
    double ratio = (double) large / small;
    assertThat(ratio).as("10k/1k time ratio (linear would be 10)").isLessThan(20.0);
  }
}
