package dev.selfheal.core.handle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.Harness;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.spi.SupervisedChildren;
import org.junit.jupiter.api.Test;

/** A handle declared in a nested supervisor's spec binds with its full path. */
class NestedHandleTest {

  public interface Clock {
    long now();
  }

  @Test
  void a_handle_in_a_nested_supervisor_binds_to_its_full_path() {
    SupervisorSpec.Builder sub = SupervisorSpec.builder("sub");
    Clock clock = sub.supervise(Clock.class, ctx -> () -> ctx.generation(), HandleOptions.defaults());
    SupervisorSpec root = SupervisorSpec.builder("app").child(ChildSpec.supervisor(sub.build())).build();
    try (Harness h = new Harness(root).start()) {
      assertThat(clock.now()).isEqualTo(1);
      assertThat(clock.toString()).contains("at app/sub/clock");
      assertThat(SupervisedChildren.of(h.tree)).extracting(SupervisedChildren.Declared::path)
          .containsExactly("app/sub/clock");
      h.crashAndAwaitRestart("app/sub/clock");
      assertThat(clock.now()).isEqualTo(2);
    }
  }
}
