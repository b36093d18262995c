package dev.selfheal.recovery.handle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.ChildContext;
import dev.selfheal.core.Component;
import dev.selfheal.core.ComponentUnavailableException;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.spi.SupervisedInstance;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.BulkheadFullException;
import dev.selfheal.recovery.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant: while 8 threads call through a handle and the component is restarted 1,000 times (its own
 * crash, an outside failure report as a probe sends, an operator restart, and fatal calls), no instance ever
 * sees a call before its start() completed or after its stop() began; every call returns or throws to its
 * caller; the bulkhead's permits are all back at the end.
 */
class HandleStressTest {
  static final int CALLERS = 8;
  static final int RESTARTS = 1_000;
  static final int PERMITS = 4;
  static final int FATAL = -1;

  public interface Service {
    int work(int x);
  }

  static final class Instance implements Service, Component {
    final ChildContext ctx;
    final LongAdder violations;
    volatile boolean started;
    volatile boolean stopping;

    Instance(ChildContext ctx, LongAdder violations) {
      this.ctx = ctx;
      this.violations = violations;
    }

    @Override
    public void start() {
      started = true;
    }

    @Override
    public void stop() {
      stopping = true;
    }

    @Override
    public int work(int x) {
      check();
      if (x == FATAL) {
        throw new IllegalStateException("fatal");
      }
      int r = x + 1;
      check(); // still inside the call: the instance must not have begun stopping
      return r;
    }

    private void check() {
      if (!started || stopping) {
        violations.increment();
      }
    }
  }

  /** With a bulkhead around the call, and with no policy at all (the guard alone). */
  @ParameterizedTest(name = "bulkhead={0}")
  @ValueSource(booleans = {true, false})
  void no_call_reaches_a_stopped_or_half_started_instance_across_1000_restarts(boolean withBulkhead)
      throws Exception {
    LongAdder violations = new LongAdder();
    Bulkhead bulkhead = Bulkhead.of("stress", BulkheadConfig.builder().maxConcurrentCalls(PERMITS).build());
    Pipeline<Object> pipeline = Pipeline.builder().bulkhead(bulkhead).build();
    SupervisorSpec.Builder spec = SupervisorSpec.builder("app").intensity(1_000_000, Duration.ofHours(1));
    HandleOptions.Builder options = HandleOptions.builder().id("svc").fatal(IllegalStateException.class)
        .awaitInstance(Duration.ofSeconds(5));
    if (withBulkhead) {
      options.intercept("work", pipeline);
    }
    Service handle = spec.supervise(Service.class, ctx -> new Instance(ctx, violations), options.build());
    SupervisorTree tree = SupervisorTree.builder(spec.build()).build();
    Object startedLock = new Object();
    AtomicLong startedGen = new AtomicLong();
    AtomicLong starts = new AtomicLong();
    List<Instance> current = new ArrayList<>(List.of());
    tree.events().subscribe(SupervisorEvent.ChildStarted.class, e -> {
      if (e.path().equals("app/svc")) {
        synchronized (startedLock) {
          current.clear();
          current.add((Instance) ((SupervisedInstance) e.instance()).target());
          startedGen.set(e.generation());
          starts.incrementAndGet();
          startedLock.notifyAll();
        }
      }
    });
    tree.start();

    AtomicBoolean done = new AtomicBoolean();
    LongAdder issued = new LongAdder();
    LongAdder returned = new LongAdder();
    LongAdder threw = new LongAdder();
    Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < CALLERS; t++) {
      int seed = t;
      Thread th = new Thread(() -> {
        int i = seed;
        while (!done.get()) {
          i++;
          int x = i % 4096 == 0 ? FATAL : i & 0xFFFF;
          issued.increment();
          try {
            int r = handle.work(x);
            if (r != x + 1) {
              unexpected.add(new AssertionError("wrong result " + r + " for " + x));
            }
            returned.increment();
          } catch (ComponentUnavailableException | BulkheadFullException e) {
            threw.increment();
          } catch (IllegalStateException e) {
            threw.increment();
            if (x != FATAL) {
              unexpected.add(e);
            }
          } catch (Throwable e) {
            threw.increment();
            unexpected.add(e);
          }
          // 8 callers on a 2-core machine would otherwise starve the supervisor: let it run between calls
          Thread.yield();
        }
      }, "selfheal-test-caller-" + t);
      th.setDaemon(true);
      callers.add(th);
      th.start();
    }

    try {
      for (int r = 0; r < RESTARTS; r++) {
        long gen;
        Instance inst;
        synchronized (startedLock) {
          gen = startedGen.get();
          inst = current.get(0);
        }
        switch (r % 3) {
          case 0 -> inst.ctx.fail(new RuntimeException("crash " + r));
          case 1 -> tree.reportFailure("app/svc", gen, "liveness failed 3/3 (stress " + r + ")");
          default -> operatorRestart(tree);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (startedLock) {
          while (startedGen.get() == gen) {
            long left = deadline - System.nanoTime();
            assertThat(left).as("restart %d of generation %d did not happen within 10 s", r, gen).isPositive();
            TimeUnit.NANOSECONDS.timedWait(startedLock, left);
          }
        }
      }
    } finally {
      done.set(true);
      for (Thread th : callers) {
        th.join(TimeUnit.SECONDS.toMillis(30));
      }
    }
    for (Thread th : callers) {
      assertThat(th.isAlive()).as("caller %s hung", th.getName()).isFalse();
    }
    tree.stop();

    assertThat(unexpected).isEmpty();
    assertThat(violations.sum()).isZero();
    assertThat(issued.sum()).isEqualTo(returned.sum() + threw.sum());
    assertThat(returned.sum()).isPositive();
    assertThat(starts.get()).isGreaterThan(RESTARTS);
    assertThat(bulkhead.availablePermits()).isEqualTo(PERMITS);
  }

  /** An operator's restart: the one place that names the tree's operator-restart call. */
  private static void operatorRestart(SupervisorTree tree) {
    tree.forceRestartChild("app/svc", Actor.operator("stress")).join();
  }
}
