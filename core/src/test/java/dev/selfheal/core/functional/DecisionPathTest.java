package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.Backoff;
import dev.selfheal.core.ChildCounts;
import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.FailureReport;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.RestartStrategy;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthStatus;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The decision path seen from outside: atomic restarts, published snapshots, containment, evidence. */
class DecisionPathTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Actor OP = Actor.operator("test");
  private final Lifecycle lc = new Lifecycle();

  @Test
  void on_a_deterministic_executor_a_restart_is_complete_when_the_report_returns() {
    SupervisorSpec spec = SupervisorSpec.builder("sup").strategy(RestartStrategy.ONE_FOR_ALL).intensity(2, HOUR)
        .child(lc.service("a")).child(lc.service("b")).build();
    try (Harness h = new Harness(spec, b -> b.actorExecutor(Runnable::run)).start()) {
      lc.clear();
      h.tree.reportFailure("sup/a", 1, FailureReport.of(FailureReport.Source.ANOMALY, "latency anomaly",
          Map.of("score", "0.97", "stream", "latency")));
      // no waiting: the drain ran on this thread, and the whole group restart happened in it
      assertThat(lc.events()).containsExactly("stop:a", "stop:b", "start:a", "start:b");
      assertThat(h.generation("sup/a")).isEqualTo(2);
      assertThat(h.generation("sup/b")).isEqualTo(2);
      assertThat(h.records("child.restart")).singleElement().satisfies(r -> {
        assertThat(r.cause()).isEqualTo("latency anomaly");
        assertThat(r.evidence()).containsEntry("source", "anomaly").containsEntry("score", "0.97");
        assertThat(r.toJson()).contains("\"evidence\":{\"score\":\"0.97\",\"source\":\"anomaly\",\"stream\":\"latency\"}");
      });
    }
  }

  @Test
  void on_a_deterministic_executor_an_escalation_climbs_and_is_healed_before_the_report_returns() {
    SupervisorSpec sub = SupervisorSpec.builder("sub").intensity(0, HOUR).child(lc.service("w")).build();
    SupervisorSpec root = SupervisorSpec.builder("root").intensity(3, HOUR).child(ChildSpec.supervisor(sub))
        .child(lc.service("other")).build();
    try (Harness h = new Harness(root, b -> b.actorExecutor(Runnable::run)).start()) {
      h.tree.reportFailure("root/sub/w", 1, "boom");
      assertThat(h.records("supervisor.escalate")).extracting(JournalRecord::path).containsExactly("root/sub");
      assertThat(h.node("root/sub").generation()).isEqualTo(2);
      assertThat(h.node("root/sub").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.node("root/sub/w").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.generation("root/other")).isEqualTo(1);
    }
  }

  /** Holds the supervisor busy in b's stop(), then crashes a, then queues {@code call}; returns its future. */
  private <T> CompletableFuture<T> queuedBehindACrash(Harness h, CountDownLatch release,
      java.util.function.Supplier<CompletableFuture<T>> call) {
    CompletableFuture<ChildOutcome> busy = h.tree.stopChild("sup/b", OP);
    await().atMost(10, TimeUnit.SECONDS).until(() -> lc.events().contains("stopping:b"));
    h.tree.reportFailure("sup/a", 1, "boom");
    CompletableFuture<T> f = call.get();
    release.countDown();
    busy.join();
    return f;
  }

  private SupervisorSpec aAndHangingB(RestartStrategy strategy, CountDownLatch release) {
    return SupervisorSpec.builder("sup").strategy(strategy).intensity(5, HOUR)
        .child(lc.service("a")).child(lc.hangingStop("b", release)).build();
  }

  @Test
  void delete_and_restart_queued_behind_a_crash_answer_running_as_otp_does() {
    CountDownLatch release = new CountDownLatch(1);
    try (Harness h = new Harness(aAndHangingB(RestartStrategy.ONE_FOR_ONE, release)).start()) {
      CompletableFuture<List<ChildOutcome>> answers = queuedBehindACrash(h, release, () ->
          h.tree.deleteChild("sup/a", OP).thenCombine(h.tree.restartChild("sup/a", OP), List::of));
      assertThat(answers.join()).containsExactly(ChildOutcome.RUNNING, ChildOutcome.RUNNING);
      assertThat(h.node("sup/a").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.generation("sup/a")).isEqualTo(2);
    }
  }

  @Test
  void a_stop_queued_behind_a_crash_stops_the_restarted_child_and_the_journal_tells_what_happened() {
    CountDownLatch release = new CountDownLatch(1);
    try (Harness h = new Harness(aAndHangingB(RestartStrategy.ONE_FOR_ONE, release)).start()) {
      assertThat(queuedBehindACrash(h, release, () -> h.tree.stopChild("sup/a", OP)).join())
          .isEqualTo(ChildOutcome.OK);
      assertThat(h.node("sup/a").state()).isEqualTo(ChildState.STOPPED);
      // the restart happened (generation 2 started, then the operator stopped it): one record each, in order
      assertThat(h.journal.tail()).extracting(JournalRecord::path, JournalRecord::kind).containsSubsequence(
          org.assertj.core.groups.Tuple.tuple("sup/a", "child.restart"),
          org.assertj.core.groups.Tuple.tuple("sup/a", "operator.stop"));
      assertThat(h.records("child.restart")).hasSize(1);
      assertThat(h.records("child.restart-cancelled")).isEmpty();
      assertThat(lc.creations("a")).isEqualTo(2);
      assertThat(h.node("sup").restartsInWindow()).isEqualTo(1);
    }
  }

  @Test
  void a_child_added_behind_a_crash_under_one_for_all_starts_after_the_group_restart() {
    CountDownLatch release = new CountDownLatch(1);
    try (Harness h = new Harness(aAndHangingB(RestartStrategy.ONE_FOR_ALL, release)).start()) {
      lc.clear();
      assertThat(queuedBehindACrash(h, release, () -> h.tree.startChild("sup", lc.service("c").build(), OP)).join())
          .isEqualTo(ChildOutcome.OK);
      // b was stopped by the operator; a group restart starts it again (OTP test 'tree')
      assertThat(lc.events()).containsExactly("stopping:b", "stop:b", "stop:a", "start:a", "start:b", "start:c");
    }
  }

  @Test
  void a_stop_during_a_backoff_cancels_the_restart_and_says_who_cancelled_it() {
    Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8)).withJitter(0);
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(10, HOUR).child(lc.service("a").backoff(backoff))
        .build();
    try (Harness h = new Harness(spec).start()) {
      h.crash("sup/a");
      h.awaitState("sup/a", ChildState.RESTARTING);
      h.tree.stopChild("sup/a", Actor.operator("bob")).join();
      assertThat(h.records("child.restart-cancelled")).singleElement()
          .satisfies(r -> assertThat(r.decision()).isEqualTo("restart cancelled by operator:bob"));
      h.advance(Duration.ofSeconds(5));
      h.tree.countChildren("sup");
      assertThat(h.node("sup/a").state()).isEqualTo(ChildState.STOPPED);
      assertThat(lc.creations("a")).isEqualTo(1);
    }
  }

  @Test
  void snapshots_of_a_restart_loop_only_show_states_between_messages() {
    // child1 restarts fail forever (OTP hanging_restart_loop): between messages both are RESTARTING
    SupervisorSpec spec = SupervisorSpec.builder("sup").strategy(RestartStrategy.REST_FOR_ONE)
        .intensity(Integer.MAX_VALUE, HOUR)
        .child(lc.service("child1", n -> n > 1)).child(lc.service("child2")).build();
    Set<ChildState> documented = EnumSet.of(ChildState.RUNNING, ChildState.RESTARTING);
    try (Harness h = new Harness(spec).start()) {
      h.crash("sup/child1");
      for (int i = 0; i < 100_000; i++) {
        ChildSnapshot sup = h.tree.snapshot();
        assertThat(sup.children().get(0).state()).isIn(documented);
        assertThat(sup.children().get(1).state()).isIn(documented);
      }
      assertThat(lc.creations("child1")).isGreaterThan(1);
      // count_restarting_children: restarting children count as specs, not as active
      assertThat(h.tree.countChildren("sup")).isEqualTo(new ChildCounts(2, 0, 0, 2));
      h.tree.stop();
      assertThat(h.tree.snapshot()).as("no change, no new snapshot").isSameAs(h.tree.snapshot());
    }
  }

  @Test
  void count_children_counts_a_worker_whose_thread_ended_as_not_active() {
    CountDownLatch end = new CountDownLatch(1);
    CountDownLatch inStop = new CountDownLatch(1);
    CountDownLatch releaseStop = new CountDownLatch(1);
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(5, HOUR)
        .child(ChildSpec.worker("w", () -> ctx -> end.await()))
        .child(ChildSpec.service("busy", () -> new dev.selfheal.core.Component() {
          @Override
          public void start() {}

          @Override
          public void stop() throws InterruptedException {
            inStop.countDown();
            releaseStop.await();
          }
        })).build();
    try (Harness h = new Harness(spec).start()) {
      assertThat(h.tree.countChildren("sup").active()).isEqualTo(2);
      CompletableFuture<ChildOutcome> busy = h.tree.stopChild("sup/busy", OP); // the actor is held here
      await().atMost(10, TimeUnit.SECONDS).until(() -> inStop.getCount() == 0);
      end.countDown(); // w's run returns; its exit waits behind the stop
      await().atMost(10, TimeUnit.SECONDS).until(() -> Thread.getAllStackTraces().keySet().stream()
          .noneMatch(t -> t.getName().equals("selfheal-worker-sup/w")));
      assertThat(h.node("sup/w").state()).as("the exit is not handled yet").isEqualTo(ChildState.RUNNING);
      assertThat(h.tree.countChildren("sup")).isEqualTo(new ChildCounts(2, 1, 0, 2));
      releaseStop.countDown();
      busy.join();
    }
  }

  @Test
  void a_thread_factory_that_throws_fails_the_start_which_is_retried_and_escalated_by_the_rules() {
    AtomicInteger threads = new AtomicInteger();
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(2, HOUR).child(lc.worker("w")).build();
    try (Harness h = new Harness(spec, b -> b.threadFactory(r -> {
      if (threads.incrementAndGet() > 1) {
        throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
      }
      return new Thread(r);
    })).start()) {
      assertThatThrownBy(() -> h.tree.startChild("sup", lc.worker("other").build(), OP).join())
          .hasCauseInstanceOf(ChildStartException.class).hasMessageContaining("could not start its thread")
          .hasMessageContaining("unable to create native thread");
      assertThat(h.records("operator.start-child")).singleElement()
          .satisfies(r -> assertThat(r.decision()).isEqualTo("failed; child not added"));

      h.crash("sup/w"); // restart 1 fails, retry 2 fails, the 3rd exceeds intensity 2
      h.awaitTreeFailed();
      assertThat(h.records("child.restart")).extracting(JournalRecord::decision)
          .containsExactly("restart 'w'", "retry restart of 'w'");
      assertThat(h.records("child.restart").get(1).cause()).contains("could not start its thread");
      assertThat(h.records("supervisor.escalate")).hasSize(1);
      assertThat(h.tree.health().health().status()).isEqualTo(HealthStatus.DOWN);
    }
  }

  @Test
  void a_supervisor_whose_loop_cannot_go_on_fails_the_tree_and_its_health() {
    AtomicBoolean refuse = new AtomicBoolean();
    AtomicInteger submitted = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    java.util.concurrent.ExecutorService pool = Executors.newCachedThreadPool();
    SupervisorSpec spec = SupervisorSpec.builder("sup").child(lc.service("a")).build();
    try (Harness h = new Harness(spec, b -> b.actorExecutor(task -> {
      if (refuse.get()) {
        throw new RejectedExecutionException("no thread for the supervisor");
      }
      submitted.incrementAndGet();
      pool.execute(() -> {
        try {
          task.run();
        } finally {
          finished.incrementAndGet();
        }
      });
    })).start()) {
      // the drain that answered start() may still be winding down; the next message must need a new one
      await().atMost(10, TimeUnit.SECONDS).until(() -> finished.get() == submitted.get());
      refuse.set(true);
      CompletableFuture<ChildOutcome> call = h.tree.stopChild("sup/a", OP);
      assertThat(call).failsWithin(Duration.ofSeconds(5));
      assertThat(h.tree.failed()).isTrue();
      assertThat(h.tree.health().health().status()).isEqualTo(HealthStatus.DOWN);
      assertThat(h.tree.health().health().message()).contains("cannot handle messages").contains("no thread");
      assertThat(h.records("tree.failed")).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_throwing_event_listener_is_contained_and_the_supervisor_goes_on() {
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(5, HOUR).child(lc.service("a")).build();
    try (Harness h = new Harness(spec).start()) {
      h.tree.events().subscribe(dev.selfheal.core.event.SupervisorEvent.ChildRestarting.class, e -> {
        throw new StackOverflowError("listener bug");
      });
      h.crashAndAwaitRestart("sup/a"); // the decision is carried out regardless
      assertThat(h.records("supervisor.internal-error")).singleElement()
          .satisfies(r -> assertThat(r.cause()).contains("listener bug"));
      assertThat(h.tree.failed()).isFalse();
      assertThat(h.tree.startChild("sup", lc.service("b").build(), OP).join()).isEqualTo(ChildOutcome.OK);
    }
  }

  @Test
  void sup_stop_race() {
    // children that exit on their own while the supervisor is stopping: journaled with their own reasons,
    // not restarted, and the shutdown completes
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch crash = new CountDownLatch(1);
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(5, HOUR)
        .child(ChildSpec.worker("w", () -> ctx -> {
          crash.await();
          throw new IllegalStateException("crashed during shutdown");
        }))
        .child(ChildSpec.worker("done", () -> ctx -> crash.await()))
        .child(lc.hangingStop("z", release)).build();
    Harness h = new Harness(spec).start();
    Thread stopper = new Thread(h.tree::stop);
    stopper.start();
    await().atMost(10, TimeUnit.SECONDS).until(() -> lc.events().contains("stopping:z"));
    crash.countDown();
    await().atMost(10, TimeUnit.SECONDS).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("selfheal-worker-sup/w") || t.getName().equals("selfheal-worker-sup/done")));
    release.countDown();
    await().atMost(10, TimeUnit.SECONDS).until(() -> !stopper.isAlive());
    assertThat(h.records("child.exit")).extracting(JournalRecord::path, JournalRecord::cause).containsExactly(
        org.assertj.core.groups.Tuple.tuple("sup/done", "normal"),
        org.assertj.core.groups.Tuple.tuple("sup/w", "java.lang.IllegalStateException: crashed during shutdown"));
    assertThat(h.records("child.exit")).allSatisfy(r ->
        assertThat(r.decision()).isEqualTo("not restarted: its supervisor is stopping"));
    assertThat(h.records("child.restart")).isEmpty();
  }
}
