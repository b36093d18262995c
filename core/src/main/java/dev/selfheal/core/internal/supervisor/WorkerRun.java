package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ExitReason;
import dev.selfheal.core.Worker;

/** One worker instance on its own thread; signals its exit to the supervisor when {@code run} ends. */
final class WorkerRun implements Runnable {
  private final SupervisorNode owner;
  private final String id;
  private final Worker worker;
  private final Context context;
  /** Set by {@link WorkerRunner} before the thread starts. */
  volatile Thread thread;
  /** How {@code run} ended on its own (null while running, or when it ended because it was stopped). */
  volatile ExitReason ended;

  WorkerRun(SupervisorNode owner, String id, Worker worker, Context context) {
    this.owner = owner;
    this.id = id;
    this.worker = worker;
    this.context = context;
  }

  Worker worker() {
    return worker;
  }

  /** Whether the worker's thread is still running (OTP checks that a child process is alive). */
  boolean alive() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  @Override
  public void run() {
    ExitReason reason;
    try {
      worker.run(context);
      ExitReason requested = context.requestedExit;
      reason = requested != null ? requested : ExitReason.normal();
    } catch (Throwable t) {
      // Being interrupted or failing while the supervisor stops us is the stop itself, not a crash.
      reason = context.stopRequested() ? ExitReason.shutdown() : ExitReason.abnormal(t);
    }
    if (!context.stopRequested()) {
      ended = reason;
      owner.signal(new Signal.ChildExit(id, context.generation(), reason));
    }
  }
}
