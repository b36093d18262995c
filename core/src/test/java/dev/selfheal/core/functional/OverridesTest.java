package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Harness;
import dev.selfheal.core.HealingOverride;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.event.SupervisorEvent.HealingDecision;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Overrides with a reason and an expiry: suspend per child and per subtree, pause and dry-run, on the manual clock. */
class OverridesTest {
  private static final Actor ALICE = Actor.operator("alice");
  private static final Duration HOUR = Duration.ofHours(1);
  private final Lifecycle lc = new Lifecycle();

  /** A worker whose first instance crashes when {@code crash} opens; later ones run until stopped. */
  private static ChildSpec.Builder crashingWorker(String id, CountDownLatch crash, AtomicInteger runs) {
    return ChildSpec.worker(id, () -> ctx -> {
      if (runs.incrementAndGet() == 1) {
        crash.await();
        throw new IllegalStateException("disk full");
      }
      while (!ctx.stopRequested()) {
        LockSupport.parkNanos(1_000_000);
      }
    });
  }

  @Test
  void a_suspended_childs_failures_are_recorded_not_acted_on_not_counted_and_the_suspension_expires() {
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(0, HOUR).child(lc.service("a")).build();
    try (Harness h = new Harness(spec).start()) {
      h.tree.suspend("sup/a", ALICE, "db migration", Duration.ofMinutes(10));
      assertThat(h.records("operator.suspend")).singleElement().satisfies(r -> {
        assertThat(r.cause()).isEqualTo("db migration");
        assertThat(r.actor()).isEqualTo(ALICE);
        assertThat(r.decision()).contains("expires after PT10M");
      });
      await().atMost(10, TimeUnit.SECONDS).until(() -> !h.node("sup/a").overrides().isEmpty());
      assertThat(h.node("sup/a").overrides()).singleElement().satisfies(o -> {
        assertThat(o.kind()).isEqualTo(HealingOverride.Kind.SUSPEND);
        assertThat(o.reason()).isEqualTo("db migration");
        assertThat(o.expiresAt()).isNotNull();
      });
      for (int i = 0; i < 3; i++) {
        h.tree.reportFailure("sup/a", 1, "boom " + i);
      }
      await().atMost(10, TimeUnit.SECONDS).until(() -> h.records("child.suspended-failure").size() == 3);
      assertThat(h.records("child.suspended-failure").get(0).decision())
          .isEqualTo("healing suspended on 'sup/a' by operator:alice (db migration): failure recorded, not acted on, "
              + "not counted");
      assertThat(h.node("sup/a").lastFailure()).isEqualTo("boom 2");
      assertThat(h.node("sup/a").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.generation("sup/a")).isEqualTo(1);
      assertThat(h.node("sup").restartsInWindow()).isZero();
      assertThat(h.tree.failed()).as("intensity 0, and nothing counted").isFalse();
      assertThat(lc.events()).containsExactly("start:a");

      h.advance(Duration.ofMinutes(10)); // the expiry is a signal to the root, decided on its actor
      await().atMost(10, TimeUnit.SECONDS).until(() -> h.tree.overrides().isEmpty());
      assertThat(h.records("override.expired")).singleElement().satisfies(r -> {
        assertThat(r.path()).isEqualTo("sup/a");
        assertThat(r.cause()).isEqualTo("db migration");
        assertThat(r.actor()).isEqualTo(Actor.automatic());
        assertThat(r.decision()).startsWith("suspend set by operator:alice expired");
      });
      assertThat(h.tree.overrides()).isEmpty();
      await().atMost(10, TimeUnit.SECONDS).until(() -> h.node("sup/a").overrides().isEmpty());
      h.crash("sup/a"); // healing is back: intensity 0 escalates at once
      h.awaitTreeFailed();
    }
  }

