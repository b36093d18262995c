package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.spi.HealthStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Past the root: the tree is failed, its health DOWN, the handler runs and may stop the tree. */
class RootFailureTest {

  @Test
  void the_root_failure_handler_runs_once_and_may_stop_the_tree() {
    Lifecycle lc = new Lifecycle();
    AtomicReference<SupervisorTree> ref = new AtomicReference<>();
    List<String> reasons = new CopyOnWriteArrayList<>();
    SupervisorTree tree = SupervisorTree.builder(SupervisorSpec.builder("root").intensity(0, Duration.ofSeconds(5))
            .child(lc.service("a")).child(lc.service("b")).build())
        .onRootFailure(reason -> {
          reasons.add(reason);
          ref.get().stop(); // must not deadlock on the root's own actor
        })
        .build();
    ref.set(tree);
    List<SupervisorEvent.TreeFailed> failures = new CopyOnWriteArrayList<>();
    tree.events().subscribe(SupervisorEvent.TreeFailed.class, failures::add);
    tree.start();
    tree.reportFailure("root/a", 1, "boom");
    await().atMost(10, TimeUnit.SECONDS).until(() -> reasons.size() == 1);
    assertThat(reasons.get(0)).contains("reached max restart intensity").contains("boom");
    assertThat(tree.failed()).isTrue();
    assertThat(tree.health().health().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(tree.health().critical()).isTrue();
    assertThat(failures).hasSize(1);
    assertThat(tree.journal().tail()).extracting(r -> r.kind()).containsExactly("supervisor.escalate", "tree.failed");
    assertThat(lc.events()).containsExactly("start:a", "start:b", "stop:a", "stop:b");
    await().atMost(10, TimeUnit.SECONDS).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.isAlive() && t.getName().equals("selfheal-root-failure")));
  }
}
