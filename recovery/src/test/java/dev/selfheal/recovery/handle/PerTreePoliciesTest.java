package dev.selfheal.recovery.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.annotation.Supervised;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.recovery.CircuitOpenException;
import dev.selfheal.recovery.annotation.Bulkhead;
import dev.selfheal.recovery.annotation.CircuitBreaker;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The breaker and bulkhead an annotated handle uses belong to the tree the handle binds to: the breaker's
 * transitions are in that tree's journal, both are in that tree's health, and a second tree supervising the
 * same interface in the same JVM has its own, which it alone sees. They leave the context when their tree
 * stops, and only that tree's do: the second tree, with its own context or sharing the same one, keeps its
 * own and keeps serving.
 */
class PerTreePoliciesTest {

  @Supervised(id = "feed")
  public interface Feed {
    @CircuitBreaker(requestVolumeThreshold = 2, failureRatio = 0.5, delay = 60, delayUnit = ChronoUnit.SECONDS)
    @Bulkhead(3)
    String read(boolean fail) throws IOException;
  }

  static final class Real implements Feed {
    @Override
    public String read(boolean fail) throws IOException {
      if (fail) {
        throw new IOException("feed down");
      }
      return "data";
    }
  }

  private static final String CIRCUIT = "circuit:feed.read";
  private static final String BULKHEAD = "bulkhead:feed.read";

  private static SupervisorTree tree(String name, Feed[] handle) {
    return tree(name, handle, null);
  }

  private static SupervisorTree tree(String name, Feed[] handle, RuntimeContext context) {
    SupervisorSpec.Builder b = SupervisorSpec.builder(name);
    handle[0] = b.supervise(Feed.class, Real::new, HandleOptions.ofDefaults());
    SupervisorTree.Builder tb = SupervisorTree.builder(b.build());
    SupervisorTree t = (context == null ? tb : tb.context(context)).build();
    t.start();
    return t;
  }

  private static List<String> health(SupervisorTree t) {
    return names(t.context());
  }

  private static List<String> names(RuntimeContext c) {
    return c.healthSources().stream().map(HealthSource::name).toList();
  }

  private static void open(Feed feed) {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> feed.read(true)).isInstanceOf(IOException.class);
    }
    assertThatThrownBy(() -> feed.read(false)).isInstanceOf(CircuitOpenException.class);
  }

  private static HealthStatus status(SupervisorTree t, String name) {
    return t.context().healthSources().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow()
        .health().status();
  }

  private static List<JournalRecord> breakerRecords(SupervisorTree t) {
    return t.journal().tail().stream().filter(r -> r.path().equals("circuit:feed.read")).toList();
  }

  @Test
  void the_breaker_opened_through_a_handle_is_journaled_and_healthy_or_not_in_its_own_tree_only() throws Exception {
    Feed[] a = new Feed[1];
    Feed[] b = new Feed[1];
    try (SupervisorTree treeA = tree("a", a); SupervisorTree treeB = tree("b", b)) {
      open(a[0]);

      assertThat(breakerRecords(treeA)).anySatisfy(r -> {
        assertThat(r.kind()).isEqualTo("circuit.transition");
        assertThat(r.decision()).isEqualTo("CLOSED -> OPEN");
      });
      assertThat(health(treeA)).contains("circuit:feed.read", "bulkhead:feed.read");
      assertThat(status(treeA, "circuit:feed.read")).isNotEqualTo(HealthStatus.UP);

      // the second tree's handle has its own breaker, still closed, and never saw the first one's records
      assertThat(b[0].read(false)).isEqualTo("data");
      assertThat(breakerRecords(treeB)).isEmpty();
      assertThat(health(treeB)).containsOnlyOnce("circuit:feed.read").containsOnlyOnce("bulkhead:feed.read");
      assertThat(status(treeB, "circuit:feed.read")).isEqualTo(HealthStatus.UP);
      assertThat(health(treeA)).containsOnlyOnce("circuit:feed.read");
    }
  }

  @Test
  void a_stopped_trees_components_leave_its_context_and_the_other_tree_keeps_its_own() throws Exception {
    Feed[] a = new Feed[1];
    Feed[] b = new Feed[1];
    SupervisorTree treeA = tree("a", a, null);
    try (SupervisorTree treeB = tree("b", b, null)) {
      assertThat(names(treeA.context())).contains(CIRCUIT, BULKHEAD);
      AtomicInteger changes = new AtomicInteger();
      treeA.context().onMembershipChange(changes::incrementAndGet);

      treeA.stop();

      assertThat(names(treeA.context())).doesNotContain(CIRCUIT, BULKHEAD);
      assertThat(changes.get()).as("membership listeners (metric binders) hear of it").isPositive();
      assertThat(names(treeB.context())).containsOnlyOnce(CIRCUIT).containsOnlyOnce(BULKHEAD);
      assertThat(b[0].read(false)).isEqualTo("data");
      treeA.stop(); // idempotent: nothing left to take out, nothing taken twice
      assertThat(names(treeB.context())).contains(CIRCUIT, BULKHEAD);
    }
    assertThat(names(treeA.context())).doesNotContain(CIRCUIT, BULKHEAD);
  }

  @Test
  void in_a_shared_context_only_the_stopped_trees_sources_leave() throws Exception {
    ManualTicker ticker = new ManualTicker();
    RuntimeContext shared = RuntimeContext.builder().ticker(ticker).scheduler(new ManualScheduler(ticker)).build();
    Feed[] a = new Feed[1];
    Feed[] b = new Feed[1];
    SupervisorTree treeA = tree("a", a, shared);
    try (SupervisorTree treeB = tree("b", b, shared)) {
      open(a[0]); // tree a's breaker OPEN, tree b's CLOSED: tells the two apart under the same name
      assertThat(names(shared).stream().filter(CIRCUIT::equals)).hasSize(2);

      treeA.stop();

      assertThat(names(shared)).containsOnlyOnce(CIRCUIT).containsOnlyOnce(BULKHEAD);
      HealthSource left = shared.healthSources().stream().filter(s -> s.name().equals(CIRCUIT)).findFirst()
          .orElseThrow();
      assertThat(left.health().status()).as("tree b's breaker, not the stopped tree's open one")
          .isEqualTo(HealthStatus.UP);
      assertThat(b[0].read(false)).isEqualTo("data");
    }
    assertThat(names(shared)).doesNotContain(CIRCUIT, BULKHEAD);
  }
}
