package dev.selfheal.recovery.internal;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.recovery.Timeout;
import dev.selfheal.recovery.TimeoutConfig;
import dev.selfheal.recovery.TimeoutExceededException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A {@link Timeout} that runs sync work on its own cached pool of daemon threads named
 * {@code selfheal-timeout-N} (created on demand, retired after 30 s idle, stopped by {@link #close()}), and
 * bounds async work with a scheduler task.
 *
 * <p>This class is thread-safe.
 */
public final class ThreadTimeout extends DirectPolicy implements Timeout {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private volatile TimeoutConfig config;
  private final ThreadPoolExecutor executor;
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder completed = new LongAdder();

  public ThreadTimeout(String name, TimeoutConfig config, Environment env) {
    super(name, env);
    this.config = Objects.requireNonNull(config, "config");
    this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "selfheal-timeout-" + THREADS.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public TimeoutConfig config() {
    return config;
  }

  @Override
  public int rank() {
    return TIMEOUT;
  }

  @Override
  public Stage wrap(Stage next) {
    return (task, arg, kind) -> execute(next, task, arg, kind);
  }

  @Override
  public AsyncStage wrapAsync(AsyncStage next) {
    return task -> executeAsync(next, task);
  }

  private Object execute(Stage next, Object task, Object arg, int kind) throws Exception {
    TimeoutConfig c = config;
    Map<String, String> mdc = Mdc.capture();
    FutureTask<Object> work = new FutureTask<>(() -> {
      Map<String, String> previous = Mdc.install(mdc);
      try {
        return next.call(task, arg, kind);
      } finally {
        if (mdc != null) {
          Mdc.restore(previous);
        }
      }
    });
    executor.execute(work);
    try {
      Object r = work.get(c.timeout().toNanos(), TimeUnit.NANOSECONDS);
      completed.increment();
      return r;
    } catch (TimeoutException e) {
      if (!work.cancel(true)) { // it finished just now: its outcome stands
        completed.increment();
        return outcome(work);
      }
      timedOut.increment();
      throw new TimeoutExceededException(name, c.timeout(), c.writableStackTrace());
    } catch (ExecutionException e) {
      completed.increment();
      throw Throwables.sneakyThrow(e.getCause());
    } catch (InterruptedException e) {
      work.cancel(true); // the caller gave up: so does the work
      throw e;
    }
  }

  private static Object outcome(FutureTask<Object> work) throws Exception {
    try {
      return work.get();
    } catch (ExecutionException e) {
      throw Throwables.sneakyThrow(e.getCause());
    }
  }

  private CompletableFuture<Object> executeAsync(AsyncStage next, Supplier<? extends CompletionStage<?>> task) {
    TimeoutConfig c = config;
    CompletableFuture<Object> result = new CompletableFuture<>();
    CompletableFuture<Object> inner = next.call(task);
    Map<String, String> mdc = Mdc.capture();
    AtomicBoolean fired = new AtomicBoolean();
    Scheduler.Cancellable timer = env.scheduler().schedule(Mdc.wrap(mdc, () -> {
      if (!result.isDone() && fired.compareAndSet(false, true)) {
        timedOut.increment();
        inner.cancel(true); // before completing: whoever sees the timeout also sees the inner work cancelled
        result.completeExceptionally(new TimeoutExceededException(name, c.timeout(), c.writableStackTrace()));
      }
    }), c.timeout().toNanos());
    inner.whenComplete((r, t) -> {
      timer.cancel();
      if (!fired.compareAndSet(false, true)) {
        return; // the deadline won: the timer completes the result
      }
      completed.increment(); // won the flag: the timer now stands down, so no call counts twice
      if (t != null) {
        result.completeExceptionally(Throwables.unwrap(t));
      } else {
        result.complete(r);
      }
    });
    Futures.cancelInnerOnCancel(result, inner);
    return result;
  }

  @Override
  public long timedOutCalls() {
    return timedOut.sum();
  }

  @Override
  public long completedCalls() {
    return completed.sum();
  }

  @Override
  public void reconfigure(TimeoutConfig newConfig, Actor actor) {
    env.reconfigure(PolicyKind.TIMEOUT, name, this, newConfig, actor, c -> {
      TimeoutConfig old = config;
      config = c;
      return old;
    });
  }


  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** Threads this timeout currently owns (for tests and diagnostics). */
  public int threads() {
    return executor.getPoolSize();
  }

  @Override
  public String toString() {
    return "Timeout{name=" + name + ", config=" + config + "}";
  }
}
