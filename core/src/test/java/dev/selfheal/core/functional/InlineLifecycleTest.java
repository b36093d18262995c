package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Shutdown;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.event.SupervisorEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which lifecycle steps of a service run on the supervisor's own thread (ServiceRunner's inline rule), and
 * that the bounds still hold where a step could wait: a call in flight, a slow factory.
 */
class InlineLifecycleTest {

  public interface Echo {
    long generation();

    /** Blocks until {@code release} opens, then notes that it returns in {@code order} and answers the generation. */
    long held(CountDownLatch entered, CountDownLatch release, List<String> order) throws InterruptedException;
  }

  private static class Plain implements Echo {
    final long generation;

    Plain(long generation) {
      this.generation = generation;
    }

    @Override
    public long generation() {
      return generation;
    }

    @Override
    public long held(CountDownLatch entered, CountDownLatch release, List<String> order)
        throws InterruptedException {
      entered.countDown();
      release.await(10, TimeUnit.SECONDS);
      order.add("call on #" + generation + " returns");
      return generation;
    }
  }

  /** The same, with a lifecycle of its own: its start() records the thread it runs on. */
  private static final class WithLifecycle extends Plain implements Component {
    final List<String> startedOn;

    WithLifecycle(long generation, List<String> startedOn) {
      super(generation);
      this.startedOn = startedOn;
    }

    @Override
    public void start() {
      startedOn.add(Thread.currentThread().getName());
    }
  }

  private static HandleOptions options(Shutdown shutdown) {
    return HandleOptions.builder().id("echo").shutdown(shutdown).awaitInstance(Duration.ofSeconds(5)).build();
  }

  private static long restartAndServe(Harness h, Echo echo) {
    long was = h.generation("sup/echo");
    h.tree.reportFailure("sup/echo", was, "boom");
    await().atMost(10, TimeUnit.SECONDS).until(() -> echo.generation() > was);
    return echo.generation();
  }

