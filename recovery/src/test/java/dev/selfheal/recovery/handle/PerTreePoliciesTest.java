package dev.selfheal.recovery.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.annotation.Supervised;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.recovery.CircuitOpenException;
import dev.selfheal.recovery.annotation.Bulkhead;
import dev.selfheal.recovery.annotation.CircuitBreaker;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The breaker and bulkhead an annotated handle uses belong to the tree the handle binds to: the breaker's
 * transitions are in that tree's journal, both are in that tree's health, and a second tree supervising the
 * same interface in the same JVM has its own, which it alone sees.
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

  private static SupervisorTree tree(String name, Feed[] handle) {
    SupervisorSpec.Builder b = SupervisorSpec.builder(name);
    handle[0] = b.supervise(Feed.class, Real::new, HandleOptions.ofDefaults());
    SupervisorTree t = SupervisorTree.builder(b.build()).build();
    t.start();
    return t;
  }

  private static List<String> health(SupervisorTree t) {
    return t.context().healthSources().stream().map(HealthSource::name).toList();
  }

  private static HealthStatus status(SupervisorTree t, String name) {
    return t.context().healthSources().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow()
        .health().status();
  }

  private static List<JournalRecord> breakerRecords(SupervisorTree t) {
    return t.journal().tail().stream().filter(r -> r.path().equals("feed.read")).toList();
  }

  @Test
  void the_breaker_opened_through_a_handle_is_journaled_and_healthy_or_not_in_its_own_tree_only() throws Exception {
    Feed[] a = new Feed[1];
    Feed[] b = new Feed[1];
    try (SupervisorTree treeA = tree("a", a); SupervisorTree treeB = tree("b", b)) {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> a[0].read(true)).isInstanceOf(IOException.class);
      }
      assertThatThrownBy(() -> a[0].read(false)).isInstanceOf(CircuitOpenException.class);

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
}
