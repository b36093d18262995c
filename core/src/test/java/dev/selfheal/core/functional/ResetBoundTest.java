package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.Recoverable;
import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.RecoveryPlan.Action;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A plan's reset in place is bounded: {@code recover()} runs off the supervisor's thread, a hung one times
 * out on the manual clock (interrupted, abandoned), a throwing one fails the step, and the ladder goes on.
 */
class ResetBoundTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final Lifecycle lc = new Lifecycle();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicReference<String> thread = new AtomicReference<>();
  private final AtomicInteger interrupted = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();

  /** What recover() does: hang on the latch (until interrupted), throw, or return. */
  private enum Mode { HANG, THROW, RETURN }

  private ChildSpec.Builder resettable(String id, Mode mode) {
    return ChildSpec.service(id, ctx -> new Svc(mode));
  }

  private final class Svc implements Component, Recoverable {
    private final Mode mode;

    Svc(Mode mode) {
      this.mode = mode;
    }

    @Override
    public void start() {}

    @Override
    public void recover() throws Exception {
      thread.set(Thread.currentThread().getName());
      resets.incrementAndGet();
      entered.countDown();
      switch (mode) {
        case HANG -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
        }
        case THROW -> throw new IllegalStateException("cannot reconnect");
        case RETURN -> { }
      }
    }
  }

  private static RecoveryPlan resetThenRestart() {
    return RecoveryPlan.builder().step(RecoveryPlan.step(Action.RESET).budget(5, HOUR).timeout(TIMEOUT))
        .step(RecoveryPlan.step(Action.RESTART).budget(5, HOUR)).build();
  }

  private Harness deterministic(Mode mode) {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, HOUR).child(lc.service("other"))
        .child(resettable("db", mode).plan(resetThenRestart())).build();
    return new Harness(spec, t -> t.actorExecutor(Runnable::run));
  }

  @Test
  void a_hung_recover_does_not_block_the_supervisor_and_times_out_as_a_failed_step() throws Exception {
    try (Harness h = deterministic(Mode.HANG).start()) {
      h.crash("app/db");
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(thread.get()).startsWith("selfheal-lifecycle-");
      // the supervisor answers while recover() hangs, and the instance keeps serving
      assertThat(h.tree.stopChild("app/other", Actor.operator("alice")).get(10, TimeUnit.SECONDS))
          .isEqualTo(ChildOutcome.OK);
      assertThat(h.node("app/db").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.tree.currentInstance("app/db")).isPresent();
      h.crash("app/db"); // a second failure meanwhile: no second reset runs beside the first
      assertThat(h.generation("app/db")).isEqualTo(2);
      assertThat(resets).hasValue(1);
      assertThat(h.records("child.plan-step")).extracting(JournalRecord::decision).containsExactly(
          "plan step 1: RESET", "plan step 2: RESTART (step 1 no instance to reset)");
    }
  }

  @Test
  void past_its_timeout_a_hung_recover_is_interrupted_journaled_and_the_ladder_goes_on() throws Exception {
    try (Harness h = deterministic(Mode.HANG).start()) {
      h.crash("app/db");
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      h.advance(TIMEOUT.minusMillis(1));
      assertThat(h.records("child.reset-failed")).isEmpty();
      h.advance(Duration.ofMillis(1));
      assertThat(h.records("child.reset-failed")).singleElement().satisfies(r -> {
        assertThat(r.cause()).isEqualTo("recover() did not return within PT2S");
        assertThat(r.decision()).isEqualTo("reset failed: interrupted and abandoned; the plan goes on");
        assertThat(r.evidence()).containsEntry("step", "1").containsEntry("timeout", "PT2S")
            .containsEntry("generation", "1");
      });
      assertThat(h.generation("app/db")).as("the next step restarted it").isEqualTo(2);
      assertThat(h.records("child.plan-step")).extracting(JournalRecord::decision).containsExactly(
          "plan step 1: RESET", "plan step 2: RESTART (step 1 failed: recover() timed out)");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(interrupted).hasValue(1));
      assertThat(h.tree.failed()).isFalse();
    }
  }

  @Test
  void a_recover_that_throws_fails_its_step_at_once_whatever_the_deadline() {
    try (Harness h = deterministic(Mode.THROW).start()) {
      h.crash("app/db");
      await().atMost(Duration.ofSeconds(10)).until(() -> h.generation("app/db") == 2);
      assertThat(h.records("child.reset-failed")).singleElement().satisfies(r -> {
        assertThat(r.cause()).isEqualTo("recover() failed: java.lang.IllegalStateException: cannot reconnect");
        assertThat(r.decision()).isEqualTo("reset failed; the plan goes on");
      });
      assertThat(h.records("child.plan-step")).extracting(JournalRecord::decision).containsExactly(
          "plan step 1: RESET", "plan step 2: RESTART (step 1 failed: recover() threw)");
    }
  }

  @Test
  void a_recover_that_returns_leaves_the_instance_serving_and_its_timer_does_nothing() throws Exception {
    try (Harness h = deterministic(Mode.RETURN).start()) {
      h.crash("app/db");
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      // the end of the reset comes back to the supervisor as a message of its own; wait for it
      await().atMost(Duration.ofSeconds(10)).until(() -> h.scheduler.pending() == 0); // its timer cancelled
      h.advance(TIMEOUT.multipliedBy(2));
      assertThat(h.records("child.reset-failed")).isEmpty();
      assertThat(h.generation("app/db")).isEqualTo(1);
      h.crash("app/db"); // the reset ended: the next failure may reset again
      await().atMost(Duration.ofSeconds(10)).until(() -> resets.get() == 2);
    }
  }

  @Test
  void the_timeout_is_validated_and_belongs_to_reset_steps_only() {
    assertThatThrownBy(() -> RecoveryPlan.builder().step(RecoveryPlan.step(Action.RESET).timeout(Duration.ZERO))
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 1 (RESET): timeout must be > 0, was PT0S");
    assertThatThrownBy(() -> RecoveryPlan.builder().step(RecoveryPlan.step(Action.RESTART).timeout(TIMEOUT))
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 1 (RESTART): timeout applies only to RESET, was PT2S");
    assertThat(RecoveryPlan.builder().step(RecoveryPlan.step(Action.RESET)).build().steps().get(0).timeout())
        .as("default").isEqualTo(Duration.ofSeconds(5));
  }
}
