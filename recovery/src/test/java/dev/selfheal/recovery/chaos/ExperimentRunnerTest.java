package dev.selfheal.recovery.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.Journal;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's figures on a manual clock: a fake service whose crash is decided 2 ms after the fault and
 * that serves again 7 ms after it, under 1,000 requests per second. Every number is exact.
 */
class ExperimentRunnerTest {
  private static final Actor ANA = Actor.operator("ana");
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final Journal journal = Journal.builder().capacity(4).build(); // smaller than a run: counts must not read the tail
  private volatile boolean up = true;

  private final FaultInjector faults = FaultInjector.builder("app/svc").journal(journal).scheduler(scheduler)
      .crashAction((injection, report) -> {
        up = false;
        scheduler.schedule(() -> journal.append("app/svc", "child.restart", report.reason(), "restart 'svc'",
            Actor.automatic(), Duration.ZERO), Duration.ofMillis(2).toNanos());
        scheduler.schedule(() -> up = true, Duration.ofMillis(7).toNanos());
      })
      .build();

  private final LoadGenerator load = LoadGenerator.builder("test", () -> {
    if (!up) {
      throw new IllegalStateException("svc is down");
    }
    return "ok";
  }).ratePerSecond(1000).deadline(Duration.ofMillis(50)).clock(ticker, scheduler, Runnable::run).build();

  private final ExperimentRunner runner = ExperimentRunner.builder(journal).ticker(ticker)
      .pause(nanos -> scheduler.advance(Duration.ofNanos(nanos))).pollInterval(Duration.ofNanos(100_000))
      .load(load).build();

  @AfterEach
  void stop() {
    load.stop();
  }

  private Experiment.Builder crash() {
    return Experiment.builder("crash svc")
        .inject(() -> faults.inject(FaultSpec.builder(Fault.crash()).trigger(FaultTrigger.now()).build(), ANA))
        .serving(() -> up);
  }

  @Test
  void measuresDetectionRecoveryHealingAndEveryFailedRequest() {
    load.start();
    scheduler.advance(Duration.ofNanos(500_000)); // faults fall between two sends
    ExperimentResult r = runner.run(crash().repetitions(3).settle(Duration.ofMillis(10)).build());

    assertThat(r.runs()).hasSize(3).allSatisfy(run -> {
      assertThat(run.detectionNanos()).isEqualTo(2_000_000);
      assertThat(run.recoveryNanos()).isEqualTo(7_000_000);
      assertThat(run.note()).isEmpty();
      assertThat(run.faultId()).matches("fault-\\d+");
    });
    assertThat(r.detection()).isEqualTo(new ExperimentResult.Stats(3, Duration.ofMillis(2), Duration.ofMillis(2),
        Duration.ofMillis(2), Duration.ofMillis(2)));
    assertThat(r.recovery().p99()).isEqualTo(Duration.ofMillis(7));
    assertThat(r.restarts()).isEqualTo(3);
    assertThat(r.actions()).containsEntry("child.restart app/svc: restart 'svc'", 3)
        .containsEntry("fault.fired app/svc: fault-N fired (crash) on call n", 3);
    // 3 × (7 ms down + 10 ms settle) + the 50 ms drain = 101 ms at one request per ms; 7 fail per fault
    assertThat(r.elapsed()).isEqualTo(Duration.ofMillis(101));
    assertThat(r.load()).isEqualTo(new LoadGenerator.Counts(101, 80, 21, 0));
    assertThat(r.requestsLost()).isEqualTo(21);
    assertThat(r.failures()).hasSize(21).allSatisfy(f -> {
      assertThat(f.outcome()).isEqualTo(LoadGenerator.Outcome.FAILED);
      assertThat(f.detail()).contains("svc is down");
    });
    assertThat(r.describe(2)).contains("detection (fault -> first healing decision): "
        + "p50 2.000 ms, p99 2.000 ms, p99.9 2.000 ms, max 2.000 ms (n=3)", "  ... and 19 more failed or lost requests");
  }

