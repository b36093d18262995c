package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Probe timing and verdicts on a manual clock, with checks run inline on the scheduler's (test) thread. */
class ProbeSchedulingTest {
  static final Duration PERIOD = Duration.ofSeconds(10);

  final FakeTree tree = new FakeTree();
  final List<Object> events = new CopyOnWriteArrayList<>();
  HealthMonitor monitor;

  /** A component instance whose health the test sets. */
  static final class Db {
    final AtomicReference<ProbeResult> next = new AtomicReference<>(ProbeResult.up());
    final AtomicInteger checks = new AtomicInteger();

    ProbeResult check() {
      checks.incrementAndGet();
      return next.get();
    }
  }

  @AfterEach
  void stop() {
    if (monitor != null) {
      monitor.stop();
    }
  }

  HealthMonitor start(ProbeSpec<?>... specs) {
    tree.events.subscribe(ProbeEvent.class, events::add);
    HealthMonitor.Builder b = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false);
    for (ProbeSpec<?> s : specs) {
      b.probe(s);
    }
    monitor = b.build();
    monitor.start();
    return monitor;
  }

  static ProbeConfig config(ProbeKind kind, Duration initialDelay, int successThreshold, int failureThreshold) {
    return ProbeConfig.builder(kind).initialDelay(initialDelay).period(PERIOD).timeout(Duration.ofSeconds(1))
        .successThreshold(successThreshold).failureThreshold(failureThreshold).build();
  }

  static ProbeSpec<Db> liveness(Duration initialDelay) {
    return ProbeSpec.of("app/db", Db.class, config(ProbeKind.LIVENESS, initialDelay, 1, 3), Db::check).build();
  }

  static ProbeSpec<Db> readiness(int successThreshold, boolean critical) {
    return ProbeSpec.of("app/db", Db.class, config(ProbeKind.READINESS, Duration.ZERO, successThreshold, 3), Db::check)
        .critical(critical).build();
  }

  @Test
  void firstRunWaitsForTheInitialDelayThenRunsEveryPeriod() {
    start(liveness(Duration.ofSeconds(5)));
    Db db = new Db();
    tree.started("app/db", 1, db);

    tree.advance(Duration.ofMillis(4_999));
    assertThat(db.checks).hasValue(0);
    tree.advance(Duration.ofMillis(1));
    assertThat(db.checks).hasValue(1);
    tree.advance(PERIOD.minusNanos(1));
    assertThat(db.checks).hasValue(1);
    tree.advance(Duration.ofNanos(1));
    assertThat(db.checks).hasValue(2);
    tree.advance(PERIOD.multipliedBy(3));
    assertThat(db.checks).hasValue(5);
  }

  @Test
  void nothingRunsBeforeStartOrForAnUnprobedPath() {
    HealthMonitor m = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false)
        .probe(liveness(Duration.ZERO)).build();
    monitor = m;
    Db db = new Db();
    tree.started("app/db", 1, db);
    tree.started("app/other", 1, new Db());
    tree.advance(PERIOD.multipliedBy(3));
    assertThat(db.checks).hasValue(0);

    m.start(); // instances seen before start are probed from start on
    tree.advance(Duration.ZERO);
    assertThat(db.checks).hasValue(1);
  }

  @Test
  void livenessReportsTheFailureExactlyOnceAtTheThreshold() {
    start(liveness(Duration.ZERO));
    Db db = new Db();
    db.next.set(ProbeResult.down("connection refused"));
    tree.started("app/db", 7, db);

    tree.advance(Duration.ZERO); // run 1
    tree.advance(PERIOD);        // run 2
    assertThat(tree.reports).isEmpty();
    tree.advance(PERIOD);        // run 3
    assertThat(tree.reports).containsExactly(new FakeTree.Report("app/db", 7, "liveness failed 3/3: connection refused"));
    assertThat(monitor.component("app/db").status()).isEqualTo(HealthStatus.DOWN);
    assertThat(monitor.component("app/db").message()).isEqualTo("liveness failed 3/3: connection refused");
    assertThat(events).contains(new ProbeEvent.FailureReported("app/db", 7, ProbeKind.LIVENESS,
        "liveness failed 3/3: connection refused"));
    assertThat(tree.journal.tail()).extracting(JournalRecord::kind, JournalRecord::cause)
        .contains(org.assertj.core.groups.Tuple.tuple("probe.liveness", "liveness failed 3/3: connection refused"));

    // the same instance (a dry-run or paused tree did not restart it): reported again only after 3 more
    tree.advance(PERIOD.multipliedBy(2));
    assertThat(tree.reports).hasSize(1);
    tree.advance(PERIOD);
    assertThat(tree.reports).hasSize(2);
  }

  @Test
  void aPassBetweenFailuresResetsTheCount() {
    start(liveness(Duration.ZERO));
    Db db = new Db();
    tree.started("app/db", 1, db);
    db.next.set(ProbeResult.down("slow"));
    tree.advance(Duration.ZERO);
    tree.advance(PERIOD);
    db.next.set(ProbeResult.up());
    tree.advance(PERIOD);
    db.next.set(ProbeResult.down("slow"));
    tree.advance(PERIOD);
    tree.advance(PERIOD);
    assertThat(tree.reports).isEmpty();
    assertThat(monitor.component("app/db").status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(monitor.component("app/db").message()).isEqualTo("liveness failing 2/3: slow");
    tree.advance(PERIOD);
    assertThat(tree.reports).extracting(FakeTree.Report::reason).containsExactly("liveness failed 3/3: slow");
  }

  @Test
  void readinessStartsNotReadyTurnsReadyAfterSuccessThresholdAndBack() {
    start(readiness(2, true));
    Db db = new Db();
    tree.started("app/db", 1, db);
    assertThat(monitor.component("app/db").ready()).isFalse();
    assertThat(monitor.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.DOWN);

    tree.advance(Duration.ZERO);
    assertThat(monitor.component("app/db").ready()).isFalse();
    tree.advance(PERIOD);
    assertThat(monitor.component("app/db").ready()).isTrue();
    assertThat(monitor.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.UP);

    db.next.set(ProbeResult.down("pool exhausted"));
    tree.advance(PERIOD.multipliedBy(2));
    assertThat(monitor.component("app/db").ready()).isTrue();
    tree.advance(PERIOD);
    ComponentHealth h = monitor.component("app/db");
    assertThat(h.ready()).isFalse();
    assertThat(h.message()).isEqualTo("not ready: readiness failed 3/3: pool exhausted");
    assertThat(monitor.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(tree.reports).as("readiness never restarts").isEmpty();

    db.next.set(ProbeResult.up());
    tree.advance(PERIOD);
    assertThat(monitor.component("app/db").ready()).isFalse();
    tree.advance(PERIOD);
    assertThat(monitor.component("app/db").ready()).isTrue();
    assertThat(events).containsExactly(
        new ProbeEvent.ReadinessChanged("app/db", 1, true, "readiness passed 2/2"),
        new ProbeEvent.ReadinessChanged("app/db", 1, false, "readiness failed 3/3: pool exhausted"),
        new ProbeEvent.ReadinessChanged("app/db", 1, true, "readiness passed 2/2"));
  }

  @Test
  void aNonCriticalComponentOnlyDegradesReadiness() {
    start(readiness(1, false));
    tree.started("app/db", 1, new Db());
    assertThat(monitor.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.DEGRADED);
    tree.advance(Duration.ZERO);
    assertThat(monitor.health(ProbeKind.READINESS).status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void startupGatesLivenessAndReadinessUntilItPasses() {
    Db db = new Db();
    AtomicInteger startupChecks = new AtomicInteger();
    AtomicReference<Boolean> startupUp = new AtomicReference<>(false);
    start(
        ProbeSpec.of("app/db", Db.class, config(ProbeKind.STARTUP, Duration.ZERO, 1, 5),
            HealthProbe.ofBoolean((Db d) -> {
              startupChecks.incrementAndGet();
              return startupUp.get();
            })).build(),
        liveness(Duration.ofSeconds(15)),
        readiness(1, true));
    tree.started("app/db", 1, db);
    tree.advance(Duration.ZERO);
    tree.advance(PERIOD);
    assertThat(startupChecks).hasValue(2);
    assertThat(db.checks).as("gated").hasValue(0);
    assertThat(monitor.health(ProbeKind.STARTUP).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(monitor.component("app/db").message())
        .isEqualTo("not ready: startup probe has not passed yet: check returned false");

    startupUp.set(true);
    tree.advance(PERIOD); // t=20s: startup passes; liveness was due at 15 s after start, so runs now
    assertThat(startupChecks).hasValue(3);
    assertThat(db.checks).as("liveness and readiness both run right away").hasValue(2);
    assertThat(monitor.health(ProbeKind.STARTUP).status()).isEqualTo(HealthStatus.UP);
    assertThat(monitor.component("app/db").ready()).isTrue();

    tree.advance(PERIOD.multipliedBy(3));
    assertThat(startupChecks).as("startup stops once passed").hasValue(3);
    assertThat(db.checks).hasValue(8);
  }

  @Test
  void startupPastItsThresholdReportsTheInstanceFailed() {
    start(ProbeSpec.startup("app/db", Db.class, d -> ProbeResult.down("still loading")).build(),
        liveness(Duration.ZERO));
    Db db = new Db();
    tree.started("app/db", 3, db);
    tree.advance(PERIOD.multipliedBy(2));
    assertThat(tree.reports).containsExactly(new FakeTree.Report("app/db", 3, "startup failed 3/3: still loading"));
    assertThat(db.checks).hasValue(0);
  }

  @Test
  void aProbeThatTakesLongerThanItsTimeoutFails() {
    start(ProbeSpec.of("app/db", Db.class, config(ProbeKind.LIVENESS, Duration.ZERO, 1, 1), d -> {
      tree.ticker.advance(Duration.ofMillis(1_001)); // the check "takes" 1.001 s of a 1 s budget
      return ProbeResult.up();
    }).build());
    tree.started("app/db", 1, new Db());
    tree.advance(Duration.ZERO);
    assertThat(tree.reports).extracting(FakeTree.Report::reason).containsExactly("liveness failed 1/1: timed out after 1s");
  }

  @Test
  void aThrowingProbeOrANullResultFailsWithTheReason() {
    AtomicInteger n = new AtomicInteger();
    start(ProbeSpec.of("app/db", Db.class, config(ProbeKind.LIVENESS, Duration.ZERO, 1, 1), d -> {
      if (n.incrementAndGet() == 1) {
        throw new IllegalStateException("db gone");
      }
      return null;
    }).build());
    tree.started("app/db", 1, new Db());
    tree.advance(Duration.ZERO);
    tree.advance(PERIOD);
    assertThat(tree.reports).extracting(FakeTree.Report::reason).containsExactly(
        "liveness failed 1/1: threw java.lang.IllegalStateException: db gone",
        "liveness failed 1/1: probe returned null");
  }

  @Test
  void anInstanceOfTheWrongTypeFailsTheProbe() {
    start(ProbeSpec.of("app/db", Db.class, config(ProbeKind.LIVENESS, Duration.ZERO, 1, 1), Db::check).build());
    tree.started("app/db", 1, "not a db");
    tree.advance(Duration.ZERO);
    assertThat(tree.reports).extracting(FakeTree.Report::reason)
        .containsExactly("liveness failed 1/1: instance is java.lang.String, not a " + Db.class.getName());
  }

  @Test
  void aNewInstanceRestartsFromTheInitialDelayAndForgetsOldCounts() {
    start(liveness(Duration.ofSeconds(5)));
    Db first = new Db();
    first.next.set(ProbeResult.down("bad"));
    tree.started("app/db", 1, first);
    tree.advance(Duration.ofSeconds(5));
    tree.advance(PERIOD); // 2 failures on instance 1
    assertThat(first.checks).hasValue(2);

    Db second = new Db();
    second.next.set(ProbeResult.down("bad"));
    tree.started("app/db", 2, second);
    tree.advance(Duration.ofSeconds(4));
    assertThat(second.checks).as("initial delay again").hasValue(0);
    tree.advance(Duration.ofSeconds(1));
    tree.advance(PERIOD);
    assertThat(second.checks).hasValue(2);
    assertThat(first.checks).as("the old instance is no longer probed").hasValue(2);
    assertThat(tree.reports).as("2 + 2 failures on different instances are not 3 in a row").isEmpty();
    tree.advance(PERIOD);
    assertThat(tree.reports).containsExactly(new FakeTree.Report("app/db", 2, "liveness failed 3/3: bad"));
  }

  @Test
  void aStoppedOrExitedInstanceIsNotProbedAndNotReady() {
    start(readiness(1, true));
    Db db = new Db();
    tree.started("app/db", 1, db);
    tree.advance(Duration.ZERO);
    assertThat(monitor.component("app/db").ready()).isTrue();

    tree.exited("app/db", 1, "java.io.IOException: socket closed");
    tree.advance(PERIOD.multipliedBy(3));
    assertThat(db.checks).hasValue(1);
    ComponentHealth h = monitor.component("app/db");
    assertThat(h.running()).isFalse();
    assertThat(h.message()).isEqualTo("not ready: instance 1 exited: java.io.IOException: socket closed");

    tree.stopped("app/db", 0); // an event about another instance changes nothing
    Db next = new Db();
    tree.started("app/db", 2, next);
    tree.advance(Duration.ZERO);
    assertThat(monitor.component("app/db").ready()).isTrue();
    tree.stopped("app/db", 2);
    assertThat(monitor.component("app/db").message()).isEqualTo("not ready: instance 2 stopped (shutdown)");
  }

  @Test
  void stopCancelsEverySchedule() {
    start(liveness(Duration.ZERO), readiness(1, true));
    Db db = new Db();
    tree.started("app/db", 1, db);
    tree.advance(Duration.ZERO);
    assertThat(db.checks).hasValue(2);
    monitor.stop();
    tree.advance(PERIOD.multipliedBy(5));
    assertThat(db.checks).hasValue(2);
    tree.started("app/db", 2, db);
    tree.advance(PERIOD);
    assertThat(db.checks).hasValue(2);
    assertThat(tree.scheduler.pending()).isZero();
  }

  @Test
  void readinessOrderOfChecksAndProcessLiveness() {
    start(readiness(1, true));
    tree.started("app/db", 1, new Db());
    tree.advance(Duration.ZERO);
    ProcessHealth r = monitor.health(ProbeKind.READINESS);
    List<String> names = new ArrayList<>();
    r.checks().forEach(c -> names.add(c.name()));
    assertThat(names).containsExactly("supervisor-tree", "app/db");
    assertThat(monitor.health(ProbeKind.LIVENESS).status()).isEqualTo(HealthStatus.UP);

    tree.failed = true;
    ProcessHealth live = monitor.health(ProbeKind.LIVENESS);
    assertThat(live.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(live.checks().get(0).message())
        .isEqualTo("root supervisor failed: root supervisor 'app' gave up: too many restarts");
  }
}
