package dev.selfheal.core;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Test fixture: one child "app/db" restarted after a 2 s backoff, so its time to recovery is exactly 2 s. */
public final class HealingScenario {
  public static final Duration BACKOFF = Duration.ofSeconds(2);

  private HealingScenario() {}

  public static SupervisorSpec dbWithBackoff(Lifecycle lc) {
    Backoff backoff = Backoff.exponential(BACKOFF, Duration.ofSeconds(8)).withJitter(0);
    return SupervisorSpec.builder("app").intensity(10, Duration.ofSeconds(60))
        .child(lc.service("db").backoff(backoff)).build();
  }

  /** Crashes "app/db", waits for RESTARTING, lets the backoff pass and waits until the recovery is counted. */
  public static void crashAndRecover(Harness h, HealingMetrics m) {
    long before = m.timeToRecovery().count();
    h.crash("app/db");
    h.awaitState("app/db", ChildState.RESTARTING);
    h.advance(BACKOFF);
    await().atMost(10, TimeUnit.SECONDS).until(() -> m.timeToRecovery().count() == before + 1);
  }
}
