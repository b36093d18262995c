package dev.selfheal.recovery.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.recovery.annotation.Retry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** recovery's tests run with core and recovery only: supervision and policies must not need probes. */
class WithoutProbesTest {

  public interface Flaky {
    @Retry(maxRetries = 2)
    int call();
  }

  @Test
  void probes_is_absent_and_a_supervised_component_with_policies_still_works() {
    assertThatThrownBy(() -> Class.forName("dev.selfheal.probes.HealthMonitor"))
        .isInstanceOf(ClassNotFoundException.class);
    AtomicInteger attempts = new AtomicInteger();
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    Flaky f = b.supervise(Flaky.class, () -> () -> {
      if (attempts.incrementAndGet() < 3) {
        throw new IllegalArgumentException("transient");
      }
      return attempts.get();
    }, HandleOptions.ofDefaults());
    try (SupervisorTree tree = SupervisorTree.builder(b.build()).build()) {
      tree.start();
      assertThat(f.call()).isEqualTo(3);
    }
  }
}
