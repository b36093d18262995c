package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.Backoff;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.RestartStrategy;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The README's quick start, compiled and run: keep the two in sync. */
class ReadmeQuickStartTest {
  static final AtomicInteger POLLS = new AtomicInteger();

  static final class DatabasePool implements Component {
    @Override
    public void start() {
      // open connections; return when the pool can serve
    }

    @Override
    public void stop() {
      // close connections
    }
  }

  static void pollOnce() throws InterruptedException {
    if (POLLS.incrementAndGet() == 3) {
      throw new IllegalStateException("queue connection reset");
    }
    TimeUnit.MILLISECONDS.sleep(10);
  }

  @Test
  void quick_start() throws Exception {
    // --- README quick start ---
    SupervisorSpec spec = SupervisorSpec.builder("app")
        .strategy(RestartStrategy.ONE_FOR_ONE)
        .intensity(3, Duration.ofSeconds(10))            // at most 3 restarts in any 10 s, else escalate
        .child(ChildSpec.service("db", DatabasePool::new))
        .child(ChildSpec.worker("poller", () -> ctx -> {
              while (!ctx.stopRequested()) {
                pollOnce();                                // throwing = crash = restart
              }
            })
            .backoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10))))
        .build();

    try (SupervisorTree tree = SupervisorTree.builder(spec).build()) {
      tree.start();                                        // children start in order
      // ... the poller crashes, and is restarted after ~100 ms ...
      await().atMost(5, TimeUnit.SECONDS).until(() -> tree.snapshot().find("app/poller").generation() == 2);
      tree.forceRestartChild("app/db", Actor.operator("alice")).join();   // an operator action, journaled
      for (JournalRecord r : tree.journal().tail()) {
        System.out.println(r.toJson());
      }
      // --- end of README quick start ---
      assertThat(tree.journal().tail()).extracting(JournalRecord::kind)
          .containsExactly("child.restart", "operator.restart");
      assertThat(tree.snapshot().find("app/poller").state()).isEqualTo(ChildState.RUNNING);
    }                                                      // close() stops children in reverse order
  }
}