  @Test
  void a_subtree_suspension_holds_a_crashed_worker_failed_until_it_is_lifted() {
    CountDownLatch crash = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    SupervisorSpec sub = SupervisorSpec.builder("sub").intensity(0, HOUR).child(crashingWorker("w", crash, runs))
        .build();
    SupervisorSpec root = SupervisorSpec.builder("root").intensity(0, HOUR).child(ChildSpec.supervisor(sub)).build();
    try (Harness h = new Harness(root).start()) {
      h.tree.suspend("root/sub", ALICE, "investigating", null);
      crash.countDown();
      h.awaitState("root/sub/w", ChildState.FAILED);
      assertThat(h.records("child.suspended-failure")).singleElement()
          .satisfies(r -> assertThat(r.path()).isEqualTo("root/sub/w"));
      assertThat(h.tree.overrides()).extracting(HealingOverride::path).containsExactly("root/sub");

      h.tree.liftSuspension("root/sub", ALICE);
      // decided now: intensity 0 in sub escalates, root (intensity 0) gives up too
      h.awaitTreeFailed();
      assertThat(h.records("supervisor.escalate")).extracting(JournalRecord::path).containsExactly("root/sub", "root");
      assertThat(h.records("operator.suspend")).extracting(JournalRecord::decision)
          .anySatisfy(d -> assertThat(d).startsWith("suspension lifted"));
    }
  }

  @Test
  void a_pause_with_an_expiry_lifts_itself_and_the_deferred_failure_is_decided() {
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(3, HOUR).child(lc.service("a")).build();
    try (Harness h = new Harness(spec).start()) {
      h.tree.pause(ALICE, "incident 42", Duration.ofMinutes(5));
      await().atMost(10, TimeUnit.SECONDS).until(() -> !h.node("sup").overrides().isEmpty());
      assertThat(h.node("sup").overrides()).extracting(HealingOverride::kind).containsExactly(HealingOverride.Kind.PAUSE);
      h.crash("sup/a");
      h.awaitState("sup/a", ChildState.FAILED);
      h.advance(Duration.ofMinutes(5));
      h.awaitRunning("sup/a", 2);
      assertThat(h.tree.paused()).isFalse();
      assertThat(h.records("override.expired")).singleElement()
          .satisfies(r -> assertThat(r.decision()).startsWith("pause set by operator:alice expired"));
      assertThat(h.records("child.restart")).hasSize(1);
    }
  }

  @Test
  void a_dry_run_with_an_expiry_ends_by_itself_and_decides_the_failed_children() {
    CountDownLatch crash = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(3, HOUR).child(crashingWorker("w", crash, runs))
        .build();
    try (Harness h = new Harness(spec).start()) {
      h.tree.dryRun(true, ALICE, "policy rollout", Duration.ofMinutes(1));
      crash.countDown();
      h.awaitState("sup/w", ChildState.FAILED);
      h.advance(Duration.ofMinutes(1));
      h.awaitRunning("sup/w", 2);
      assertThat(h.tree.dryRun()).isFalse();
      assertThat(h.records("child.restart")).extracting(JournalRecord::decision)
          .containsExactly("would restart 'w' (dry-run)", "restart 'w'");
    }
  }

  @Test
  void a_replaced_override_ignores_its_old_expiry_and_every_operator_signal_is_a_typed_decision_with_its_actor() {
    Actor bob = Actor.operator("bob");
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(3, HOUR).child(lc.service("a")).build();
    try (Harness h = new Harness(spec, b -> b.actorExecutor(Runnable::run)).start()) {
      List<HealingDecision> decided = new CopyOnWriteArrayList<>();
      h.tree.events().subscribe(HealingDecision.class, decided::add);
      h.tree.pause(ALICE, "first", Duration.ofMinutes(5));
      h.tree.pause(bob, "second", Duration.ofMinutes(10)); // replaces the first, and its expiry
      h.advance(Duration.ofMinutes(5));
      assertThat(h.tree.paused()).as("the first pause's expiry finds it replaced").isTrue();
      assertThat(h.records("override.expired")).isEmpty();
      h.advance(Duration.ofMinutes(5));
      assertThat(h.tree.paused()).isFalse();
      assertThat(h.records("override.expired")).singleElement().satisfies(r -> {
        assertThat(r.cause()).isEqualTo("second");
        assertThat(r.decision()).startsWith("pause set by operator:bob expired");
      });
      assertThat(h.tree.stopChild("sup/a", ALICE).join()).isEqualTo(ChildOutcome.OK);
      assertThat(h.tree.deleteChild("sup/a", bob).join()).isEqualTo(ChildOutcome.OK);
      assertThat(h.tree.restartChild("sup/a", bob).join()).as("OTP's answer: nothing done")
          .isEqualTo(ChildOutcome.NOT_FOUND);
      assertThat(decided).extracting(HealingDecision::kind, HealingDecision::mode, HealingDecision::actor)
          .containsExactly(
              tuple(HealingDecision.Kind.OVERRIDE_SET, HealingDecision.Mode.LIVE, ALICE),
              tuple(HealingDecision.Kind.OVERRIDE_SET, HealingDecision.Mode.LIVE, bob),
              tuple(HealingDecision.Kind.OVERRIDE_EXPIRED, HealingDecision.Mode.LIVE, Actor.automatic()),
              tuple(HealingDecision.Kind.STOP, HealingDecision.Mode.LIVE, ALICE),
              tuple(HealingDecision.Kind.DELETE, HealingDecision.Mode.LIVE, bob));
      assertThat(decided).extracting(HealingDecision::path).containsExactly("sup", "sup", "sup", "sup/a", "sup/a");
    }
  }

