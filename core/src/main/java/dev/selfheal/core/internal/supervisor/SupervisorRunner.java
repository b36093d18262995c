package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.Shutdown;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Nested supervisors: a fresh {@link SupervisorNode} per start, initialised on its own actor (its own
 * children bound its start); stopped by terminating it there within the {@link Shutdown} bound (infinity by
 * default, as OTP recommends for supervisors). Its exit reaches the parent as a {@link Signal.ChildExit}.
 */
final class SupervisorRunner implements ChildRunner {
  private final SupervisorNode parent;

  SupervisorRunner(SupervisorNode parent) {
    this.parent = parent;
  }

  @Override
  public Object start(ChildRecord c, Context ctx) {
    long generation = ctx.generation();
    String id = c.id();
    SupervisorNode nested = new SupervisorNode(parent.tree, ctx.path(), c.spec.supervisorSpec(), parent,
        reason -> parent.signal(new Signal.ChildExit(id, generation, reason)));
    CompletableFuture<Void> f = nested.ask(() -> {
      nested.init();
      return null;
    });
    try {
      f.get();
      return nested;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ChildStartException cse) {
        throw new ChildStartException(ctx.path(), cse.getMessage(), cse);
      }
      throw new ChildStartException(ctx.path(), ExitReason.abnormal(cause).message(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChildStartException(ctx.path(), "supervisor interrupted while starting", e);
    }
  }

  @Override
  public String stop(Object instance, Shutdown shutdown) {
    SupervisorNode nested = (SupervisorNode) instance;
    CompletableFuture<Void> f = nested.ask(() -> {
      nested.terminate("shutdown: parent stopping it");
      return null;
    });
    try {
      if (shutdown.isInfinity()) {
        f.get();
      } else if (shutdown.isBrutalKill()) {
        return "killed: brutal_kill of a supervisor; its children are stopped in the background";
      } else {
        f.get(shutdown.timeout().toNanos(), TimeUnit.NANOSECONDS);
      }
      return "shutdown";
    } catch (TimeoutException e) {
      return "killed: subtree did not stop within " + shutdown + "; abandoned";
    } catch (ExecutionException e) {
      return "shutdown with error: " + ExitReason.abnormal(e.getCause()).message();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "killed: supervisor interrupted while stopping";
    }
  }
}
