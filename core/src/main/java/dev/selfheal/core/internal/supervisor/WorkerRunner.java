package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.Shutdown;
import dev.selfheal.core.Worker;
import java.util.concurrent.ThreadFactory;

/**
 * Workers: the factory runs on the actor, then a fresh thread from the tree's thread factory runs the
 * worker. Creating or starting that thread can fail (under {@code ulimit -u}, {@code Thread.start()} throws
 * {@link OutOfMemoryError}): that is a failed start like any other, counted, retried and escalated by the
 * rules, never an error that kills the supervisor. Stopping sets {@code stopRequested}, waits for the
 * thread within the {@link Shutdown} bound, then interrupts it and abandons it.
 */
final class WorkerRunner implements ChildRunner {
  private final ThreadFactory threads;

  WorkerRunner(ThreadFactory threads) {
    this.threads = threads;
  }

  @Override
  public Object start(ChildRecord c, Context ctx) {
    Worker w;
    try {
      w = (Worker) c.spec.factory().apply(ctx);
    } catch (RuntimeException e) {
      throw new ChildStartException(ctx.path(), "factory threw " + ExitReason.abnormal(e).message(), e);
    }
    if (w == null) {
      if (c.spec.ignoreWhenNull()) {
        return IGNORED;
      }
      throw new ChildStartException(ctx.path(), "factory returned null", null);
    }
    WorkerRun run = new WorkerRun(ctx.owner(), c.id(), w, ctx);
    try {
      Thread t = threads.newThread(run);
      if (t == null) {
        throw new IllegalStateException("the thread factory returned null");
      }
      t.setName("selfheal-worker-" + ctx.path());
      t.setDaemon(true);
      run.thread = t;
      t.start();
    } catch (Throwable t) {
      throw new ChildStartException(ctx.path(), "could not start its thread: " + ExitReason.abnormal(t).message(), t);
    }
    return run;
  }

  @Override
  public String stop(Object instance, Shutdown shutdown) {
    Thread t = ((WorkerRun) instance).thread;
    if (t == Thread.currentThread() || !t.isAlive()) {
      return "shutdown";
    }
    try {
      if (shutdown.isBrutalKill()) {
        t.interrupt();
        return "killed: brutal_kill, interrupted";
      }
      if (shutdown.isInfinity()) {
        t.join();
        return "shutdown";
      }
      t.join(Math.max(1, shutdown.timeout().toMillis()));
      if (!t.isAlive()) {
        return "shutdown";
      }
      t.interrupt();
      return "killed: did not stop within " + shutdown + "; interrupted and abandoned";
    } catch (InterruptedException e) {
      t.interrupt();
      Thread.currentThread().interrupt();
      return "killed: supervisor interrupted while stopping";
    }
  }
}
