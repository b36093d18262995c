package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ExitReason;
import dev.selfheal.core.Worker;

/** One worker instance on its own thread; posts its exit to the supervisor when {@code run} ends. */
final class WorkerRun implements Runnable {
  private final SupervisorNode owner;
  private final String id;
  private final Worker worker;
  private final Context context;
  final Thread thread;

  WorkerRun(SupervisorNode owner, String id, Worker worker, Context context) {
    this.owner = owner;
    this.id = id;
    this.worker = worker;
    this.context = context;
    this.thread = new Thread(this, "selfheal-worker-" + context.path());
    thread.setDaemon(true);
  }

  Worker worker() {
    return worker;
  }

  @Override
  public void run() {
    ExitReason reason;
    try {
      worker.run(context);
      ExitReason requested = context.requestedExit;
      reason = requested != null ? requested : ExitReason.normal();
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError e) {
        throw e;
      }
      // Being interrupted or failing while the supervisor stops us is the stop itself, not a crash.
      reason = context.stopRequested() ? ExitReason.shutdown() : ExitReason.abnormal(t);
    }
    if (!context.stopRequested()) {
      ExitReason r = reason;
      owner.post(() -> owner.onChildExit(id, context.generation(), r));
    }
  }
}
