package dev.selfheal.probes.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A component's latency stream turns anomalous: the journal records it with its evidence, the watch's health
 * turns DEGRADED (never DOWN), and with {@code restartOnAnomaly} the supervisor restarts the component, or in
 * dry-run journals that it would. Time is manual; the supervisor runs on its own threads (Awaitility waits
 * for its restart).
 */
class MetricWatchEndToEndTest {
  static final Duration PERIOD = Duration.ofSeconds(1);
  static final String PATH = "app/svc";

  static final class Svc implements Component {
    @Override
    public void start() {}
  }

  final ManualTicker ticker = new ManualTicker();
  final ManualScheduler scheduler = new ManualScheduler(ticker);
  final List<AnomalyEvent> events = new CopyOnWriteArrayList<>();
  final SplittableRandom rnd = new SplittableRandom(5);
  SupervisorTree tree;
  MetricWatch watch;

  @AfterEach
  void stopAll() {
    if (watch != null) {
      watch.stop();
    }
    if (tree != null) {
      tree.stop();
    }
  }

  void start(MetricWatch.Builder configure) {
    watch = configure.build();
    tree.events().subscribe(AnomalyEvent.class, events::add);
    tree.start();
    watch.start();
  }

  MetricWatch.Builder newTree() {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(3, Duration.ofMinutes(5))
        .child(ChildSpec.service("svc", Svc::new)).build();
    tree = SupervisorTree.builder(spec).ticker(ticker).scheduler(scheduler).build();
    return MetricWatch.builder(tree, PATH).recorded("latency").period(PERIOD).warmupSamples(150);
  }

  /** {@code periods} periods of calls whose latency is about {@code millis}. */
  void calls(int periods, double millis) {
    for (int p = 0; p < periods; p++) {
      for (int c = 0; c < 5; c++) {
        watch.record("latency", millis + rnd.nextDouble() * 2);
      }
      scheduler.advance(PERIOD);
    }
  }

  List<JournalRecord> journal(String kind) {
    return tree.journal().tail().stream().filter(r -> r.kind().equals(kind)).toList();
  }

  @Test
  void anAnomalousLatencyDegradesAndRestartsTheComponent() {
    start(newTree().restartOnAnomaly(true));
    calls(400, 20);
    assertThat(journal("anomaly.detected")).isEmpty();
    assertThat(watch.health().status()).isEqualTo(HealthStatus.UP);

    calls(1, 400);

    List<JournalRecord> anomalies = journal("anomaly.detected");
    assertThat(anomalies).hasSize(1);
    assertThat(anomalies.get(0).cause()).contains("stream=latency").contains("score=").contains("recent=[")
        .contains("40");
    assertThat(anomalies.get(0).decision()).isEqualTo("degraded; proactive restart requested");
    assertThat(watch.health().status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(events).singleElement().isInstanceOfSatisfying(AnomalyEvent.AnomalyDetected.class, e -> {
      assertThat(e.path()).isEqualTo(PATH);
      assertThat(e.generation()).isEqualTo(1);
      assertThat(e.stream()).isEqualTo("latency");
      assertThat(e.score()).isBetween(0.3, 1.0);
      assertThat(e.recent()).hasSize(8).last().satisfies(v -> assertThat(v).isGreaterThan(399));
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      ChildSnapshot s = tree.snapshot().find(PATH);
      return s.generation() == 2 && s.state() == ChildState.RUNNING;
    });
    assertThat(tree.snapshot().find(PATH).lastFailure()).startsWith("anomaly on latency: score ");
  }

  @Test
  void inDryRunTheRestartIsJournaledAsWouldAndNotDone() {
    start(newTree().restartOnAnomaly(true));
    tree.dryRun(true, Actor.operator("test"));
    calls(400, 20);
    calls(1, 400);

    assertThat(journal("anomaly.detected")).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> tree.journal().tail().stream()
        .anyMatch(r -> r.path().equals(PATH) && r.decision().startsWith("would restart")));
    assertThat(tree.snapshot().find(PATH).generation()).isEqualTo(1);
    assertThat(tree.snapshot().find(PATH).restarts()).isZero();
    assertThat(watch.health().status()).isEqualTo(HealthStatus.DEGRADED);
  }

