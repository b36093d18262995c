package dev.selfheal.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.spi.ManualScheduler;
import dev.selfheal.core.spi.ManualTicker;
import dev.selfheal.probes.ProbeConfig;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProbeSpec;
import dev.selfheal.probes.internal.RunSlot.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run ends exactly once, and a run that timed out keeps the slot until its thread returns. */
class RunSlotTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final List<Run> timedOut = new ArrayList<>();
  private final RunSlot slot = new RunSlot();

  private Run begin() {
    return slot.begin(1, "instance", ticker.read(), scheduler, Duration.ofMillis(50).toNanos(), run -> {
      if (slot.timeOut(run)) {
        timedOut.add(run);
      }
    });
  }

  @Test
  void aCompletedRunFreesTheSlotAndCancelsItsTimeout() {
    Run run = begin();
    assertThat(slot.claim(run, Thread.currentThread())).isTrue();
    assertThat(slot.returned(run)).isFalse();
    assertThat(slot.complete(run)).isTrue();
    assertThat(slot.occupied()).isFalse();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(timedOut).isEmpty();
  }

  @Test
  void aTimedOutRunIsInterruptedAndHoldsTheSlotUntilItsThreadReturns() {
    Run run = begin();
    slot.claim(run, Thread.currentThread());
    scheduler.advance(Duration.ofMillis(50));
    assertThat(timedOut).containsExactly(run);
    assertThat(Thread.interrupted()).as("the run's thread was interrupted").isTrue();
    assertThat(slot.stuckFor(1)).isTrue();
    assertThat(slot.stuckFor(2)).as("only for the epoch it was started in").isFalse();

    assertThat(slot.returned(run)).as("the interrupt was ours").isTrue();
    assertThat(slot.complete(run)).as("the late result is not a second ending").isFalse();
    assertThat(slot.occupied()).isFalse();
  }

  @Test
  void aRunThatTimedOutWhileQueuedNeverStarts() {
    Run run = begin();
    scheduler.advance(Duration.ofMillis(50));
    assertThat(slot.claim(run, Thread.currentThread())).isFalse();
    assertThat(slot.occupied()).isFalse();
    assertThat(Thread.interrupted()).as("no thread was bound, none interrupted").isFalse();
  }

  @Test
  void abortEndsTheRunAndItsTimeoutAndTheTick() {
    List<String> ticks = new ArrayList<>();
    slot.scheduleTick(scheduler, () -> ticks.add("tick"), Duration.ofMillis(10).toNanos());
    Run run = begin();
    slot.abort();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(ticks).isEmpty();
    assertThat(timedOut).isEmpty();
    assertThat(slot.complete(run)).isFalse();
  }

  @Test
  void oneRunAtATime() {
    begin();
    assertThatThrownBy(this::begin).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void checkTurnsEveryOutcomeIntoAResult() {
    ProbeConfig config = ProbeConfig.ofDefaults(ProbeKind.LIVENESS);
    assertThat(RunSlot.check(ProbeSpec.of("app/x", String.class, config, s -> null).build(), "x").message())
        .isEqualTo("probe returned null");
    assertThat(RunSlot.check(ProbeSpec.of("app/x", String.class, config, s -> {
      throw new IllegalStateException("boom");
    }).build(), "x").message()).isEqualTo("threw java.lang.IllegalStateException: boom");
    assertThat(RunSlot.check(ProbeSpec.of("app/x", Integer.class, config, i -> ProbeResult.up()).build(), "x").message())
        .isEqualTo("instance is java.lang.String, not a java.lang.Integer");
    assertThat(RunSlot.check(ProbeSpec.of("app/x", String.class, config, s -> ProbeResult.up()).build(), "x").passed()).isTrue();
  }
}
