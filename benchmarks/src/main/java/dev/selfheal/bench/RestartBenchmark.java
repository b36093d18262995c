package dev.selfheal.bench;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.SupervisorEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A crashed service's restart on a running tree, end to end, as a user sees it: from the failure report to
 * the new instance serving. Unlike {@code SupervisorBenchmark.restart} (the supervisor on the caller's
 * thread), the tree runs as in production: its own supervisor thread, its lifecycle threads.
 *
 * <ul>
 *   <li>{@code child=handle}: a supervised handle over a plain object (no {@code Component} lifecycle):
 *       report the current instance failed, spin until the tree announces the new instance, then one call
 *       through the handle, which must reach it. Its factory is declared to only construct
 *       ({@code constructsInline}), so its stop and start run inline on the supervisor's thread.
 *   <li>{@code child=service}: a plain {@code Component} service: report it failed, spin until the tree
 *       announces the new instance. Its factory, {@code start()} and {@code stop()} are user code, each
 *       handed to a lifecycle thread and back.
 * </ul>
 *
 * <p>Sample-time mode, so that the tail (p99, p99.9) is printed beside the mean: a hand-off between threads
 * costs a wake-up, which on a busy machine waits for a core. The benchmark thread waits on a volatile field
 * set by a {@code ChildStarted} listener, so that {@code -prof gc}'s B/op is the restart's own allocation
 * (all threads'), not the waiting's.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RestartBenchmark {

  /** What the handle serves: the generation of the instance that answered. */
  public interface Echo {
    /** {@return the generation of the instance that answered} */
    long generation();
  }

  private record EchoInstance(long generation) implements Echo {}

  /** A running tree with one child of the chosen kind. */
  @State(Scope.Thread)
  public static class Restarts {
    @Param({"handle", "service"})
    public String child;

    SupervisorTree tree;
    Echo echo;
    String path;
    long generation = 1;
    /** The generation of the last ChildStarted, set on the supervisor's thread: a wait that allocates nothing. */
    volatile long started;

    @Setup(Level.Trial)
    public void setUp() {
      // far more than these restarts reach (a handle's takes about 4 µs: 250,000 a second); the window grows
      // on demand, so this costs only the restarts it holds
      SupervisorSpec.Builder b = SupervisorSpec.builder("bench").intensity(10_000_000, Duration.ofSeconds(1));
      if (child.equals("handle")) {
        echo = b.supervise(Echo.class, ctx -> new EchoInstance(ctx.generation()),
            HandleOptions.builder().id("echo").awaitInstance(Duration.ofSeconds(1))
                .constructsInline(true).build());
        path = "bench/echo";
      } else {
        b.child(ChildSpec.service("svc", () -> (Component) () -> {}).build());
        path = "bench/svc";
      }
      tree = SupervisorTree.builder(b.build()).journal(Journal.builder().capacity(16).build()).build();
      // after the handle's own listener (bound when the tree was built), so its gate is open when this runs
      tree.events().subscribe(SupervisorEvent.ChildStarted.class, e -> started = e.generation());
      tree.start();
      generation = tree.currentInstance(path).map(SupervisorEvent.ChildStarted::generation).orElse(-1L);
    }

    long restartOnce() {
      long was = generation;
      tree.reportFailure(path, was, "benchmark");
      long now;
      while ((now = started) <= was) {
        if (tree.failed()) { // escalated: no restart will come
          throw new IllegalStateException("the tree escalated during the run (" + child + ")");
        }
        Thread.onSpinWait();
      }
      if (echo != null && echo.generation() != now) { // one call, served by the new instance
        throw new IllegalStateException("the handle did not route to instance " + now);
      }
      generation = now;
      return now;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        if (tree.failed()) { // an escalated tree ignores reports: the figures would measure nothing
          throw new IllegalStateException("the tree escalated during the run (" + child + ")");
        }
      } finally {
        tree.stop();
      }
    }
  }

  @Benchmark
  public long restart(Restarts s) {
    return s.restartOnce();
  }
}
