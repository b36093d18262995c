package dev.selfheal.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Harness;
import dev.selfheal.core.HealingScenario;
import dev.selfheal.core.HealingMetrics;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The core meters as Prometheus scrapes them. */
class CoreMetricsTest {
  private final Lifecycle lc = new Lifecycle();

  @Test
  void a_scrape_shows_restarts_recovery_buckets_and_states_with_help_text() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Harness h = new Harness(HealingScenario.dbWithBackoff(lc))) {
      HealingMetrics healing = HealingMetrics.attach(h.tree);
      CoreMetrics metrics = new CoreMetrics(healing);
      metrics.bindTo(registry);
      h.start();
      HealingScenario.crashAndRecover(h, healing);

      String scrape = registry.scrape();
      assertThat(scrape)
          .contains("selfheal_supervisor_restarts_total{supervisor=\"app\",tree=\"app\"} 1.0")
          .contains("selfheal_supervisor_escalations_total{supervisor=\"app\",tree=\"app\"} 0.0")
          .contains("selfheal_supervisor_exits_total{reason=\"abnormal\",tree=\"app\"} 1.0")
          .contains("selfheal_supervisor_recovery_seconds_bucket{supervisor=\"app\",tree=\"app\",le=\"1.0\"} 0")
          .contains("selfheal_supervisor_recovery_seconds_bucket{supervisor=\"app\",tree=\"app\",le=\"2.5\"} 1")
          .contains("selfheal_supervisor_recovery_seconds_count{supervisor=\"app\",tree=\"app\"} 1")
          .contains("selfheal_tree_status{status=\"failed\",tree=\"app\"} 0.0")
          .contains("selfheal_journal_records_total{tree=\"app\"}")
          .contains("selfheal_journal_drops_total{reason=\"sink_full\",tree=\"app\"} 0.0")
          .contains("selfheal_events_listener_failures_total{tree=\"app\"} 0.0");
      await().atMost(10, TimeUnit.SECONDS).until(() -> registry.scrape()
          .contains("selfheal_supervisor_children{state=\"running\",tree=\"app\"} 1.0"));
      for (Meter m : registry.getMeters()) {
        assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank();
        assertThat(m.getId().getBaseUnit()).as(m.getId().getName()).isNotBlank();
      }

      metrics.close();
      assertThat(registry.getMeters()).isEmpty();
      metrics.close(); // idempotent
    }
  }

  @Test
  void a_second_bind_is_refused_and_a_rebind_after_close_works() {
    SupervisorSpec spec = SupervisorSpec.builder("app").child(lc.service("a")).build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Harness h = new Harness(spec).start()) {
      CoreMetrics metrics = new CoreMetrics(HealingMetrics.attach(h.tree));
      metrics.bindTo(registry);
      assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already bound");
      try (Harness twin = new Harness(spec)) {
        CoreMetrics clash = new CoreMetrics(HealingMetrics.attach(twin.tree));
        assertThatThrownBy(() -> clash.bindTo(registry)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("already bound to this registry");
      }
      try (Harness other = new Harness(SupervisorSpec.builder("billing").child(lc.service("b")).build())) {
        new CoreMetrics(HealingMetrics.attach(other.tree)).bindTo(registry); // another root name: no clash
      }
      metrics.close();
      metrics.bindTo(registry);
      int count = registry.getMeters().size();
      metrics.close();
      metrics.bindTo(registry);
      assertThat(registry.getMeters()).hasSize(count);
      assertThat(registry.scrape()).contains("tree=\"billing\"").contains("tree=\"app\"");
    }
  }

  @Test
  void paused_suspended_and_dry_run_decisions_are_counted_by_mode_from_their_typed_events() {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, Duration.ofSeconds(60))
        .child(lc.service("a")).child(lc.service("b")).build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Actor ops = Actor.operator("ops");
    try (Harness h = new Harness(spec, b -> b.actorExecutor(Runnable::run))) {
      HealingMetrics healing = HealingMetrics.attach(h.tree);
      new CoreMetrics(healing).bindTo(registry);
      h.start();
      h.tree.pause(ops);
      h.crash("app/a"); // deferred
      h.tree.resume(ops); // decided now: one restart
      h.tree.suspend("app/b", ops, "maintenance", null);
      h.crash("app/b"); // recorded, not acted on
      h.crash("app/b");
      h.tree.liftSuspension("app/b", ops);
      h.tree.dryRun(true, ops);
      h.crash("app/a"); // would restart
      h.crash("app/b"); // would restart

      assertThat(decisions(registry, "deferred")).isEqualTo(1);
      assertThat(decisions(registry, "suspended")).isEqualTo(2);
      assertThat(decisions(registry, "dry_run")).isEqualTo(2);
      assertThat(registry.get("selfheal.supervisor.restarts").tag("supervisor", "app").functionCounter().count())
          .isEqualTo(1);
      assertThat(h.generation("app/a")).isEqualTo(2);
      assertThat(h.generation("app/b")).isEqualTo(1);
    }
  }

  @Test
  void the_mailbox_gauge_reads_the_messages_waiting_for_each_supervisor() {
    Gate gate = new Gate();
    SupervisorSpec sub = SupervisorSpec.builder("sub").child(lc.service("x")).build();
    SupervisorSpec spec = SupervisorSpec.builder("app").child(lc.service("a")).child(ChildSpec.supervisor(sub))
        .build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Harness h = new Harness(spec, b -> b.actorExecutor(gate))) {
      new CoreMetrics(HealingMetrics.attach(h.tree)).bindTo(registry);
      h.start();
      assertThat(mailbox(registry, "app")).isZero();
      gate.close();
      for (int i = 0; i < 3; i++) {
        h.tree.reportFailure("app/a", 99, "stale"); // an old generation: ignored once handled
      }
      h.tree.reportFailure("app/sub/x", 99, "stale");
      assertThat(mailbox(registry, "app")).isEqualTo(3);
      assertThat(mailbox(registry, "app/sub")).isEqualTo(1);
      assertThat(registry.scrape())
          .contains("selfheal_supervisor_mailbox_messages{supervisor=\"app\",tree=\"app\"} 3.0");
      gate.open();
      assertThat(mailbox(registry, "app")).isZero();
      assertThat(mailbox(registry, "app/sub")).isZero();
    }
  }

  private static double decisions(PrometheusMeterRegistry registry, String mode) {
    return registry.get("selfheal.supervisor.decisions").tag("mode", mode).functionCounter().count();
  }

  private static double mailbox(PrometheusMeterRegistry registry, String supervisor) {
    return registry.get("selfheal.supervisor.mailbox").tag("supervisor", supervisor).gauge().value();
  }

  /** An actor executor that runs each drain at once while open, and holds them while closed. */
  private static final class Gate implements Executor {
    private final List<Runnable> held = new ArrayList<>();
    private boolean open = true;

    @Override
    public void execute(Runnable drain) {
      synchronized (this) {
        if (!open) {
          held.add(drain);
          return;
        }
      }
      drain.run();
    }

    synchronized void close() {
      open = false;
    }

    void open() {
      List<Runnable> out;
      synchronized (this) {
        open = true;
        out = new ArrayList<>(held);
        held.clear();
      }
      out.forEach(Runnable::run);
    }
  }

  /** The registry holds what the meters read weakly: a tree dropped without close() can be collected. */
  @Test
  void a_bound_tree_that_is_dropped_is_not_kept_alive_by_the_registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WeakReference<SupervisorTree> ref = bindAndDrop(registry);
    await().atMost(10, TimeUnit.SECONDS).until(() -> {
      System.gc();
      return ref.get() == null;
    });
    assertThat(registry.getMeters()).isNotEmpty(); // never closed: the meters stay, reading NaN
  }

  private static WeakReference<SupervisorTree> bindAndDrop(PrometheusMeterRegistry registry) {
    Harness h = new Harness(HealingScenario.dbWithBackoff(new Lifecycle())); // its own: lc keeps contexts
    HealingMetrics healing = HealingMetrics.attach(h.tree);
    new CoreMetrics(healing).bindTo(registry);
    h.start();
    HealingScenario.crashAndRecover(h, healing);
    assertThat(registry.scrape()).contains("selfheal_supervisor_recovery_seconds_count{supervisor=\"app\",tree=\"app\"} 1");
    h.close(); // stopped, never unbound
    return new WeakReference<>(h.tree);
  }
}
