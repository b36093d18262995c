package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.Component;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.Shutdown;
import java.time.Duration;
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
 */
final class ServiceRunner implements ChildRunner {
  private final ExecutorService lifecycle;

  ServiceRunner(ExecutorService lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public Object start(ChildRecord c, Context ctx) {
    Future<Object> f;
    try {
      f = lifecycle.submit(() -> {
        Component comp = (Component) c.spec.factory().apply(ctx);
        if (comp == null) {
          if (c.spec.ignoreWhenNull()) {
            return IGNORED;
          }
          throw new IllegalStateException("factory returned null");
        }
        comp.start();
        return comp;
      });
    } catch (Throwable t) {
      throw new ChildStartException(ctx.path(), "no lifecycle thread to start it on: "
          + ExitReason.abnormal(t).message(), t);
    }
    Duration limit = c.spec.startTimeout();
    try {
      return limit == null ? f.get() : f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new ChildStartException(ctx.path(), "start() did not complete within " + limit
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
