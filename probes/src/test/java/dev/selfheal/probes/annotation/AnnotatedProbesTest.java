package dev.selfheal.probes.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.annotation.Overrides;
import dev.selfheal.core.annotation.Supervised;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Probes declared with annotations on a supervised interface, run by a monitor built for the tree. */
class AnnotatedProbesTest {
  static final Duration PERIOD = Duration.ofSeconds(5);

  @Supervised(id = "db")
  public interface Db {
    String query(String sql);

    @Liveness(periodMillis = 5000, failureThreshold = 2)
    boolean alive();

    @Readiness(periodMillis = 5000, failureThreshold = 1)
    ProbeResult ready();
  }

  static final class RealDb implements Db {
    volatile boolean alive = true;
    volatile boolean ready = true;

    @Override
    public String query(String sql) {
      return "rows of " + sql;
    }

    @Override
    public boolean alive() {
      return alive;
    }

    @Override
    public ProbeResult ready() {
      return ready ? ProbeResult.up() : ProbeResult.down("pool exhausted");
    }
  }

  final ManualTicker ticker = new ManualTicker();
  final ManualScheduler scheduler = new ManualScheduler(ticker);
  final List<RealDb> instances = new CopyOnWriteArrayList<>();
  SupervisorTree tree;
  HealthMonitor monitor;

  @AfterEach
  void stopAll() {
    if (monitor != null) {
      monitor.stop();
    }
    if (tree != null) {
      tree.stop();
    }
  }

  private Db start(HandleOptions options) {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app").intensity(5, Duration.ofMinutes(5));
    Db db = b.supervise(Db.class, () -> {
      RealDb d = new RealDb();
      instances.add(d);
      return d;
    }, options);
    tree = SupervisorTree.builder(b.build()).ticker(ticker).scheduler(scheduler).build();
    monitor = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false).build();
    tree.start();
    monitor.start();
    awaitProbed(1);
    return db;
  }

  private void awaitProbed(long generation) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      ChildSnapshot s = tree.snapshot().find("app/db");
      return s.generation() == generation && s.state() == ChildState.RUNNING
          && monitor.component("app/db").generation() == generation && monitor.component("app/db").running();
    });
  }

  @Test
  void a_declared_liveness_probe_restarts_the_instance_and_the_handle_follows() {
    Db db = start(HandleOptions.ofDefaults());
    scheduler.advance(Duration.ZERO);
    assertThat(db.query("a")).isEqualTo("rows of a");
    instances.get(0).alive = false;
    scheduler.advance(PERIOD);
    scheduler.advance(PERIOD); // 2 of 2
    awaitProbed(2);
    assertThat(tree.journal().tail()).filteredOn(r -> r.kind().equals("child.restart"))
        .extracting(JournalRecord::cause).containsExactly("liveness failed 2/2: alive() returned false");
    assertThat(db.query("b")).isEqualTo("rows of b");
    assertThat(instances).hasSize(2);
  }

  @Test
  void a_declared_readiness_probe_takes_the_process_out_of_readiness_without_a_restart() {
    start(HandleOptions.ofDefaults());
    scheduler.advance(Duration.ZERO);
    assertThat(monitor.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.UP);
    instances.get(0).ready = false;
    scheduler.advance(PERIOD);
    assertThat(monitor.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(tree.snapshot().find("app/db").generation()).isEqualTo(1);
  }

  @Test
  void probe_parameters_can_be_overridden() {
    start(HandleOptions.builder().overrides(Overrides.mapOnly(
        Map.of(Db.class.getName() + "/alive/Liveness/failureThreshold", "1"))).build());
    scheduler.advance(Duration.ZERO);
    instances.get(0).alive = false;
    scheduler.advance(PERIOD); // 1 of 1
    awaitProbed(2);
  }

  public interface WithArgument {
    @Liveness
    boolean alive(int depth);
  }

  public interface WrongReturn {
    @Readiness
    String ready();
  }

  public interface NegativeThreshold {
    @Startup(failureThreshold = -2)
    boolean started();
  }

  private static <T> void supervise(Class<T> type) {
    SupervisorSpec.builder("app").supervise(type, () -> null, HandleOptions.ofDefaults());
  }

  @Test
  void a_probe_method_that_takes_arguments_is_refused() {
    assertThatThrownBy(() -> supervise(WithArgument.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(WithArgument.class.getName() + ".alive: @Liveness must be on a method without arguments, but"
            + " alive takes 1");
  }

  @Test
  void a_probe_method_with_another_return_type_is_refused() {
    assertThatThrownBy(() -> supervise(WrongReturn.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(WrongReturn.class.getName() + ".ready: @Readiness must be on a method returning boolean or"
            + " ProbeResult, but ready returns java.lang.String");
  }

  @Test
  void a_negative_threshold_is_refused() {
    assertThatThrownBy(() -> supervise(NegativeThreshold.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(NegativeThreshold.class.getName() + ".started: @Startup(failureThreshold) must be >= 1, was -2");
  }
}
