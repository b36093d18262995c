package dev.selfheal.core;

import static org.awaitility.Awaitility.await;

import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test fixture: a tree on a manual ticker and scheduler, with waits for asynchronous outcomes. */
public final class Harness implements AutoCloseable {
  public final ManualTicker ticker = new ManualTicker();
  public final ManualScheduler scheduler = new ManualScheduler(ticker);
  public final Journal journal = Journal.builder().capacity(100_000).build();
  public final SupervisorTree tree;

  static {
    // Outcomes here arrive within milliseconds; the default 100 ms poll would make suites crawl.
    org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(2));
    org.awaitility.Awaitility.setDefaultPollDelay(Duration.ZERO);
  }

  public Harness(SupervisorSpec root) {
    this(root, b -> b);
  }

  /** A harness whose tree builder is further configured by {@code extra} (an actor executor, a thread factory). */
  public Harness(SupervisorSpec root, java.util.function.UnaryOperator<SupervisorTree.Builder> extra) {
    this.tree = extra.apply(SupervisorTree.builder(root).ticker(ticker).scheduler(scheduler).journal(journal)
        .random(() -> 0.5)).build();
  }

  public Harness start() {
    tree.start();
    return this;
  }

  public ChildSnapshot node(String path) {
    return tree.snapshot().find(path);
  }

  public long generation(String path) {
    ChildSnapshot s = node(path);
    return s == null ? -1 : s.generation();
  }

  /** Crashes the current instance at {@code path} (as a failed liveness probe would). */
  public void crash(String path) {
    long gen = generation(path);
    tree.reportFailure(path, gen, "boom");
  }

  /** Crashes it and waits until its supervisor has handled the crash (new generation running, or gone). */
  public void crashAndAwaitRestart(String path) {
    long gen = generation(path);
    tree.reportFailure(path, gen, "boom");
    awaitRunning(path, gen + 1);
  }

  public void awaitRunning(String path, long generation) {
    await().atMost(10, TimeUnit.SECONDS).until(() -> {
      ChildSnapshot s = node(path);
      return s != null && s.generation() >= generation && s.state() == ChildState.RUNNING;
    });
  }

  public void awaitState(String path, ChildState state) {
    await().atMost(10, TimeUnit.SECONDS).until(() -> {
      ChildSnapshot s = node(path);
      return s != null && s.state() == state;
    });
  }

  public void awaitGone(String path) {
    await().atMost(10, TimeUnit.SECONDS).until(() -> node(path) == null);
  }

  public void awaitTreeFailed() {
    await().atMost(10, TimeUnit.SECONDS).until(tree::failed);
  }

  public List<JournalRecord> records(String kind) {
    return journal.tail().stream().filter(r -> r.kind().equals(kind)).toList();
  }

  public void advance(Duration d) {
    scheduler.advance(d);
  }

  @Override
  public void close() {
    tree.stop();
  }
}
