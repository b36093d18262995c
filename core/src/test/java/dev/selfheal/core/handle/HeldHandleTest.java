package dev.selfheal.core.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildState;
import dev.selfheal.core.ComponentUnavailableException;
import dev.selfheal.core.Diagnosis;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A supervised handle whose component depends on a health source (#12 through #7): while the dependency is
 * down a failure holds the component, its callers fail fast, and once the dependency is back the same instance
 * serves the handle's callers again, with no restart.
 */
class HeldHandleTest {
  public interface Stock {
    int reserve(String sku);
  }

  @Test
  void a_held_component_fails_fast_and_its_kept_instance_serves_again_after_release() {
    AtomicReference<HealthReport> db = new AtomicReference<>(HealthReport.up());
    HealthSource source = new HealthSource() {
      @Override
      public String name() {
        return "warehouse-db";
      }

      @Override
      public HealthReport health() {
        return db.get();
      }
    };
    AtomicInteger created = new AtomicInteger();
    SupervisorSpec.Builder spec = SupervisorSpec.builder("app");
    Stock stock = spec.supervise(Stock.class, () -> {
      int instance = created.incrementAndGet();
      return sku -> instance;
    }, HandleOptions.builder().id("stock").dependsOnHealth("warehouse-db").awaitInstance(Duration.ofMillis(20))
        .build());
    try (SupervisorTree tree = SupervisorTree.builder(spec.build())
        .diagnosis(Diagnosis.builder().healthSource(source).recheckEvery(Duration.ofMillis(20)).build()).build()) {
      tree.start();
      assertThat(stock.reserve("a")).isEqualTo(1);

      db.set(HealthReport.down("connection refused"));
      tree.reportFailure("app/stock", 1, "timeouts talking to the warehouse db");
      await().atMost(Duration.ofSeconds(10)).until(() -> tree.snapshot().find("app/stock").state() == ChildState.HELD);
      assertThatThrownBy(() -> stock.reserve("a")).as("held: callers fail fast")
          .isInstanceOf(ComponentUnavailableException.class);

      db.set(HealthReport.up());
      await().atMost(Duration.ofSeconds(10)).until(() -> tree.snapshot().find("app/stock").state() == ChildState.RUNNING);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stock.reserve("a"))
          .as("the kept instance serves the handle again").isEqualTo(1));
      assertThat(created).as("never restarted").hasValue(1);
      assertThat(tree.journal().tail()).filteredOn(r -> r.kind().equals("child.restart")).isEmpty();
    }
  }
}
