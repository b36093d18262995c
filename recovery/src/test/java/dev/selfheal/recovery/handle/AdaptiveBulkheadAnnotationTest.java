package dev.selfheal.recovery.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.annotation.Overrides;
import dev.selfheal.core.annotation.Supervised;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.recovery.BulkheadFullException;
import dev.selfheal.recovery.annotation.AdaptiveBulkhead;
import dev.selfheal.recovery.annotation.Bulkhead;
import dev.selfheal.test.ManualTicker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code @AdaptiveBulkhead} through a supervised handle: the method's calls in flight are capped by an
 * adaptive limiter built in the tree's context (its health {@code adaptivelimiter:<id>.<method>}, DEGRADED
 * while saturated), its parameters follow MicroProfile-style overrides, and misconfigurations fail at
 * supervise time naming the interface, the method, the annotation and the value. Calls in flight are made
 * by nesting: the instance calls its own handle again from inside a call, so no thread and no wait is needed;
 * the policies measure on a manual ticker, so the limit moves only when the test says.
 */
class AdaptiveBulkheadAnnotationTest {

  @Supervised(id = "nest")
  public interface Nest {
    /** Calls itself through the handle {@code depth} more times; answers how deep it got. */
    @AdaptiveBulkhead(initialLimit = 2, minLimit = 1, maxLimit = 2)
    int dive(int depth);
  }

  /** Calls back through the handle it is given, recording the limiter's health at the deepest call. */
  static final class Diver implements Nest {
    final Nest[] handle;
    final SupervisorTree[] tree;
    final List<HealthStatus> deepest;

    Diver(Nest[] handle, SupervisorTree[] tree, List<HealthStatus> deepest) {
      this.handle = handle;
      this.tree = tree;
      this.deepest = deepest;
    }

    @Override
    public int dive(int depth) {
      if (depth == 0) {
        limiter(tree[0]).ifPresent(s -> deepest.add(s.health().status()));
        return 0;
      }
      return 1 + handle[0].dive(depth - 1);
    }
  }

  private static Optional<HealthSource> limiter(SupervisorTree t) {
    return t.context().healthSources().stream().filter(s -> s.name().equals("adaptivelimiter:nest.dive"))
        .findFirst();
  }

  private record Run(Nest handle, SupervisorTree tree, List<HealthStatus> deepest) {}

  private static Run run(HandleOptions options) {
    Nest[] handle = new Nest[1];
    SupervisorTree[] tree = new SupervisorTree[1];
    List<HealthStatus> deepest = new ArrayList<>();
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    // a manual ticker: no window of the limiter closes on time, so the limit stays where the test set it
    handle[0] = b.supervise(Nest.class, () -> new Diver(handle, tree, deepest),
        options.toBuilder().ticker(new ManualTicker()).build());
    tree[0] = SupervisorTree.builder(b.build()).build();
    tree[0].start();
    return new Run(handle[0], tree[0], deepest);
  }

  @Test
  void calls_over_the_limit_are_refused_and_the_saturated_limiter_is_degraded() {
    Run r = run(HandleOptions.ofDefaults());
    try (SupervisorTree t = r.tree()) {
      assertThat(r.handle().dive(1)).as("two calls in flight: within the limit of 2").isEqualTo(1);
      assertThat(r.deepest()).containsExactly(HealthStatus.DEGRADED);
      assertThatThrownBy(() -> r.handle().dive(2)).isInstanceOf(BulkheadFullException.class);
      assertThat(limiter(t).orElseThrow().health().status()).as("every permit back").isEqualTo(HealthStatus.UP);
      assertThat(r.handle().dive(0)).isZero();
    }
  }

  @Test
  void parameters_can_be_overridden_and_the_annotation_turned_off() {
    String key = Nest.class.getName() + "/dive/AdaptiveBulkhead/";
    Run wider = run(HandleOptions.builder().overrides(Overrides.mapOnly(Map.of(key + "maxLimit", "3",
        key + "initialLimit", "3"))).build());
    try (SupervisorTree t = wider.tree()) {
      assertThat(wider.handle().dive(2)).isEqualTo(2);
      assertThatThrownBy(() -> wider.handle().dive(3)).isInstanceOf(BulkheadFullException.class);
    }
    Run off = run(HandleOptions.builder().overrides(Overrides.mapOnly(Map.of("AdaptiveBulkhead/enabled", "false")))
        .build());
    try (SupervisorTree t = off.tree()) {
      assertThat(off.handle().dive(5)).isEqualTo(5);
      assertThat(limiter(t)).isEmpty();
    }
  }

  public interface ZeroMin {
    @AdaptiveBulkhead(minLimit = 0)
    String call();
  }

  public interface InitialAboveMax {
    @AdaptiveBulkhead(initialLimit = 50, maxLimit = 10)
    String call();
  }

  public interface BothOnTheMethod {
    @Bulkhead(5)
    @AdaptiveBulkhead
    String call();
  }

  @Bulkhead(5)
  public interface FixedOnTheInterface {
    @AdaptiveBulkhead(initialLimit = 1, maxLimit = 1)
    String adaptive();

    String fixed();
  }

  private static <T> void supervise(Class<T> type, HandleOptions options) {
    SupervisorSpec.builder("app").supervise(type, () -> null, options);
  }

  @Test
  void misconfigurations_fail_at_supervise_time() {
    assertThatThrownBy(() -> supervise(ZeroMin.class, HandleOptions.ofDefaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(ZeroMin.class.getName() + ".call: @AdaptiveBulkhead(minLimit) must be >= 1, was 0");
    assertThatThrownBy(() -> supervise(InitialAboveMax.class, HandleOptions.ofDefaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(InitialAboveMax.class.getName() + ".call: @AdaptiveBulkhead(initialLimit) must be within"
            + " [minLimit=1, maxLimit=10], was 50");
    assertThatThrownBy(() -> supervise(BothOnTheMethod.class, HandleOptions.ofDefaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(BothOnTheMethod.class.getName() + ".call: @Bulkhead and @AdaptiveBulkhead both"
            + " apply (both on the method)");
    String key = InitialAboveMax.class.getName() + "/call/AdaptiveBulkhead/maxLimit";
    assertThatThrownBy(() -> supervise(InitialAboveMax.class,
        HandleOptions.builder().overrides(Overrides.mapOnly(Map.of(key, "many"))).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(InitialAboveMax.class.getName() + ".call: @AdaptiveBulkhead: ")
        .hasMessageContaining(key).hasMessageContaining("many");
  }

  @Test
  void on_the_method_it_wins_over_a_bulkhead_on_the_interface() {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    FixedOnTheInterface h = b.supervise(FixedOnTheInterface.class, () -> new FixedOnTheInterface() {
      @Override
      public String adaptive() {
        return "a";
      }

      @Override
      public String fixed() {
        return "f";
      }
    }, HandleOptions.builder().id("mixed").build());
    try (SupervisorTree t = SupervisorTree.builder(b.build()).build()) {
      t.start();
      assertThat(h.adaptive() + h.fixed()).isEqualTo("af");
      assertThat(t.context().healthSources()).extracting(HealthSource::name)
          .contains("adaptivelimiter:mixed.adaptive", "bulkhead:mixed.fixed")
          .doesNotContain("bulkhead:mixed.adaptive", "adaptivelimiter:mixed.fixed");
    }
  }
}
