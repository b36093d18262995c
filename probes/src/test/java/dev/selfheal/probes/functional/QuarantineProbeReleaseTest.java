package dev.selfheal.probes.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.Diagnosis;
import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.ProbeConfig;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProbeSpec;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * #12's "quarantine (stop routing, fail fast, keep probing)": a quarantined instance is kept and still probed,
 * and its probe, exposed as the health source {@code probe:<path>}, releases it once it passes again; while
 * held its failing probe reports nothing to the supervisor (no restart, no second decision).
 */
class QuarantineProbeReleaseTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  final ManualTicker ticker = new ManualTicker();
  final ManualScheduler scheduler = new ManualScheduler(ticker);
  final AtomicBoolean healthy = new AtomicBoolean(true);
  final AtomicInteger checks = new AtomicInteger();
  SupervisorTree tree;
  HealthMonitor monitor;

  @AfterEach
  void stop() {
    monitor.stop();
    tree.stop();
  }

  @Test
  void a_quarantined_instance_is_probed_and_its_passing_probe_releases_it() {
    RecoveryPlan plan = RecoveryPlan.builder()
        .step(RecoveryPlan.step(RecoveryPlan.Action.QUARANTINE).releaseWhen("probe:app/cache")).build();
    SupervisorSpec spec = SupervisorSpec.builder("app")
        .child(ChildSpec.service("cache", () -> (Component) () -> { }).plan(plan)).build();
    tree = SupervisorTree.builder(spec).ticker(ticker).scheduler(scheduler)
        .diagnosis(Diagnosis.builder().expectHealthSource("probe:app/cache").recheckEvery(Duration.ofSeconds(1))
            .build())
        .build();
    ProbeConfig every10s = ProbeConfig.builder(ProbeKind.LIVENESS).period(Duration.ofSeconds(10)).failureThreshold(2)
        .build();
    monitor = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false)
        .probe(ProbeSpec.of("app/cache", Object.class, every10s, c -> {
          checks.incrementAndGet();
          return ProbeResult.of(healthy.get(), "stale entries");
        }).build())
        .build();
    tree.start();
    monitor.start();
    scheduler.advance(Duration.ZERO);

    healthy.set(false);
    scheduler.advance(Duration.ofSeconds(10));
    scheduler.advance(Duration.ofSeconds(10)); // 2/2 failures: reported, the plan quarantines the instance
    await().atMost(WAIT).until(() -> tree.snapshot().find("app/cache").state() == ChildState.HELD);
    assertThat(tree.currentInstance("app/cache")).as("not routed").isEmpty();

    int before = checks.get();
    scheduler.advance(Duration.ofSeconds(10));
    scheduler.advance(Duration.ofSeconds(10));
    scheduler.advance(Duration.ofSeconds(10)); // failing on: probed, but nothing more is reported
    assertThat(checks.get()).as("still probed while quarantined").isGreaterThanOrEqualTo(before + 3);
    assertThat(tree.journal().tail()).filteredOn(r -> r.kind().equals("probe.liveness")).hasSize(1);
    assertThat(tree.snapshot().find("app/cache").state()).isEqualTo(ChildState.HELD);

    healthy.set(true);
    scheduler.advance(Duration.ofSeconds(10)); // the probe passes: probe:app/cache is UP
    scheduler.advance(Duration.ofSeconds(1)); // the next recheck releases it
    await().atMost(WAIT).until(() -> tree.snapshot().find("app/cache").state() == ChildState.RUNNING);
    assertThat(tree.snapshot().find("app/cache").generation()).as("the kept instance serves again").isEqualTo(1);
    assertThat(tree.currentInstance("app/cache")).isPresent();
    assertThat(tree.journal().tail()).filteredOn(r -> r.kind().equals("child.release")).singleElement()
        .satisfies(r -> assertThat(r.decision()).contains("probe:app/cache"));
    assertThat(tree.journal().tail()).filteredOn(r -> r.kind().equals("child.restart")).isEmpty();
  }
}
