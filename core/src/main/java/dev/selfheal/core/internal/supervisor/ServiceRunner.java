package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.Component;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.Shutdown;
import dev.selfheal.core.spi.SupervisedInstance;
import dev.selfheal.core.spi.Ticker;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Services: the factory and {@code start()} run on a lifecycle thread, bounded by the spec's start timeout;
 * {@code stop()} too, bounded by its {@link Shutdown}. Past a bound the lifecycle thread is interrupted and
 * the instance abandoned (Java cannot kill a thread), so a hung {@code start()} or {@code stop()} never
 * wedges the supervisor.
 *
 * <p><b>Inline stop.</b> One step runs inline, on the supervisor's own thread: the stop of an {@link InlineStop}
 * that runs no user code, a supervised handle's gate over an instance with no {@code Component} lifecycle. Its
 * whole stop is closing the gate and waiting for the calls in flight: our own wait, with the {@link Shutdown}
 * bound as its deadline ({@code infinity}: none), so it cannot overrun the bound. Past it the calls still in
 * flight finish on their own, the instance is abandoned and the outcome reads as it did on a lifecycle thread;
 * {@code brutal_kill} calls nothing, as before. Why: the supervisor waits for every step anyway, and a
 * hand-off to a lifecycle thread and back adds two thread wake-ups, each waiting for a core on a busy machine
 * (with the start's round trip they were the tail of a restart behind a handle: p99 2.7-13.4 ms for the
 * stop beside other builds, 0.4-1.5 ms inline).
 *
 * <p>Every step that runs user code stays on a lifecycle thread, abandoned at its bound: a service's factory,
 * {@code start()} and {@code stop()}, and a supervised handle's factory too (with its instance's
 * {@code start()}, in one task: one round trip). A factory is user code that may block (a constructor that
 * connects), and running it on the supervisor's thread would let it wedge the supervisor and its subtree's
 * healing, which DESIGN rules out; OTP does run a child's start function in the supervisor and blocks on it,
 * so this is a deliberate difference, unless the user declares that the factory only constructs
 * ({@code HandleOptions.Builder.constructsInline(true)}, the {@link InlineFactory} extension): then the factory
 * runs inline as in OTP, and so does the gate's {@code start()} when the instance has no {@code Component}
 * lifecycle (it has nothing to do); a factory slower than the start timeout still fails the start, once it
 * returns. An instance with a lifecycle has its {@code start()} on a lifecycle thread within what is left of
 * the start timeout.
 */
final class ServiceRunner implements ChildRunner {
  private final ExecutorService lifecycle;

  ServiceRunner(ExecutorService lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public Object start(ChildRecord c, Context ctx) {
    if (c.spec.extension(InlineFactory.class).isPresent()) {
      return startInline(c, ctx);
    }
    return onLifecycleThread(c, ctx, () -> {
      Object made = construct(c, ctx);
      if (made instanceof Component comp) {
        comp.start();
      }
      return made;
    }, c.spec.startTimeout());
  }

  /** The factory's instance, or {@link #IGNORED} for a null the spec accepts; a null it does not is an error. */
  private static Object construct(ChildRecord c, Context ctx) {
    Component comp = (Component) c.spec.factory().apply(ctx);
    if (comp == null) {
      if (c.spec.ignoreWhenNull()) {
        return IGNORED;
      }
      throw new IllegalStateException("factory returned null");
    }
    return comp;
  }

  /** A factory that only constructs: it runs inline, and {@code start()} too if it has nothing to do. */
  private Object startInline(ChildRecord c, Context ctx) {
    Ticker ticker = ctx.owner().tree.ticker();
    long t0 = ticker.read();
    Object made;
    try {
      made = construct(c, ctx);
    } catch (Throwable t) {
      throw new ChildStartException(ctx.path(), ExitReason.abnormal(t).message(), t);
    }
    if (!(made instanceof Component comp)) {
      return made; // ignored
    }
    Duration limit = c.spec.startTimeout();
    long took = ticker.read() - t0;
    if (limit != null && took >= limit.toNanos()) {
      throw new ChildStartException(ctx.path(), "start() did not complete within " + limit
          + " (its factory ran " + Duration.ofNanos(took) + " on the supervisor's thread); abandoned", null);
    }
    if (comp instanceof SupervisedInstance s && !(s.target() instanceof Component)) {
      return comp; // the gate's start() would only look at its target: nothing to call
    }
    return onLifecycleThread(c, ctx, () -> {
      comp.start();
      return comp;
    }, limit == null ? null : limit.minusNanos(took));
  }

  private Object onLifecycleThread(ChildRecord c, Context ctx, Callable<Object> task, Duration limit) {
    Future<Object> f;
    try {
      f = lifecycle.submit(task);
    } catch (Throwable t) {
      throw new ChildStartException(ctx.path(), "no lifecycle thread to start it on: "
          + ExitReason.abnormal(t).message(), t);
    }
    try {
      return limit == null ? f.get() : f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new ChildStartException(ctx.path(), "start() did not complete within " + c.spec.startTimeout()
          + "; interrupted and abandoned", null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new ChildStartException(ctx.path(), ExitReason.abnormal(cause).message(), cause);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new ChildStartException(ctx.path(), "supervisor interrupted while starting", e);
    } catch (CancellationException e) {
      throw new ChildStartException(ctx.path(), "start() cancelled (the tree is stopping)", e);
    }
  }

  @Override
  public String stop(Object instance, Shutdown shutdown) {
    Component comp = (Component) instance;
    if (shutdown.isBrutalKill()) {
      return "killed: brutal_kill, stop() not called; instance abandoned";
    }
    if (instance instanceof InlineStop inline && inline.stopsWithoutUserCode()) {
      try {
        return inline.stopWithin(shutdown.isInfinity() ? -1 : shutdown.timeout().toNanos()) ? "shutdown"
            : "killed: stop() did not return within " + shutdown + "; interrupted and abandoned";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "killed: supervisor interrupted while stopping";
      }
    }
    Future<?> f;
    try {
      f = lifecycle.submit(() -> {
        comp.stop();
        return null;
      });
    } catch (Throwable t) {
      return "killed: no lifecycle thread to run stop() on (" + ExitReason.abnormal(t).message()
          + "); instance abandoned";
    }
    try {
      if (shutdown.isInfinity()) {
        f.get();
      } else {
        f.get(shutdown.timeout().toNanos(), TimeUnit.NANOSECONDS);
      }
      return "shutdown";
    } catch (TimeoutException e) {
      f.cancel(true);
      return "killed: stop() did not return within " + shutdown + "; interrupted and abandoned";
    } catch (ExecutionException e) {
      return "shutdown with error: stop() threw " + ExitReason.abnormal(e.getCause()).message();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      return "killed: supervisor interrupted while stopping";
    } catch (CancellationException e) {
      return "killed: stop() cancelled";
    }
  }
}
