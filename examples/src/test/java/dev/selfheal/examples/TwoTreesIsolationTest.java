package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.probes.HealthCheck;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.recovery.CircuitOpenException;
import dev.selfheal.recovery.annotation.CircuitBreaker;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Two trees in one JVM supervise the same interface: each tree's monitor sees its own component's breaker
 * (made from the annotation), and opening one tree's breaker leaves the other tree's health alone.
 */
class TwoTreesIsolationTest {

  public interface Feed {
    @CircuitBreaker(requestVolumeThreshold = 2, failureRatio = 0.5, delay = 60, delayUnit = ChronoUnit.SECONDS,
        critical = true)
    String read(boolean fail) throws IOException;
  }

  private static SupervisorTree tree(String name, Feed[] handle) {
    SupervisorSpec.Builder b = SupervisorSpec.builder(name);
    handle[0] = b.supervise(Feed.class, () -> fail -> {
      if (fail) {
        throw new IOException("down");
      }
      return "ok";
    }, HandleOptions.ofDefaults());
    return SupervisorTree.builder(b.build()).build();
  }

  @Test
  void each_tree_sees_its_own_breakers_only() throws Exception {
    Feed[] a = new Feed[1];
    Feed[] b = new Feed[1];
    try (SupervisorTree treeA = tree("a", a);
         SupervisorTree treeB = tree("b", b);
         HealthMonitor monA = HealthMonitor.builder(treeA).discoverProviders(false).build();
         HealthMonitor monB = HealthMonitor.builder(treeB).discoverProviders(false).build()) {
      treeA.start();
      treeB.start();
      monA.start();
      monB.start();
      assertThat(names(monA)).containsOnlyOnce("circuit:feed.read");
      assertThat(names(monB)).containsOnlyOnce("circuit:feed.read");

      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> a[0].read(true)).isInstanceOf(IOException.class);
      }
      assertThatThrownBy(() -> a[0].read(false)).isInstanceOf(CircuitOpenException.class);
      assertThat(b[0].read(false)).isEqualTo("ok");

      assertThat(monA.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.DOWN);
      assertThat(monB.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.UP);
    }
  }

  private static java.util.List<String> names(HealthMonitor m) {
    return m.health(ProbeKind.READINESS).checks().stream().map(HealthCheck::name).toList();
  }
}
