package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.Backoff;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.SupervisorSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Restart backoff, driven by the manual scheduler: no sleeping. */
class BackoffRestartTest {
  private final Lifecycle lc = new Lifecycle();

  @Test
  void restarts_wait_exponentially_and_reset_after_a_stable_run() {
    Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8)).withJitter(0)
        .resetAfter(Duration.ofSeconds(30));
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(10, Duration.ofSeconds(5))
        .child(lc.service("a").backoff(backoff)).build();
    try (Harness h = new Harness(spec).start()) {
      h.crash("sup/a");
      h.awaitState("sup/a", ChildState.RESTARTING);
      assertThat(h.records("child.restart")).singleElement()
          .satisfies(r -> assertThat(r.decision()).isEqualTo("restart 'a' after 1000ms backoff"));
      h.advance(Duration.ofMillis(999));
      assertThat(h.node("sup/a").state()).isEqualTo(ChildState.RESTARTING);
      h.advance(Duration.ofMillis(1));
      h.awaitRunning("sup/a", 2);

      h.crash("sup/a"); // second consecutive failure: 2 s
      h.awaitState("sup/a", ChildState.RESTARTING);
      h.advance(Duration.ofMillis(1999));
      assertThat(h.node("sup/a").state()).isEqualTo(ChildState.RESTARTING);
      h.advance(Duration.ofMillis(1));
      h.awaitRunning("sup/a", 3);

      h.advance(Duration.ofSeconds(30)); // stable for resetAfter: back to 1 s
      h.crash("sup/a");
      h.awaitState("sup/a", ChildState.RESTARTING);
      h.advance(Duration.ofMillis(1000));
      h.awaitRunning("sup/a", 4);
    }
  }

  @Test
  void stopping_a_child_cancels_its_pending_restart() {
    Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8)).withJitter(0);
    SupervisorSpec spec = SupervisorSpec.builder("sup").intensity(10, Duration.ofSeconds(5))
        .child(lc.service("a").backoff(backoff)).build();
    try (Harness h = new Harness(spec).start()) {
      h.crash("sup/a");
      h.awaitState("sup/a", ChildState.RESTARTING);
      h.tree.stopChild("sup/a", dev.selfheal.core.event.Actor.operator("bob")).join();
      h.advance(Duration.ofSeconds(5));
      h.awaitState("sup/a", ChildState.STOPPED);
      assertThat(h.generation("sup/a")).isEqualTo(1);
    }
  }
}
