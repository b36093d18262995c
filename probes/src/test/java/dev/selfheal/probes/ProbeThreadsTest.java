package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Probe runs on the real {@code selfheal-probe-N} pool, timed by a manual scheduler: hung checks, timeouts,
 * interruption, generations and the pool bound. The only real waits are Awaitility polls for a pool thread
 * to reach a known point.
 */
class ProbeThreadsTest {
  static final Duration PERIOD = Duration.ofSeconds(10);
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  final FakeTree tree = new FakeTree();
  HealthMonitor monitor;

  /** A check that blocks until released and ignores interrupts while blocked (counting them). */
  static final class Hanging {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger invocations = new AtomicInteger();
    final AtomicInteger interrupts = new AtomicInteger();
    final boolean interruptible;

    Hanging(boolean interruptible) {
      this.interruptible = interruptible;
    }

    ProbeResult check() throws InterruptedException {
      invocations.incrementAndGet();
      while (true) {
        try {
          release.await();
          return ProbeResult.down("released");
        } catch (InterruptedException e) {
          interrupts.incrementAndGet();
          if (interruptible) {
            throw e;
          }
        }
      }
    }
  }

  @AfterEach
  void stop() {
    if (monitor != null) {
      monitor.stop();
    }
  }

  static ProbeConfig liveness(int failureThreshold) {
    return ProbeConfig.builder(ProbeKind.LIVENESS).period(PERIOD).timeout(TIMEOUT).failureThreshold(failureThreshold)
        .build();
  }

  /** The single probe thread is back in its pool's queue (timed wait), so its last run is fully recorded. */
  static boolean probeThreadIdle() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("selfheal-probe-"))
        .allMatch(t -> t.getState() == Thread.State.TIMED_WAITING);
  }

  static long probeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("selfheal-probe-")).count();
  }

  /** One liveness probe (threshold 3) on the default one-thread pool, its first run started and hanging. */
  void startHanging(Hanging hanging) {
    monitor = HealthMonitor.builder(tree).probeThreads(1).discoverProviders(false)
        .probe(ProbeSpec.of("app/db", Hanging.class, liveness(3), Hanging::check).build()).build();
    monitor.start();
    tree.started("app/db", 1, hanging);
    tree.advance(Duration.ZERO);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(hanging.invocations).hasValue(1));
  }

  @Test
  void aHungProbeStaysOneRunInFlightAndCountsAsFailingEveryPeriod() {
    Hanging hanging = new Hanging(false);
    startHanging(hanging);
    tree.advance(TIMEOUT); // timeout: failure 1, thread interrupted (and ignores it)
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(hanging.interrupts).hasValue(1));
    assertThat(monitor.component("app/db").lastResults().get(ProbeKind.LIVENESS).message())
        .isEqualTo("timed out after 1s");
    tree.advance(PERIOD.minus(TIMEOUT)); // t=10s: still in flight: failure 2, no new run
    assertThat(tree.reports).isEmpty();
    tree.advance(PERIOD); // t=20s: failure 3
    assertThat(hanging.invocations).as("never a second run while the first hangs").hasValue(1);
    assertThat(tree.reports).containsExactly(new FakeTree.Report("app/db", 1,
        "liveness failed 3/3: still running: the previous run timed out after 1s and has not returned"));
    assertThat(probeThreads()).isEqualTo(1);

    hanging.release.countDown(); // the hung run returns; its late result is dropped
    await().atMost(Duration.ofSeconds(10)).until(ProbeThreadsTest::probeThreadIdle);
    tree.advance(PERIOD); // t=30s: the slot is free again, so a new run starts
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(hanging.invocations).hasValue(2));
    assertThat(tree.reports).hasSize(1);
  }

  /** Generation 2 is a restart; generation 1 again is a child deleted and added back (its count starts over). */
  @ParameterizedTest
  @ValueSource(longs = {2, 1})
  void aRunStillInFlightForAnOldInstanceNeverJudgesTheNewOne(long newGeneration) throws InterruptedException {
    Hanging old = new Hanging(false);
    AtomicInteger finished = new AtomicInteger();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor(
        new dev.selfheal.probes.internal.NamedThreadFactory("selfheal-test-probe"));
    try {
      monitor = HealthMonitor.builder(tree).discoverProviders(false)
          .probeExecutor(task -> pool.execute(() -> {
            task.run(); // the whole run: check, then verdict
            finished.incrementAndGet();
          }))
          .probe(ProbeSpec.of("app/db", Object.class, liveness(1),
              o -> o instanceof Hanging h ? h.check() : ProbeResult.up()).build())
          .build();
      monitor.start();
      tree.started("app/db", 1, old);
      tree.advance(Duration.ZERO);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(old.invocations).hasValue(1));

      tree.started("app/db", newGeneration, new Object()); // a new instance while the old run hangs
      tree.advance(Duration.ZERO);              // due now: skipped, the slot is busy with instance 1
      tree.advance(TIMEOUT);                     // instance 1's run times out: no verdict about instance 2
      assertThat(tree.reports).isEmpty();
      assertThat(monitor.component("app/db").generation()).isEqualTo(newGeneration);
      assertThat(monitor.component("app/db").lastResults()).isEmpty();

      old.release.countDown(); // instance 1's DOWN arrives late and is dropped
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(finished).hasValue(1));
      assertThat(monitor.component("app/db").lastResults()).isEmpty();

      tree.advance(PERIOD.minus(TIMEOUT)); // t=10s: instance 2's first real run
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(finished).hasValue(2));
      assertThat(monitor.component("app/db").lastResults().get(ProbeKind.LIVENESS).passed()).isTrue();
      assertThat(tree.reports).isEmpty();
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void thePoolIsBoundedAndAQueuedRunTimesOut() {
    List<Hanging> checks = List.of(new Hanging(true), new Hanging(true), new Hanging(true));
    HealthMonitor.Builder b = HealthMonitor.builder(tree).probeThreads(2).discoverProviders(false);
    for (int i = 0; i < 3; i++) {
      b.probe(ProbeSpec.of("app/c" + i, Hanging.class, liveness(1), Hanging::check).build());
    }
    monitor = b.build();
    monitor.start();
    for (int i = 0; i < 3; i++) {
      tree.started("app/c" + i, 1, checks.get(i));
    }
    tree.advance(Duration.ZERO);
    await().atMost(Duration.ofSeconds(10)).until(
        () -> checks.stream().mapToInt(h -> h.invocations.get()).sum() == 2);
    assertThat(probeThreads()).isEqualTo(2);

    tree.advance(TIMEOUT); // all three time out, the queued one included, and fail at threshold 1
    assertThat(tree.reports).extracting(FakeTree.Report::reason).hasSize(3)
        .containsOnly("liveness failed 1/1: timed out after 1s");
    assertThat(probeThreads()).isEqualTo(2);
  }

  @Test
  void stopInterruptsRunsAndEndsTheProbeThreads() {
    Hanging hanging = new Hanging(true);
    startHanging(hanging);

    monitor.stop();
    assertThat(hanging.interrupts).hasValue(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> probeThreads() == 0);
    assertThat(tree.reports).isEmpty();
    assertThat(tree.scheduler.pending()).as("no tick left behind").isLessThanOrEqualTo(1); // the cancelled timeout is harmless
  }
}
