package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.Backoff;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every thread the tree creates is named selfheal-…, is a daemon, and is gone after stop(). */
class ThreadHygieneTest {

  private static Set<Thread> selfhealThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("selfheal-")).collect(Collectors.toSet());
  }

  @Test
  void stop_leaves_no_thread_of_ours_running(@TempDir Path dir) {
    Set<Thread> before = selfhealThreads();
    Lifecycle lc = new Lifecycle();
    SupervisorSpec nested = SupervisorSpec.builder("nested").child(lc.worker("w2")).build();
    SupervisorSpec root = SupervisorSpec.builder("hyg").intensity(5, Duration.ofMinutes(1))
        .child(lc.service("svc").backoff(Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(5))))
        .child(lc.worker("w1"))
        .child(ChildSpec.supervisor(nested))
        .build();
    SupervisorTree tree = SupervisorTree.builder(root)
        .journal(dev.selfheal.core.event.Journal.builder().jsonLinesFile(dir.resolve("j.jsonl")).build())
        .build();
    tree.start();
    tree.reportFailure("hyg/svc", 1, "boom"); // exercises the timer thread (backoff) and a lifecycle thread
    await().atMost(10, TimeUnit.SECONDS).until(() -> tree.snapshot().find("hyg/svc").generation() == 2);

    List<Thread> ours = selfhealThreads().stream().filter(t -> !before.contains(t)).toList();
    assertThat(ours).extracting(Thread::getName).anyMatch(n -> n.startsWith("selfheal-supervisor-"))
        .anyMatch(n -> n.startsWith("selfheal-worker-hyg/w1")).anyMatch(n -> n.startsWith("selfheal-worker-hyg/nested/w2"))
        .anyMatch(n -> n.startsWith("selfheal-timer-"));
    assertThat(ours).allSatisfy(t -> assertThat(t.isDaemon()).as(t.getName() + " is a daemon").isTrue());

    tree.stop();
    tree.journal().close();
    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(selfhealThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName).toList())
            .isEmpty());
  }
}