  @Test
  void aServedAtStamp_endsTheRecovery_whenItLiesBetweenTheFaultAndTheCheck() {
    // the service stamps when it served again: 4.25 ms after the fault, before the 100 µs poll saw it (7 ms)
    java.util.concurrent.atomic.AtomicLong firedAt = new java.util.concurrent.atomic.AtomicLong();
    AutoCloseable sub = journal.subscribe(rec -> {
      if (rec.kind().equals(FaultRecordKind.FIRED.wire())) {
        firedAt.set(ticker.read());
      }
    });
    ExperimentResult stamped = runner.run(crash().servedAt(() -> firedAt.get() + 4_250_000).build());
    assertThat(stamped.runs()).singleElement().satisfies(run -> assertThat(run.recoveryNanos()).isEqualTo(4_250_000));

    // a stamp after the check (a clock mix-up) or at or before the fault (the old instance) is not believed
    ExperimentResult late = runner.run(crash().servedAt(() -> firedAt.get() + 9_000_000).build());
    assertThat(late.runs()).singleElement().satisfies(run -> assertThat(run.recoveryNanos()).isEqualTo(7_000_000));
    ExperimentResult early = runner.run(crash().servedAt(() -> firedAt.get()).build());
    assertThat(early.runs()).singleElement().satisfies(run -> assertThat(run.recoveryNanos()).isEqualTo(7_000_000));
    closeQuietly(sub);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aFaultThatNothingHeals_isReportedNotDetected() {
    FaultInjector silent = FaultInjector.builder("app/other").journal(journal).crashAction((i, rep) -> {}).build();
    ExperimentResult r = runner.run(Experiment.builder("unnoticed")
        .inject(() -> silent.inject(FaultSpec.builder(Fault.crash()).trigger(FaultTrigger.now()).build(), ANA))
        .timeout(Duration.ofMillis(20)).build());
    assertThat(r.runs()).extracting(ExperimentResult.Run::note).containsExactly("no healing decision within PT0.02S");
    assertThat(r.recovered()).isZero();
    assertThat(r.detection().count()).isZero();
  }

  @Test
  void soak_countsRestartsAndBreakerOpenings_andLoad() {
    load.start();
    scheduler.advance(Duration.ofNanos(500_000));
    ExperimentResult quiet = runner.run(Experiment.builder("soak").soak(Duration.ofSeconds(1)).build());
    assertThat(quiet.restarts()).isZero();
    assertThat(quiet.breakerOpenings()).isZero();
    assertThat(quiet.actions()).isEmpty();
    assertThat(quiet.load()).isEqualTo(new LoadGenerator.Counts(1050, 1050, 0, 0));

    scheduler.schedule(() -> journal.append("payments", "circuit.transition", "failure rate 60%", "CLOSED -> OPEN",
        Actor.automatic(), Duration.ZERO), Duration.ofMillis(10).toNanos());
    ExperimentResult noisy = runner.run(Experiment.builder("soak").soak(Duration.ofSeconds(1)).build());
    assertThat(noisy.breakerOpenings()).isEqualTo(1);
    assertThat(ExperimentResult.table(List.of(quiet, noisy))).contains("soak").hasLineCount(3);
  }

  @Test
  void aRequestAnsweredAfterItsDeadline_isLost() {
    LoadGenerator slow = LoadGenerator.builder("slow", () -> ticker.advanceNanos(Duration.ofMillis(60).toNanos()))
        .ratePerSecond(10).deadline(Duration.ofMillis(50)).clock(ticker, scheduler, Runnable::run).build();
    slow.start();
    scheduler.advance(Duration.ofMillis(1));
    slow.stop();
    assertThat(slow.counts()).isEqualTo(new LoadGenerator.Counts(1, 0, 0, 1));
    assertThat(slow.late()).isEqualTo(1);
    assertThat(slow.failures(0)).singleElement().satisfies(f -> {
      assertThat(f.outcome()).isEqualTo(LoadGenerator.Outcome.LOST);
      assertThat(f.detail()).isEqualTo("answered after the 50ms deadline");
    });
  }
}
