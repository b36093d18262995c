package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildContext;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.Harness;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.SupervisorEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A crashed call helps its supervisor (SupervisedHandle's class comment): a call through a handle that threw
 * after its own instance was reported failed on its thread is healed on that thread before the exception
 * reaches the caller, so the caller's next call is served by the new instance, even while the supervisor's
 * own thread has not run at all (here: its executor holds every task until the test lets it go). Other
 * failed calls do not help.
 */
class CrashedCallHelpsTest {
  /** Runs the actors' drains on a pool, except while held: then it keeps them until released. */
  private static final class HoldableExecutor implements Executor {
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "selfheal-supervisor-test");
      t.setDaemon(true);
      return t;
    });
    private final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean holding;

    @Override
    public void execute(Runnable r) {
      if (holding) {
        held.add(r);
      } else {
        running.incrementAndGet();
        pool.execute(() -> {
          try {
            r.run();
          } finally {
            running.decrementAndGet();
          }
        });
      }
    }

    /** Holds every task from now on, once the drains already running have ended (a busy one would drain). */
    void hold() {
      holding = true;
      await().atMost(5, TimeUnit.SECONDS).until(() -> running.get() == 0);
    }

    void release() {
      holding = false;
      Runnable r;
      while ((r = held.poll()) != null) {
        pool.execute(r);
      }
    }
  }

  public interface Stock {
    long generation();

    /** Reports its own instance failed, then throws: a crash seen from inside the call. */
    long crash();

    /** Throws a business exception: nothing is reported. */
    long refuse();

    /** Throws a type the handle declares fatal: the handle reports. */
    long corrupt();
  }

  static final class Broken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Broken(String m) {
      super(m);
    }
  }

  private static final class Instance implements Stock {
    private final ChildContext ctx;
    private final AtomicReference<SupervisorTree> tree;

    Instance(ChildContext ctx, AtomicReference<SupervisorTree> tree) {
      this.ctx = ctx;
      this.tree = tree;
    }

    @Override
    public long generation() {
      return ctx.generation();
    }

    @Override
    public long crash() {
      tree.get().reportFailure(ctx.path(), ctx.generation(), "crashed inside the call");
      throw new IllegalStateException("crash of #" + ctx.generation());
    }

    @Override
    public long refuse() {
      throw new IllegalArgumentException("out of stock");
    }

    @Override
    public long corrupt() {
      throw new Broken("corrupt state in #" + ctx.generation());
    }
  }

  private final HoldableExecutor actors = new HoldableExecutor();
  private final AtomicReference<SupervisorTree> treeRef = new AtomicReference<>();
  private final List<String> startedOn = new CopyOnWriteArrayList<>();
  private Harness h;
  private Stock stock;

  private void start() {
    SupervisorSpec.Builder b = SupervisorSpec.builder("shop").intensity(10, Duration.ofSeconds(1));
    stock = b.supervise(Stock.class, ctx -> new Instance(ctx, treeRef), HandleOptions.builder().id("stock")
        .awaitInstance(Duration.ofSeconds(5)).constructsInline(true).fatal(Broken.class).build());
    h = new Harness(b.build(), tb -> tb.actorExecutor(actors));
    treeRef.set(h.tree);
    h.tree.events().subscribe(SupervisorEvent.ChildStarted.class, e -> startedOn.add(Thread.currentThread().getName()));
    h.start();
    startedOn.clear();
  }

  @AfterEach
  void close() {
    actors.release();
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aCallThatCrashedItsInstance_isHealedOnItsOwnThread_beforeTheSupervisorsThreadRuns() {
    start();
    actors.hold(); // the supervisor's thread "does not wake up"

    assertThatThrownBy(stock::crash).isInstanceOf(IllegalStateException.class).hasMessage("crash of #1");

    assertThat(stock.generation()).isEqualTo(2); // served by the new instance, the supervisor's thread never ran
    assertThat(startedOn).containsExactly(Thread.currentThread().getName());
    assertThat(h.records("child.restart")).singleElement()
        .satisfies(r -> assertThat(r.cause()).contains("crashed inside the call"));
    actors.release(); // the woken task finds nothing left: no second restart
    await().atMost(5, TimeUnit.SECONDS).until(() -> h.tree.snapshot().find("shop/stock") != null);
    assertThat(stock.generation()).isEqualTo(2);
    assertThat(h.records("child.restart")).hasSize(1);
  }

  @Test
  void aFatalTypeReportedByTheHandle_isHealedOnTheCallersThreadToo() {
    start();
    actors.hold();

    assertThatThrownBy(stock::corrupt).isInstanceOf(Broken.class);

    assertThat(stock.generation()).isEqualTo(2);
    assertThat(startedOn).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void aBusinessException_doesNotHelp_andChangesNothing() {
    start();
    actors.hold();
    Thread other = new Thread(() -> h.tree.reportFailure("shop/stock", 1, "reported by someone else"));
    other.start(); // a report from another thread waits for the supervisor's thread
    try {
      other.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }

    assertThatThrownBy(stock::refuse).isInstanceOf(IllegalArgumentException.class);

    assertThat(startedOn).isEmpty(); // the failed call did not run the supervisor's work
    assertThat(h.generation("shop/stock")).isEqualTo(1);
    actors.release();
    await().atMost(5, TimeUnit.SECONDS).until(() -> stock.generation() == 2);
    assertThat(startedOn).singleElement().satisfies(t -> assertThat(t).startsWith("selfheal-supervisor"));
  }
}