  @Test
  void aPlainHandleIsStoppedOnTheSupervisorsThreadAndCreatedOnALifecycleThread() {
    List<String> handleFactory = new CopyOnWriteArrayList<>();
    List<String> serviceFactory = new CopyOnWriteArrayList<>();
    List<SupervisorEvent.ChildStopped> stops = new CopyOnWriteArrayList<>();
    SupervisorSpec.Builder b = SupervisorSpec.builder("sup").intensity(10, Duration.ofSeconds(1));
    Echo echo = b.supervise(Echo.class, ctx -> {
      handleFactory.add(Thread.currentThread().getName());
      return new Plain(ctx.generation());
    }, options(Shutdown.timeout(Duration.ofSeconds(5))));
    b.child(ChildSpec.service("svc", () -> {
      serviceFactory.add(Thread.currentThread().getName());
      return () -> {};
    }).build());
    try (Harness h = new Harness(b.build())) {
      h.tree.events().subscribe(SupervisorEvent.ChildStopped.class, stops::add);
      h.start();
      assertThat(restartAndServe(h, echo)).isEqualTo(2);
      h.crashAndAwaitRestart("sup/svc");

      assertThat(handleFactory).hasSize(2).allMatch(t -> t.startsWith("selfheal-lifecycle-")); // user code
      assertThat(serviceFactory).hasSize(2).allMatch(t -> t.startsWith("selfheal-lifecycle-"));
      assertThat(stops).extracting(SupervisorEvent.ChildStopped::path, SupervisorEvent.ChildStopped::outcome)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("sup/echo", "shutdown"),
              org.assertj.core.groups.Tuple.tuple("sup/svc", "shutdown"));
      assertThat(h.records("child.stop")).isEmpty(); // clean stops are not journaled
    }
  }

  @Test
  void aHandlesInstanceWithItsOwnLifecycleStartsOnALifecycleThread() {
    List<String> startedOn = new CopyOnWriteArrayList<>();
    SupervisorSpec.Builder b = SupervisorSpec.builder("sup").intensity(10, Duration.ofSeconds(1));
    Echo echo = b.supervise(Echo.class, ctx -> new WithLifecycle(ctx.generation(), startedOn),
        options(Shutdown.timeout(Duration.ofSeconds(5))));
    try (Harness h = new Harness(b.build()).start()) {
      assertThat(restartAndServe(h, echo)).isEqualTo(2);
      assertThat(startedOn).hasSize(2).allMatch(t -> t.startsWith("selfheal-lifecycle-"));
    }
  }

  @Test
  void aCallInFlightIsWaitedForBeforeTheNewInstanceStarts() throws Exception {
    SupervisorSpec.Builder b = SupervisorSpec.builder("sup").intensity(10, Duration.ofSeconds(1));
    Echo echo = b.supervise(Echo.class, ctx -> new Plain(ctx.generation()),
        options(Shutdown.timeout(Duration.ofSeconds(10))));
    List<String> order = new CopyOnWriteArrayList<>();
    try (Harness h = new Harness(b.build()).start()) {
      h.tree.events().subscribe(SupervisorEvent.ChildStarted.class, e -> order.add("started #" + e.generation()));
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Long> call = CompletableFuture.supplyAsync(() -> {
        try {
          return echo.held(entered, release, order);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      h.tree.reportFailure("sup/echo", 1, "boom");
      await().atMost(10, TimeUnit.SECONDS).until(() -> !h.records("child.restart").isEmpty());

      release.countDown();
      assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(1); // the call finished on its own instance
      h.awaitRunning("sup/echo", 2);
      assertThat(echo.generation()).isEqualTo(2);
      assertThat(order).containsExactly("call on #1 returns", "started #2"); // the stop waited for it
      assertThat(h.records("child.stop")).isEmpty(); // a clean stop
    }
  }

  @Test
  void aCallInFlightPastTheShutdownBoundIsAbandonedAndTheChildRestarts() throws Exception {
    SupervisorSpec.Builder b = SupervisorSpec.builder("sup").intensity(10, Duration.ofSeconds(1));
    Echo echo = b.supervise(Echo.class, ctx -> new Plain(ctx.generation()),
        options(Shutdown.timeout(Duration.ofMillis(50))));
    try (Harness h = new Harness(b.build()).start()) {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Long> call = CompletableFuture.supplyAsync(() -> {
        try {
          return echo.held(entered, release, new CopyOnWriteArrayList<>());
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      h.tree.reportFailure("sup/echo", 1, "boom");
      h.awaitRunning("sup/echo", 2);
      assertThat(echo.generation()).isEqualTo(2);
      assertThat(h.records("child.stop")).extracting(JournalRecord::decision)
          .containsExactly("killed: stop() did not return within " + Shutdown.timeout(Duration.ofMillis(50))
              + "; interrupted and abandoned");
      release.countDown();
      assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }
  }

  @Test
  void aHandleFactoryThatHangsIsAbandonedAtTheStartTimeoutAndNeverWedgesItsSupervisor() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch hanging = new CountDownLatch(1);
    SupervisorSpec.Builder b = SupervisorSpec.builder("sup").intensity(10, Duration.ofSeconds(1));
    Echo echo = b.supervise(Echo.class, ctx -> {
      if (ctx.generation() == 2) { // a constructor that connects, and the peer never answers
        hanging.countDown();
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // the abandonment interrupts it
        }
      }
      return new Plain(ctx.generation());
    }, HandleOptions.builder().id("echo").startTimeout(Duration.ofMillis(200))
        .awaitInstance(Duration.ofSeconds(5)).build());
    b.child(ChildSpec.service("svc", () -> () -> {}).build());
    try (Harness h = new Harness(b.build()).start()) {
      h.tree.reportFailure("sup/echo", 1, "boom");
      assertThat(hanging.await(10, TimeUnit.SECONDS)).isTrue();
      h.crashAndAwaitRestart("sup/svc"); // past the bound the supervisor goes on healing its other children
      h.awaitRunning("sup/echo", 3); // the abandoned start is retried by the rules
      assertThat(echo.generation()).isEqualTo(3);
      assertThat(h.journal.tail()).anyMatch(r -> (r.cause() + " " + r.decision()).contains(
          "start() did not complete within PT0.2S; interrupted and abandoned"));
    }
  }

  @Test
  void aFactoryDeclaredToOnlyConstructRunsOnTheSupervisorsThread() {
    List<String> factory = new CopyOnWriteArrayList<>();
    SupervisorSpec.Builder b = SupervisorSpec.builder("sup").intensity(10, Duration.ofSeconds(1));
    Echo echo = b.supervise(Echo.class, ctx -> {
      factory.add(Thread.currentThread().getName());
      return new Plain(ctx.generation());
    }, options(Shutdown.timeout(Duration.ofSeconds(5))).toBuilder().constructsInline(true).build());
    try (Harness h = new Harness(b.build()).start()) {
      assertThat(restartAndServe(h, echo)).isEqualTo(2);
      assertThat(factory).hasSize(2).allMatch(t -> t.startsWith("selfheal-supervisor-"));
    }
  }

  @Test
  void anInlineFactorySlowerThanTheStartTimeoutFailsItsStartOnceItReturns() {
    Harness[] harness = new Harness[1];
    SupervisorSpec.Builder b = SupervisorSpec.builder("sup").intensity(10, Duration.ofSeconds(1));
    Echo echo = b.supervise(Echo.class, ctx -> {
      if (ctx.generation() == 2) {
        harness[0].ticker.advance(Duration.ofSeconds(2)); // the factory "took" 2 s of the tree's clock
      }
      return new Plain(ctx.generation());
    }, HandleOptions.builder().id("echo").startTimeout(Duration.ofSeconds(1)).awaitInstance(Duration.ofSeconds(5))
        .constructsInline(true).build());
    try (Harness h = new Harness(b.build())) {
      harness[0] = h;
      h.start();
      h.tree.reportFailure("sup/echo", 1, "boom");
      h.awaitRunning("sup/echo", 3); // the failed start is retried by the rules
      assertThat(echo.generation()).isEqualTo(3);
      assertThat(h.journal.tail()).anyMatch(r -> (r.cause() + " " + r.decision()).contains(
          "start() did not complete within PT1S (its factory ran PT2S on the supervisor's thread); abandoned"));
    }
  }
}