  @Test
  void withoutRestartTheComponentIsOnlyDegradedForAWhile() {
    start(newTree().degradedFor(Duration.ofMinutes(1)));
    calls(400, 20);
    calls(1, 400);
    assertThat(journal("anomaly.detected")).singleElement()
        .satisfies(r -> assertThat(r.decision()).isEqualTo("degraded"));
    assertThat(watch.health().status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(watch.health().message()).startsWith("anomaly on latency");

    calls(61, 20);
    assertThat(watch.health().status()).isEqualTo(HealthStatus.UP);
    assertThat(tree.snapshot().find(PATH).generation()).isEqualTo(1);
    assertThat(tree.snapshot().find(PATH).restarts()).isZero();
  }

  @Test
  void duringWarmUpNothingIsAnomalous() {
    start(newTree().restartOnAnomaly(true));
    calls(100, 20);
    calls(1, 400);
    assertThat(journal("anomaly.detected")).isEmpty();
    assertThat(watch.health().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void aLeakingGaugeIsForecastAndRestartedBeforeItRunsOut() {
    AtomicLong used = new AtomicLong(100);
    start(newTree().limited("pool.used", () -> used.get() + (rnd.nextDouble() * 3), 10_000)
        .horizon(Duration.ofMinutes(30)).forecastMemory(Duration.ofMinutes(10)).restartOnExhaustion(true));
    for (int s = 0; s < 600; s++) {
      used.addAndGet(5); // 5 a second: 10,000 in about half an hour
      watch.record("latency", 20);
      scheduler.advance(PERIOD);
      if (!journal("exhaustion.forecast").isEmpty()) {
        break;
      }
    }
    List<JournalRecord> forecasts = journal("exhaustion.forecast");
    assertThat(forecasts).singleElement().satisfies(r -> {
      assertThat(r.cause()).contains("pool.used forecast to reach its limit").contains("confidence");
      assertThat(r.decision()).isEqualTo("degraded; proactive restart requested");
    });
    assertThat(events).filteredOn(AnomalyEvent.ExhaustionForecasted.class::isInstance).hasSize(1);
    assertThat(watch.health().status()).isEqualTo(HealthStatus.DEGRADED);
    await().atMost(Duration.ofSeconds(10)).until(() -> tree.snapshot().find(PATH).generation() == 2);
  }

  @Test
  void jvmStreamsAreReadFromTheManagementBeans() {
    start(newTree().heapAfterGc().gcPauseTime().warmupSamples(0));
    calls(3, 20);
    assertThat(watch.streams()).containsExactly("latency", "jvm.heap.afterGc", "jvm.gc.pauseMillis");
    assertThat(watch.forecast("jvm.heap.afterGc").samples()).isPositive();
    assertThat(watch.name()).isEqualTo("anomaly:app/svc");
  }

  @Test
  void rejectsUnknownStreamsAndBadConfig() {
    start(newTree());
    assertThatThrownBy(() -> watch.record("nope", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stream must be a recorded stream of 'app/svc', was 'nope'");
    assertThatThrownBy(() -> watch.record("latency", Double.NaN))
        .hasMessage("value of stream 'latency' must be finite, was NaN");
    assertThatThrownBy(() -> MetricWatch.builder(tree, PATH).build())
        .hasMessageContaining("streams must not be empty");
    assertThatThrownBy(() -> MetricWatch.builder(tree, PATH).recorded("a").recorded("a"))
        .hasMessage("stream name must be unique, 'a' was given twice");
    assertThatThrownBy(() -> MetricWatch.builder(tree, PATH).recorded("a").anomalyThreshold(0).build())
        .hasMessage("anomalyThreshold must be in (0, 1], was 0.0");
    assertThatThrownBy(() -> MetricWatch.builder(tree, PATH).recorded("a").minConfidence(1).build())
        .hasMessage("minConfidence must be in [0.5, 1), was 1.0");
    assertThatThrownBy(() -> MetricWatch.builder(tree, PATH).recorded("a").period(Duration.ZERO).build())
        .hasMessage("period must be in [1 ms, 1 h], was PT0S");
  }
}
