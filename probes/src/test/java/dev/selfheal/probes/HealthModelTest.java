package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthSourceProvider;
import dev.selfheal.core.spi.HealthStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The aggregation rules, including sources found with ServiceLoader. */
class HealthModelTest {

  /** Registered in META-INF/services for this test module: the way the recovery module plugs in. */
  public static final class TestProvider implements HealthSourceProvider {
    static final List<HealthSource> SOURCES = new CopyOnWriteArrayList<>();

    @Override
    public Collection<? extends HealthSource> healthSources() {
      return SOURCES;
    }
  }

  record Source(String name, HealthReport health, boolean critical) implements HealthSource {}

  final FakeTree tree = new FakeTree();

  @AfterEach
  void clear() {
    TestProvider.SOURCES.clear();
  }

  HealthMonitor monitor(boolean discover) {
    return HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(discover).build();
  }

  @Test
  void serviceLoaderSourcesAreReadOnEveryEvaluation() {
    HealthMonitor m = monitor(true);
    assertThat(m.health(ProbeKind.READINESS).checks()).extracting(HealthCheck::name).containsExactly("supervisor-tree");
    TestProvider.SOURCES.add(new Source("circuit:payments", HealthReport.down("OPEN"), true));
    ProcessHealth h = m.health(ProbeKind.READINESS);
    assertThat(h.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(h.checks()).extracting(HealthCheck::name).containsExactly("supervisor-tree", "circuit:payments");
    assertThat(monitor(false).health(ProbeKind.READINESS).status()).as("discovery off").isEqualTo(HealthStatus.UP);
  }

  @Test
  void criticalDownIsDownNonCriticalDownAndDegradedOnlyDegrade() {
    HealthMonitor m = monitor(false);
    Source nonCritical = new Source("bulkhead:search", HealthReport.down("saturated"), false);
    m.addHealthSource(nonCritical);
    assertThat(m.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.DEGRADED);
    m.removeHealthSource(nonCritical);
    m.addHealthSource(new Source("circuit:cache", HealthReport.degraded("HALF_OPEN"), true));
    assertThat(m.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.DEGRADED);
    m.addHealthSource(new Source("circuit:db", HealthReport.down("OPEN"), true));
    ProcessHealth h = m.health(ProbeKind.READINESS);
    assertThat(h.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(h.passing()).isFalse();
    assertThat(m.health(ProbeKind.READINESS, Set.of("circuit:db")).status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(m.health(ProbeKind.LIVENESS).status()).as("sources never fail liveness").isEqualTo(HealthStatus.UP);
  }

  @Test
  void aStoppedOrFailedTreeIsNotReadyAndOnlyAFailedOneIsNotAlive() {
    HealthMonitor m = monitor(false);
    tree.running = false;
    assertThat(m.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(m.health(ProbeKind.STARTUP).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(m.health(ProbeKind.LIVENESS).status()).isEqualTo(HealthStatus.UP);
    tree.failed = true;
    assertThat(m.health(ProbeKind.LIVENESS).status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void startupWaitsForEveryStartupProbe() {
    HealthMonitor m = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false)
        .probe(ProbeSpec.startup("app/a", Object.class, o -> ProbeResult.up()).build())
        .probe(ProbeSpec.startup("app/b", Object.class, o -> ProbeResult.up())
            .config(ProbeConfig.builder(ProbeKind.STARTUP).initialDelay(Duration.ofSeconds(3)).build()).build())
        .probe(ProbeSpec.readiness("app/c", Object.class, o -> ProbeResult.up()).build())
        .build();
    m.start();
    ProcessHealth before = m.health(ProbeKind.STARTUP);
    assertThat(before.checks()).extracting(HealthCheck::name).containsExactly("supervisor-tree", "app/a", "app/b");
    assertThat(before.checks().get(1).message()).isEqualTo("not running: not started yet");
    tree.started("app/a", 1, new Object());
    tree.started("app/b", 1, new Object());
    tree.advance(Duration.ZERO);
    assertThat(m.health(ProbeKind.STARTUP).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(m.health(ProbeKind.STARTUP).checks().get(2).message()).isEqualTo("startup probe has not passed yet");
    tree.advance(Duration.ofSeconds(3));
    assertThat(m.health(ProbeKind.STARTUP).status()).isEqualTo(HealthStatus.UP);
    m.stop();
  }

  @Test
  void aProviderThatThrowsShowsUpAsANonCriticalCheck() {
    HealthMonitor m = monitor(false);
    HealthMonitor withBroken = new dev.selfheal.probes.internal.TreeHealthMonitor(tree, List.of(), List.of(),
        List.of(() -> {
          throw new IllegalStateException("registry closed");
        }), null, null, Runnable::run, 1);
    ProcessHealth h = withBroken.health(ProbeKind.READINESS);
    assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(h.checks().get(1).message()).isEqualTo("healthSources() threw java.lang.IllegalStateException: registry closed");
    assertThat(m.components()).isEmpty();
    assertThat(m.component("app/none")).isNull();
  }
}
