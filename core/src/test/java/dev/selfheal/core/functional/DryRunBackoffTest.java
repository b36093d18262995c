package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.Backoff;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dry-run with a backoff journals what the live run would do, when it would do it. */
class DryRunBackoffTest {
  private final Lifecycle lc = new Lifecycle();

  private SupervisorSpec spec() {
    Backoff backoff = Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(8)).withJitter(0);
    return SupervisorSpec.builder("app").intensity(10, Duration.ofMinutes(1)).child(lc.service("db").backoff(backoff))
        .build();
  }

  /** Reports every second for five seconds, then the journal's restart decisions. */
  private static List<String> reportEverySecond(Harness h) {
    for (int i = 0; i < 5; i++) {
      h.tree.reportFailure("app/db", h.generation("app/db"), "liveness failed");
      h.advance(Duration.ofSeconds(1));
    }
    return h.records("child.restart").stream().map(JournalRecord::decision).toList();
  }

  @Test
  void the_shadow_waits_out_the_backoff_the_live_run_would_wait_and_names_the_delay() {
    List<String> live;
    try (Harness h = new Harness(spec(), b -> b.actorExecutor(Runnable::run)).start()) {
      live = reportEverySecond(h);
    }
    try (Harness h = new Harness(spec(), b -> b.actorExecutor(Runnable::run)).start()) {
      lc.clear();
      h.tree.dryRun(true, Actor.operator("ops"));
      List<String> dry = reportEverySecond(h);

      assertThat(live).containsExactly("restart 'db' after 2000ms backoff", "restart 'db' after 4000ms backoff");
      assertThat(dry).containsExactly("would restart 'db' after 2000ms backoff (dry-run)",
          "would restart 'db' after 4000ms backoff (dry-run)");
      assertThat(lc.events()).as("nothing stopped or started").isEmpty();
      assertThat(h.node("app/db").state()).isEqualTo(ChildState.RUNNING);
      assertThat(h.node("app/db").generation()).isEqualTo(1);
    }
  }
}
