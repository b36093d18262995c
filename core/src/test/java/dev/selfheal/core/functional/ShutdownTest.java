package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.Component;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.Shutdown;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.SupervisorEvent.ChildStopped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Shutdown bounds (OTP sup_stop_*): graceful within the bound, then interrupted and abandoned, journaled. */
class ShutdownTest {
  private final Lifecycle lc = new Lifecycle();

  private static List<ChildStopped> recordStops(Harness h) {
    List<ChildStopped> stops = new CopyOnWriteArrayList<>();
    h.tree.events().subscribe(ChildStopped.class, stops::add);
    return stops;
  }

  @Test
  void sup_stop_timeout() {
    CountDownLatch never = new CountDownLatch(1);
    SupervisorSpec spec = SupervisorSpec.builder("sup")
        .child(lc.service("good"))
        .child(lc.hangingStop("stuck", never).shutdown(Shutdown.timeout(Duration.ofMillis(200))))
        .build();
    Harness h = new Harness(spec).start();
    List<ChildStopped> stops = recordStops(h);
    h.tree.stop();
    assertThat(stops).extracting(ChildStopped::path, ChildStopped::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("sup/stuck", "killed"),
            org.assertj.core.groups.Tuple.tuple("sup/good", "shutdown"));
    assertThat(h.records("child.stop")).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("sup/stuck");
      assertThat(r.decision()).startsWith("killed").contains("interrupted and abandoned");
    });
    assertThat(lc.events()).contains("stopping:stuck", "stop:good").doesNotContain("stop:stuck");
  }

  @Test
  void sup_stop_brutal_kill() {
    AtomicBoolean interrupted = new AtomicBoolean();
    ChildSpec deaf = ChildSpec.worker("deaf", () -> ctx -> {
      // ignores stopRequested; only an interrupt ends it
      while (!Thread.currentThread().isInterrupted()) {
        LockSupport.parkNanos(1_000_000);
      }
      interrupted.set(true);
    }).shutdown(Shutdown.brutalKill()).build();
    SupervisorSpec spec = SupervisorSpec.builder("sup").child(lc.service("good")).child(deaf)
        .child(lc.service("svc").shutdown(Shutdown.brutalKill())).build();
    Harness h = new Harness(spec).start();
    List<ChildStopped> stops = recordStops(h);
    h.tree.stop();
    assertThat(stops).extracting(ChildStopped::outcome).containsExactly("killed", "killed", "shutdown");
    assertThat(lc.events()).as("brutal_kill never calls stop()").doesNotContain("stop:svc").contains("stop:good");
    org.awaitility.Awaitility.await().untilTrue(interrupted);
  }

  @Test
  void sup_stop_infinity_waits_for_a_slow_worker() {
    CountDownLatch started = new CountDownLatch(1);
    ChildSpec slow = ChildSpec.worker("slow", () -> ctx -> {
      started.countDown();
      while (!ctx.stopRequested()) {
        LockSupport.parkNanos(1_000_000);
      }
      LockSupport.parkNanos(50_000_000); // takes a while to wind down, without being interrupted
    }).shutdown(Shutdown.infinity()).build();
    Harness h = new Harness(SupervisorSpec.builder("sup").child(slow).build()).start();
    List<ChildStopped> stops = recordStops(h);
    h.tree.stop();
    assertThat(stops).extracting(ChildStopped::outcome).containsExactly("shutdown");
  }

  @Test
  void a_worker_that_ignores_interrupts_is_abandoned_and_stop_still_returns() {
    AtomicBoolean release = new AtomicBoolean();
    ChildSpec stubborn = ChildSpec.worker("stubborn", () -> ctx -> {
      while (!release.get()) {
        Thread.interrupted(); // swallows every interrupt
        LockSupport.parkNanos(1_000_000);
      }
    }).shutdown(Shutdown.timeout(Duration.ofMillis(100))).build();
    Harness h = new Harness(SupervisorSpec.builder("sup").child(stubborn).build()).start();
    h.tree.stop();
    assertThat(h.records("child.stop")).singleElement()
        .satisfies(r -> assertThat(r.decision()).contains("abandoned"));
    release.set(true);
  }

  @Test
  void a_hung_start_is_abandoned_at_its_time_limit() {
    CountDownLatch never = new CountDownLatch(1);
    ChildSpec hung = ChildSpec.service("hung", () -> new Component() {
      @Override
      public void start() throws InterruptedException {
        never.await();
      }
    }).startTimeout(Duration.ofMillis(200)).build();
    Harness h = new Harness(SupervisorSpec.builder("sup").child(hung).build());
    assertThatThrownBy(h::start).isInstanceOf(ChildStartException.class)
        .hasMessageContaining("sup/hung").hasMessageContaining("did not complete within PT0.2S");
    h.close();
  }
}