  /** A pause asked for from the root's own actor (a listener) is decided right after, never waited for there. */
  @Test
  void an_override_set_from_inside_the_roots_own_message_does_not_wait_for_itself() {
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(3, HOUR).child(lc.service("a"))
        .child(lc.service("b")).build();
    try (Harness h = new Harness(spec, b -> b.actorExecutor(Runnable::run)).start()) {
      h.tree.events().subscribe(dev.selfheal.core.event.SupervisorEvent.ChildRestarting.class,
          e -> h.tree.pause(ALICE, "storm brake", null)); // on the root's actor, inside the restart decision
      h.crash("sup/a"); // decided on this thread: restart, then the pause
      assertThat(h.tree.paused()).isTrue();
      assertThat(h.generation("sup/a")).isEqualTo(2);
      h.crash("sup/b");
      assertThat(h.node("sup/b").state()).as("deferred by the pause").isEqualTo(ChildState.FAILED);
      assertThat(h.records("operator.pause")).singleElement()
          .satisfies(r -> assertThat(r.cause()).isEqualTo("storm brake"));
    }
  }

  /**
   * A listener on a nested supervisor's actor pauses healing while the root waits for that supervisor's
   * init: waiting there for the root would wait forever; the pause is decided once the root is free.
   */
  @Test
  void an_override_set_from_a_nested_supervisors_message_while_the_root_waits_for_it_does_not_deadlock() {
    SupervisorSpec sub = SupervisorSpec.builder("sub").child(lc.service("x")).build();
    SupervisorSpec root = SupervisorSpec.builder("root").child(ChildSpec.supervisor(sub)).build();
    try (Harness h = new Harness(root)) {
      h.tree.events().subscribe(dev.selfheal.core.event.SupervisorEvent.ChildStarted.class, e -> {
        if (e.path().equals("root/sub/x")) {
          h.tree.pause(ALICE, "hold on", null); // on sub's actor, while the root waits in sub's init
        }
      });
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> h.start());
      await().atMost(10, TimeUnit.SECONDS).until(h.tree::paused);
      assertThat(h.records("operator.pause")).singleElement()
          .satisfies(r -> assertThat(r.cause()).isEqualTo("hold on"));
    }
  }

  @Test
  void overrides_are_validated_naming_the_field_and_the_value() {
    try (Harness h = new Harness(SupervisorSpec.builder("sup").child(lc.service("a")).build()).start()) {
      assertThatThrownBy(() -> h.tree.suspend("sup/a", ALICE, "x", Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiresAfter").hasMessageContaining("PT0S");
      assertThatThrownBy(() -> h.tree.suspend("sup/nope", ALICE, "x", null))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path").hasMessageContaining("sup/nope");
      assertThatThrownBy(() -> h.tree.pause(ALICE, null, null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("reason");
      assertThat(h.tree.overrides()).isEmpty();
    }
  }
}
