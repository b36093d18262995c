package dev.selfheal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random failure and time sequences against a real tree on a manual ticker, checked against a model of
 * OTP's rules.
 */
class SupervisorProperties {
  private static final AtomicInteger TREES = new AtomicInteger();

  record Crash(int child, int gapSeconds) {}

  @Provide
  Arbitrary<List<Crash>> crashes() {
    Arbitrary<Crash> crash = Combinators.combine(Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 4)).as(Crash::new);
    return crash.list().ofMaxSize(12);
  }

  @Property(tries = 40)
  void escalates_exactly_when_the_model_window_exceeds_the_intensity(
      @ForAll @IntRange(min = 0, max = 4) int maxRestarts,
      @ForAll @IntRange(min = 1, max = 8) int periodSeconds,
      @ForAll RestartStrategy strategy,
      @ForAll("crashes") List<Crash> crashes) {
    Lifecycle lc = new Lifecycle();
    String name = "p" + TREES.incrementAndGet();
    SupervisorSpec spec = SupervisorSpec.builder(name).strategy(strategy)
        .intensity(maxRestarts, Duration.ofSeconds(periodSeconds))
        .child(lc.service("c0")).child(lc.service("c1")).child(lc.service("c2")).build();
    List<Long> model = new ArrayList<>();
    long period = Duration.ofSeconds(periodSeconds).toNanos();
    boolean modelEscalated = false;
    try (Harness h = new Harness(spec).start()) {
      for (Crash c : crashes) {
        h.advance(Duration.ofSeconds(c.gapSeconds()));
        long now = h.ticker.read();
        model.removeIf(t -> now - t > period);
        model.add(now);
        String path = name + "/c" + c.child();
        if (model.size() > maxRestarts) {
          h.crash(path);
          h.awaitTreeFailed();
          modelEscalated = true;
          break;
        }
        h.crashAndAwaitRestart(path);
        // a group restart is one decision: wait until the whole group is back before the next crash
        for (int i = 0; i < 3; i++) {
          int k = i;
          await().atMost(10, TimeUnit.SECONDS).until(() -> {
            ChildSnapshot s = h.node(name + "/c" + k);
            return s != null && s.state() == ChildState.RUNNING;
          });
        }
      }
      assertThat(h.tree.failed()).isEqualTo(modelEscalated);
      assertThat(h.records("child.restart")).as("one journal record per restart decision")
          .hasSize((int) restartedBeforeEscalation(crashes, maxRestarts, period));
      assertThat(h.records("supervisor.escalate")).hasSize(modelEscalated ? 1 : 0);
    }
  }

  /** Replays the model: the crashes that were restarted before the one that escalated (or all of them). */
  private static long restartedBeforeEscalation(List<Crash> crashes, int maxRestarts, long period) {
    List<Long> window = new ArrayList<>();
    long now = 0;
    long restarted = 0;
    for (Crash c : crashes) {
      now += Duration.ofSeconds(c.gapSeconds()).toNanos();
      long t = now;
      window.removeIf(x -> t - x > period);
      window.add(now);
      if (window.size() > maxRestarts) {
        return restarted;
      }
      restarted++;
    }
    return restarted;
  }

  @Property(tries = 25)
  void stop_order_is_the_reverse_of_start_order_and_nothing_runs_after_stop(
      @ForAll @Size(min = 1, max = 8) List<Boolean> workerOrService,
      @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 7) Integer> crashes) {
    Lifecycle lc = new Lifecycle();
    String name = "q" + TREES.incrementAndGet();
    SupervisorSpec.Builder b = SupervisorSpec.builder(name).intensity(100, Duration.ofHours(1));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < workerOrService.size(); i++) {
      String id = "c" + i;
      ids.add(id);
      b.child(workerOrService.get(i) ? lc.worker(id) : lc.service(id));
    }
    Harness h = new Harness(b.build());
    List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
    h.tree.events().subscribe(dev.selfheal.core.event.SupervisorEvent.ChildStarted.class, e -> started.add(e.path()));
    h.tree.events().subscribe(dev.selfheal.core.event.SupervisorEvent.ChildStopped.class, e -> stopped.add(e.path()));
    h.start();
    assertThat(started).containsExactlyElementsOf(ids.stream().map(id -> name + "/" + id).toList());
    for (int c : crashes) {
      if (c < ids.size()) {
        h.crashAndAwaitRestart(name + "/c" + c);
      }
    }
    await().atMost(10, TimeUnit.SECONDS).until(() ->
        lc.events().stream().filter(e -> e.startsWith("start:")).count()
            == lc.events().stream().filter(e -> e.startsWith("stop:")).count() + ids.size());
    stopped.clear();
    h.tree.stop();
    List<String> expected = new ArrayList<>();
    for (int i = ids.size() - 1; i >= 0; i--) {
      expected.add(name + "/" + ids.get(i));
    }
    assertThat(stopped).containsExactlyElementsOf(expected);
    assertThat(h.node(name).children()).allSatisfy(c -> assertThat(c.state()).isEqualTo(ChildState.STOPPED));
    await().atMost(10, TimeUnit.SECONDS).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("selfheal-worker-" + name + "/") && t.isAlive()));
  }

  /**
   * Random nested trees: a chain of supervisors root, s1, ..., with a leaf under the deepest one, each with
   * its own intensity. Every crash of the leaf is one restart decision somewhere up the chain; a level that
   * exceeds its intensity gives up, its parent restarts it (its subtree gets fresh windows), and past the
   * root the tree fails. The model replays this with counters.
   */
  /** The generations of every node on the way to {@code path}: which instance runs there, and under whom. */
  private static String instanceAlong(Harness h, String path) {
    StringBuilder key = new StringBuilder();
    for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      key.append(h.generation(path.substring(0, i))).append('/');
    }
    return key.append(h.generation(path)).toString();
  }

  @Property(tries = 30)
  void escalation_climbs_a_random_tree_exactly_as_the_model_says(
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 2) Integer> intensities,
      @ForAll @IntRange(min = 1, max = 12) int crashes) {
    int depth = intensities.size();
    String name = "t" + TREES.incrementAndGet();
    Lifecycle lc = new Lifecycle();
    // build from the deepest level up
    SupervisorSpec spec = SupervisorSpec.builder("s" + (depth - 1)).intensity(intensities.get(depth - 1), Duration.ofHours(1))
        .child(lc.service("leaf")).build();
    for (int level = depth - 2; level >= 0; level--) {
      spec = SupervisorSpec.builder(level == 0 ? name : "s" + level).intensity(intensities.get(level), Duration.ofHours(1))
          .child(ChildSpec.supervisor(spec)).build();
    }
    if (depth == 1) {
      spec = SupervisorSpec.builder(name).intensity(intensities.get(0), Duration.ofHours(1))
          .child(lc.service("leaf")).build();
    }
    StringBuilder leafPath = new StringBuilder(name);
    for (int level = 1; level < depth; level++) {
      leafPath.append("/s").append(level);
    }
    String leaf = leafPath.append("/leaf").toString();

    int[] window = new int[depth];
    int modelEscalations = 0;
    boolean modelFailed = false;
    try (Harness h = new Harness(spec).start()) {
      for (int n = 0; n < crashes && !modelFailed; n++) {
        int level = depth - 1;
        while (true) {
          window[level]++;
          if (window[level] <= intensities.get(level)) {
            break; // restarted at this level
          }
          modelEscalations++;
          for (int deeper = level; deeper < depth; deeper++) {
            window[deeper] = 0; // the subtree is rebuilt from its spec
          }
          if (level == 0) {
            modelFailed = true;
            break;
          }
          level--;
        }
        int restartsBefore = h.records("child.restart").size();
        String instanceBefore = instanceAlong(h, leaf);
        h.crash(leaf);
        if (modelFailed) {
          h.awaitTreeFailed();
        } else {
          // a new leaf instance: a new generation, or a fresh leaf under a rebuilt supervisor
          await().atMost(10, TimeUnit.SECONDS).until(() -> h.records("child.restart").size() == restartsBefore + 1
              && h.node(leaf) != null && h.node(leaf).state() == ChildState.RUNNING
              && !instanceAlong(h, leaf).equals(instanceBefore));
        }
      }
      assertThat(h.tree.failed()).isEqualTo(modelFailed);
      assertThat(h.records("supervisor.escalate")).hasSize(modelEscalations);
    }
  }
}
