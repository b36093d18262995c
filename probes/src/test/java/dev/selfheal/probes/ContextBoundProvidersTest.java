package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthSourceProvider;
import dev.selfheal.core.spi.HealthStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A monitor asks ServiceLoader providers with its tree's context, and reads that context's own sources. */
class ContextBoundProvidersTest {

  /** Registered in META-INF/services for this test module; answers per context, nothing context-free. */
  public static final class PerContext implements HealthSourceProvider {
    static final Map<RuntimeContext, HealthSource> BY_CONTEXT = new ConcurrentHashMap<>();

    @Override
    public Collection<? extends HealthSource> healthSources() {
      return List.of();
    }

    @Override
    public Collection<? extends HealthSource> healthSources(RuntimeContext context) {
      HealthSource s = BY_CONTEXT.get(context);
      return s == null ? List.of() : List.of(s);
    }
  }

  record Source(String name, HealthReport health, boolean critical) implements HealthSource {}

  final FakeTree treeA = new FakeTree();
  final FakeTree treeB = new FakeTree();

  @AfterEach
  void clear() {
    PerContext.BY_CONTEXT.clear();
  }

  private static HealthMonitor monitor(FakeTree tree) {
    return HealthMonitor.builder(tree).probeExecutor(Runnable::run).build();
  }

  private static List<String> names(HealthMonitor m) {
    return m.health(ProbeKind.READINESS).checks().stream().map(HealthCheck::name).toList();
  }

  @Test
  void a_provider_answers_each_tree_for_its_own_context_only() {
    PerContext.BY_CONTEXT.put(treeA.context(), new Source("circuit:shared", HealthReport.down("OPEN"), true));
    PerContext.BY_CONTEXT.put(treeB.context(), new Source("circuit:shared", HealthReport.up(), true));
    HealthMonitor a = monitor(treeA);
    HealthMonitor b = monitor(treeB);

    assertThat(names(a)).containsOnlyOnce("circuit:shared");
    assertThat(names(b)).containsOnlyOnce("circuit:shared");
    assertThat(a.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(b.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void sources_added_to_a_context_join_that_trees_health_until_their_registration_closes() {
    HealthMonitor a = monitor(treeA);
    HealthMonitor b = monitor(treeB);
    RuntimeContext.Registration r =
        treeA.context().addHealthSource(new Source("circuit:late", HealthReport.down("OPEN"), true));

    assertThat(names(a)).as("read on every evaluation").containsOnlyOnce("circuit:late");
    assertThat(a.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(names(b)).doesNotContain("circuit:late");

    r.close();
    r.close();
    assertThat(names(a)).doesNotContain("circuit:late");
    assertThat(a.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void a_context_source_group_that_throws_costs_its_sources_only() {
    treeA.context().addHealthSources(() -> {
      throw new IllegalStateException("registry broke");
    });
    ProcessHealth h = monitor(treeA).health(ProbeKind.READINESS);
    assertThat(h.checks()).anySatisfy(c -> {
      assertThat(c.name()).startsWith("provider:");
      assertThat(c.message()).contains("registry broke");
    });
    assertThat(h.status()).as("a broken group only degrades").isEqualTo(HealthStatus.DEGRADED);
  }
}
