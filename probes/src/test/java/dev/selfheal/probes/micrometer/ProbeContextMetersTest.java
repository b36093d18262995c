package dev.selfheal.probes.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.micrometer.SelfhealMetrics;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProbeSpec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** One {@code SelfhealMetrics.bindTo(registry, tree)} covers the tree's probes: bound at start, gone at stop. */
class ProbeContextMetersTest {

  static final class Db implements Component {
    @Override
    public void start() {}
  }

  @Test
  void a_monitor_started_after_the_bind_gets_meters_and_loses_them_when_it_stops() {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (SupervisorTree tree = SupervisorTree.builder(
        SupervisorSpec.builder("shop").child(ChildSpec.service("db", Db::new).build()).build()).build();
        SelfhealMetrics bound = SelfhealMetrics.bindTo(meters, tree)) {
      tree.start();
      assertThat(meters.scrape()).doesNotContain("selfheal_component_ready");

      HealthMonitor monitor = HealthMonitor.builder(tree).discoverProviders(false)
          .probe(ProbeSpec.liveness("shop/db", Db.class, db -> ProbeResult.up()).build())
          .build();
      monitor.start();
      assertThat(meters.scrape()).contains("selfheal_component_ready{path=\"shop/db\",tree=\"shop\"}")
          .contains("selfheal_health_status{probe=\"liveness\",status=\"up\",tree=\"shop\"}");

      monitor.stop();
      assertThat(meters.scrape()).doesNotContain("selfheal_component_ready");
    }
  }
}
