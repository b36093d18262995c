package dev.selfheal.recovery.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.FailureReport;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.Fallback;
import dev.selfheal.recovery.Pipeline;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a caller and an operator observe of fault injection: the call's outcome and the journal. */
class FaultInjectorTest {
  private static final Actor ANA = Actor.operator("ana");

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final Journal journal = Journal.inMemory();
  private final AtomicInteger served = new AtomicInteger();
  private final Supplier<String> call = () -> "ok " + served.incrementAndGet();

  private FaultInjector.Builder injector() {
    return FaultInjector.builder("payments").journal(journal).scheduler(scheduler);
  }

  private List<String> kinds() {
    return journal.tail().stream().map(JournalRecord::kind).collect(Collectors.toList());
  }

  private static String outcome(FaultInjector f, Supplier<String> s) {
    try {
      return f.get(s);
    } catch (InjectedFaultException e) {
      return "failed " + e.faultId();
    }
  }

  @Test
  void offByDefault_callsRunAndNothingIsJournaled() {
    FaultInjector faults = injector().build();
    assertThat(faults.get(call)).isEqualTo("ok 1");
    assertThat(faults.active()).isEmpty();
    assertThat(journal.lastSequence()).isZero();
  }

  @Test
  void exceptionFault_failsCallsUntilCleared_andJournalsArmFirstFireAndClear() {
    FaultInjector faults = injector().build();
    FaultInjection f = faults.inject(FaultSpec.of(Fault.exception("gateway 503")), ANA);
    assertThat(f.id()).matches("fault-\\d+");
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> faults.get(call)).isInstanceOf(InjectedFaultException.class)
          .hasMessage(f.id() + ": gateway 503");
    }
    assertThat(served).hasValue(0);
    assertThat(faults.clear(ANA)).isTrue();
    assertThat(faults.get(call)).isEqualTo("ok 1");
    assertThat(kinds()).containsExactly("fault.armed", "fault.fired", "fault.cleared");
    JournalRecord cleared = journal.tail().get(2);
    assertThat(cleared.decision()).isEqualTo(f.id() + " cleared: fired 3 of 3 calls");
    assertThat(cleared.actor()).isEqualTo(ANA);
    assertThat(journal.tail()).allSatisfy(r -> assertThat(FaultRecordKind.faultId(r)).contains(f.id()));
    assertThat(f.state()).isEqualTo(FaultInjection.State.CLEARED);
  }

  @Test
  void probabilityTrigger_firesWhenTheInjectedSampleIsBelowP() {
    double[] samples = {0.1, 0.5, 0.05, 0.9};
    AtomicInteger i = new AtomicInteger();
    FaultInjector faults = injector().random(() -> samples[i.getAndIncrement()]).build();
    FaultInjection f = faults.inject(FaultSpec.builder(Fault.exception("x")).trigger(FaultTrigger.probability(0.2))
        .build(), ANA);
    List<String> outcomes = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      outcomes.add(outcome(faults, call));
    }
    assertThat(outcomes).containsExactly("failed " + f.id(), "ok 1", "failed " + f.id(), "ok 2");
    assertThat(f.fired()).isEqualTo(2);
    assertThat(f.calls()).isEqualTo(4);
  }

  @Test
  void everyNthAndFirstCalls_countFromTheArming() {
    FaultInjector faults = injector().build();
    FaultInjection every = faults.inject(FaultSpec.builder(Fault.exception("x")).trigger(FaultTrigger.everyNth(3))
        .build(), ANA);
    List<String> outcomes = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      outcomes.add(outcome(faults, () -> "ok"));
    }
    assertThat(outcomes).containsExactly("ok", "ok", "failed " + every.id(), "ok", "ok", "failed " + every.id());

    FaultInjection first = faults.inject(FaultSpec.builder(Fault.exception("x")).trigger(FaultTrigger.firstCalls(2))
        .build(), ANA);
    assertThat(every.clearedBecause()).isEqualTo("replaced by " + first.id());
    outcomes.clear();
    for (int k = 0; k < 3; k++) {
      outcomes.add(outcome(faults, () -> "ok"));
    }
    assertThat(outcomes).containsExactly("failed " + first.id(), "failed " + first.id(), "ok");
    assertThat(first.state()).isEqualTo(FaultInjection.State.CLEARED);
    assertThat(first.clearedBecause()).startsWith("trigger exhausted");
    assertThat(faults.active()).isEmpty();
  }

  @Test
  void schedule_armsAfterTheDelayAndClearsAfterTheDuration_onTheInjectedScheduler() {
    FaultInjector faults = injector().build();
    FaultInjection f = faults.inject(FaultSpec.builder(Fault.exception("x")).startAfter(Duration.ofSeconds(1))
        .duration(Duration.ofSeconds(2)).build(), ANA);
    assertThat(f.state()).isEqualTo(FaultInjection.State.SCHEDULED);
    assertThat(outcome(faults, () -> "ok")).isEqualTo("ok");
    scheduler.advance(Duration.ofMillis(999));
    assertThat(outcome(faults, () -> "ok")).isEqualTo("ok");
    scheduler.advance(Duration.ofMillis(1));
    assertThat(outcome(faults, () -> "ok")).isEqualTo("failed " + f.id());
    scheduler.advance(Duration.ofMillis(1999));
    assertThat(outcome(faults, () -> "ok")).isEqualTo("failed " + f.id());
    scheduler.advance(Duration.ofMillis(1));
    assertThat(outcome(faults, () -> "ok")).isEqualTo("ok");
    assertThat(kinds()).containsExactly("fault.scheduled", "fault.armed", "fault.fired", "fault.cleared");
    assertThat(f.clearedBecause()).isEqualTo("duration 2000ms over");
  }

  @Test
  void clearingAScheduledFault_cancelsItsArming() {
    FaultInjector faults = injector().build();
    FaultInjection f = faults.inject(FaultSpec.builder(Fault.exception("x")).startAfter(Duration.ofSeconds(1))
        .build(), ANA);
    assertThat(f.clear(ANA)).isTrue();
    assertThat(f.clear(ANA)).as("idempotent").isFalse();
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(outcome(faults, () -> "ok")).isEqualTo("ok");
    assertThat(kinds()).containsExactly("fault.scheduled", "fault.cleared");
  }

  @Test
  void latency_waitsThroughTheSleeperThenRuns() {
    List<Long> slept = new ArrayList<>();
    FaultInjector faults = injector().sleeper(n -> {
      slept.add(n);
      ticker.advanceNanos(n);
    }).build();
    faults.inject(FaultSpec.of(Fault.latency(Duration.ofMillis(250))), ANA);
    long before = ticker.read();
    assertThat(faults.get(call)).isEqualTo("ok 1");
    assertThat(ticker.read() - before).isEqualTo(Duration.ofMillis(250).toNanos());
    assertThat(slept).containsExactly(250_000_000L);
  }

  @Test
  void interruptedLatency_failsTheCallAndKeepsTheFlag() {
    FaultInjector faults = injector().sleeper(n -> {
      throw new InterruptedException();
    }).build();
    faults.inject(FaultSpec.of(Fault.latency(Duration.ofMillis(5))), ANA);
    assertThatThrownBy(() -> faults.get(call)).isInstanceOf(InjectedFaultException.class)
        .hasMessageContaining("interrupted");
    assertThat(Thread.interrupted()).isTrue();
    assertThat(served).hasValue(0);
  }

  @Test
  void hang_blocksTheCallUntilTheFaultIsCleared() {
    FaultInjector faults = injector().build();
    FaultInjection f = faults.inject(FaultSpec.of(Fault.hang()), ANA);
    CompletableFuture<String> hung = CompletableFuture.supplyAsync(() -> outcome(faults, call));
    await().until(() -> f.fired() == 1);
    assertThat(hung).isNotDone();
    f.clear(ANA);
    assertThat(hung.join()).isEqualTo("failed " + f.id());
    assertThat(served).hasValue(0);
    assertThat(faults.get(call)).isEqualTo("ok 1");
  }

  @Test
  void hang_endsWhenTheHungThreadIsInterrupted() throws Exception {
    FaultInjector faults = injector().build();
    faults.inject(FaultSpec.of(Fault.hang()), ANA);
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        result.set(faults.get(call));
      } catch (InjectedFaultException e) {
        result.set(e.getMessage() + " interrupted=" + Thread.currentThread().isInterrupted());
      }
    }, "selfheal-test-hung");
    t.start();
    await().until(() -> t.getState() == Thread.State.WAITING);
    t.interrupt();
    t.join(10_000);
    assertThat((String) result.get()).contains("interrupted while hung").endsWith("interrupted=true");
  }

  @Test
  void crash_runsTheCrashActionWithATraceableReport_andFailsTheCall() {
    List<FailureReport> reports = new ArrayList<>();
    FaultInjector faults = injector().crashAction((injection, report) -> reports.add(report)).build();
    FaultInjection f = faults.inject(FaultSpec.builder(Fault.crash()).trigger(FaultTrigger.firstCalls(2)).build(), ANA);
    assertThat(outcome(faults, call)).isEqualTo("failed " + f.id());
    assertThat(outcome(faults, call)).isEqualTo("failed " + f.id());
    assertThat(outcome(faults, call)).isEqualTo("ok 1");
    assertThat(reports).hasSize(2).allSatisfy(r -> {
      assertThat(r.source()).isEqualTo(FailureReport.Source.USER);
      assertThat(r.reason()).startsWith("chaos " + f.id() + ":");
      assertThat(r.evidence()).containsEntry("fault", f.id()).containsEntry("point", "payments");
    });
    assertThat(kinds()).as("every crash is journaled").containsExactly("fault.armed", "fault.fired", "fault.fired",
        "fault.cleared");
  }

  @Test
  void crashNow_firesAtTheArmingWithoutACall() {
    List<FailureReport> reports = new ArrayList<>();
    FaultInjector faults = injector().crashAction((injection, report) -> reports.add(report)).build();
    FaultInjection f = faults.inject(FaultSpec.builder(Fault.crash()).trigger(FaultTrigger.now()).build(), ANA);
    assertThat(reports).hasSize(1);
    assertThat(f.state()).isEqualTo(FaultInjection.State.CLEARED);
    assertThat(faults.get(call)).isEqualTo("ok 1");
  }

  @Test
  void crashWithoutACrashAction_isRefused() {
    FaultInjector faults = injector().build();
    assertThatThrownBy(() -> faults.inject(FaultSpec.of(Fault.crash()), ANA))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crash action");
    assertThatThrownBy(() -> FaultSpec.builder(Fault.hang()).trigger(FaultTrigger.now()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trigger now needs a crash");
  }

  @Test
  void insideAPipeline_theInjectorIsInnermost_soRetryAndFallbackSeeTheFault() {
    FaultInjector faults = injector().build();
    Retry retry = Retry.of("pay", RetryConfig.builder().maxAttempts(3).fixedBackoff(Duration.ZERO).build());
    Pipeline<String> pipeline = Pipeline.<String>builder().fallback(Fallback.ofValue("pending")).retry(retry).build();
    Supplier<String> guarded = faults.decorate(call);

    FaultInjection twice = faults.inject(FaultSpec.builder(Fault.exception("503"))
        .trigger(FaultTrigger.firstCalls(2)).build(), ANA);
    assertThat(pipeline.get(guarded)).as("the third attempt succeeds").isEqualTo("ok 1");
    assertThat(twice.fired()).isEqualTo(2);

    faults.inject(FaultSpec.of(Fault.exception("503")), ANA);
    assertThat(pipeline.get(guarded)).as("every attempt fails: the fallback answers").isEqualTo("pending");
  }
}
