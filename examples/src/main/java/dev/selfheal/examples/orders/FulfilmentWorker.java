package dev.selfheal.examples.orders;

import dev.selfheal.core.ChildContext;
import dev.selfheal.core.Worker;
import dev.selfheal.recovery.chaos.FaultInjector;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The background worker: takes accepted orders from the outbox and ships them. The outbox outlives the
 * worker (as a durable queue would), and the fault check comes before an order is taken, so a crash loses
 * no order.
 */
final class FulfilmentWorker implements Worker {
  private final FaultInjector faults;
  private final BlockingQueue<Long> outbox;
  private final Notifier notifier;
  private final LongAdder shipped;

  /** {@code notifier} is the notifier's supervised handle: it survives the notifier's restarts. */
  FulfilmentWorker(FaultInjector faults, BlockingQueue<Long> outbox, Notifier notifier, LongAdder shipped) {
    this.faults = faults;
    this.outbox = outbox;
    this.notifier = notifier;
    this.shipped = shipped;
  }

  @Override
  public void run(ChildContext ctx) throws InterruptedException {
    while (!ctx.stopRequested()) {
      faults.check(); // a crash fault throws here: an abnormal exit, and the supervisor restarts the worker
      Long order = outbox.poll(1, TimeUnit.MILLISECONDS);
      if (order != null) {
        try {
          notifier.shipped(order);
        } catch (RuntimeException e) {
          outbox.add(order); // not shipped: back to the outbox for the next worker, then crash
          throw e;
        }
        shipped.increment();
      }
    }
  }
}
