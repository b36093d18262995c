package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.Component;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.Shutdown;
import dev.selfheal.core.internal.handle.HandleBinding;
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
 * <p><b>Inline steps.</b> A step runs inline, on the supervisor's own thread, when it is our own wait with the
 * bound as its deadline, or a supervised handle's factory, whose contract is to construct, because the
 * supervisor waits for every step anyway and a hand-off to a lifecycle thread and back only adds two thread
 * wake-ups, each of which waits for a core on a busy machine: they were the tail of a restart (a crashed
 * service behind a handle served again in 0.6 ms at the median but 9-18 ms at p99 with other builds on the
 * cores; the stop and the start each took one hand-off round trip). What an inline step gives up is the
 * abandonment of a step that overruns its bound, which only user code can do. The steps that run inline:
 *
 * <ul>
 *   <li><b>stop</b> of an {@link InlineStop} that runs no user code: a supervised handle's gate over an
 *       instance with no {@code Component} lifecycle. Its whole stop is closing the gate and waiting for
 *       the calls in flight, our own wait with the {@link Shutdown} bound as its deadline ({@code infinity}:
 *       none), so it cannot overrun the bound. Past it the calls still in flight finish on their own, the
 *       instance is abandoned and the outcome reads as it did on a lifecycle thread. {@code brutal_kill}
 *       calls nothing, as before.
 *   <li><b>the factory of a supervised handle</b> (a spec carrying a {@link HandleBinding}): it constructs
 *       the user's instance, as OTP runs a child's start function in the supervisor itself; a handle whose
 *       instance must connect or load implements {@code Component} and does so in {@code start()}. Should
 *       the factory take longer than the start timeout anyway, the start fails with the same outcome as a
 *       hung one (the instance abandoned; counted, retried or escalated by the rules), only later: the
 *       supervisor waited for it. {@code start()} then runs inline too when the handle's instance has no
 *       {@code Component} lifecycle (the gate's {@code start()} does nothing), else on a lifecycle thread
 *       within what is left of the start timeout.
 * </ul>
 *
 * A plain service's factory, {@code start()} and {@code stop()}, and a handle's instance's own
 * {@code start()} and {@code stop()}, are user code that may block past any bound: they run on a lifecycle
 * thread, which is abandoned at the bound.
 */
final class ServiceRunner implements ChildRunner {
  private final ExecutorService lifecycle;

  ServiceRunner(ExecutorService lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public Object start(ChildRecord c, Context ctx) {
    if (c.spec.extension(HandleBinding.class).isPresent()) {
      return startHandle(c, ctx);
    }
    return onLifecycleThread(c, ctx, () -> {
      Component comp = (Component) c.spec.factory().apply(ctx);
      if (comp == null) {
        if (c.spec.ignoreWhenNull()) {
          return IGNORED;
        }
        throw new IllegalStateException("factory returned null");
      }
      comp.start();
      return comp;
    }, c.spec.startTimeout());
  }

  /** A handle's child: the factory inline, then {@code start()} inline when it has nothing to do. */
  private Object startHandle(ChildRecord c, Context ctx) {
    Ticker ticker = ctx.owner().tree.ticker();
    long t0 = ticker.read();
    Component comp;
    try {
      comp = (Component) c.spec.factory().apply(ctx);
    } catch (Throwable t) {
      throw new ChildStartException(ctx.path(), ExitReason.abnormal(t).message(), t);
    }
    if (comp == null) { // a handle's factory never answers ignore (it throws), but a spec may say otherwise
      if (c.spec.ignoreWhenNull()) {
        return IGNORED;
      }
      throw new ChildStartException(ctx.path(), "factory returned null", null);
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
