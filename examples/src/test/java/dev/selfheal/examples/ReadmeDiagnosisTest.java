package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.Backoff;
import dev.selfheal.core.BlastRadius;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.Diagnosis;
import dev.selfheal.core.Recoverable;
import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.RecoveryPlan.Action;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's diagnosis section, compiled and run: keep the two in sync. */
class ReadmeDiagnosisTest {
  static final class DatabasePool implements Component {
    @Override
    public void start() {}
  }

  static final class Orders implements Component {
    @Override
    public void start() {}
  }

  static final class Checkout implements Component {
    @Override
    public void start() {}
  }

  static final class Cache implements Component, Recoverable {
    @Override
    public void start() {}

    @Override
    public void recover() {
      // reconnect, clear the cache
    }
  }

  @Test
  void recovery_plan() {
    // --- README recovery plan ---
    ChildSpec cache = ChildSpec.service("cache", Cache::new).plan(RecoveryPlan.builder()
        .step(RecoveryPlan.step(Action.RESET).budget(3, Duration.ofMinutes(10))   // Recoverable.recover()
            .timeout(Duration.ofSeconds(2))                      // a hung recover() is a failed step
            .deadline(Duration.ofSeconds(30)))                   // failing again within 30 s: next step
        .step(RecoveryPlan.step(Action.NOT_READY).holdFor(Duration.ofSeconds(20))  // out of the load balancer
            .releaseWhen("probe:cache")                          // back as soon as this source is UP
            .deadline(Duration.ofMinutes(1)))
        .step(RecoveryPlan.step(Action.RESTART).budget(2, Duration.ofMinutes(10)).cost(3))  // rebuilds the cache
        .step(RecoveryPlan.step(Action.QUARANTINE))              // HELD until an operator releases it
        .build())
        .build();
    // --- end ---
    try (SupervisorTree tree = SupervisorTree.builder(SupervisorSpec.builder("app").intensity(10, Duration.ofMinutes(1))
        .child(cache).build()).diagnosis(Diagnosis.builder().expectHealthSource("probe:cache").build()).build()) {
      tree.start();
      tree.reportFailure("app/cache", 1, "stale entries");
      await().atMost(5, TimeUnit.SECONDS).until(() -> tree.journal().tail().stream()
          .anyMatch(r -> r.kind().equals("child.plan-step") && r.decision().equals("plan step 1: RESET")));
      assertThat(tree.snapshot().find("app/cache").generation()).isEqualTo(1); // reset in place
    }
  }

  /** Stands for a breaker of the recovery module, which is exposed as a health source of that name. */
  static final HealthSource PAYMENTS = new HealthSource() {
    @Override
    public String name() {
      return "circuit:payments";
    }

    @Override
    public HealthReport health() {
      return HealthReport.up();
    }
  };

  @Test
  void diagnosis() {
    HealthSource payments = PAYMENTS;
    // --- README diagnosis ---
    SupervisorSpec spec = SupervisorSpec.builder("shop")
        .intensity(3, Duration.ofSeconds(10))
        .child(ChildSpec.service("db", DatabasePool::new)
            .backoff(Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(30))))
        .child(ChildSpec.service("orders", Orders::new)
            .dependsOn("db"))                              // declared after db: starts after, stops before
        .child(ChildSpec.service("checkout", Checkout::new)
            .dependsOn("db")
            .dependsOnHealth("circuit:payments"))          // a breaker, probe or any health source, by name
        .build();

    SupervisorTree tree = SupervisorTree.builder(spec)
        .diagnosis(Diagnosis.builder().healthSource(payments).build())
        .blastRadius(BlastRadius.builder()
            .maxConcurrentHealing(1)                       // one child restarting at a time
            .minServingShare(0.5)                          // at least half the tree serving
            .build())
        .build();
    // --- end ---
    try (tree) {
      tree.start();
      tree.reportFailure("shop/db", 1, "connection refused");       // db restarts after its 2 s backoff
      tree.reportFailure("shop/orders", 1, "db calls time out");    // the symptom: held, not restarted
      await().atMost(5, TimeUnit.SECONDS).until(() -> tree.snapshot().find("shop/orders").state() == ChildState.HELD);
      assertThat(tree.journal().tail()).filteredOn(r -> r.kind().equals("child.hold")).singleElement()
          .satisfies(r -> assertThat(r.evidence()).containsEntry("dependency", "db"));
      await().atMost(10, TimeUnit.SECONDS).until(() -> tree.snapshot().find("shop/orders").state() == ChildState.RUNNING);
      assertThat(tree.snapshot().find("shop/orders").generation()).isEqualTo(1);  // never restarted
      assertThat(tree.journal().tail()).extracting(JournalRecord::kind).contains("child.release");
    }
  }
}
