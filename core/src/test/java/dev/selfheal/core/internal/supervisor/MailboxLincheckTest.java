package dev.selfheal.core.internal.supervisor;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * lincheck model check of the mailbox's drain hand-offs: posters, helpers ({@link Mailbox#help}) and the
 * executor's tasks race, and afterwards (the executor's tasks left run to the end) every message was handled
 * exactly once, never two at a time, and nothing waits in the queue. The operations return nothing: the
 * checks are the messages' own (a message that finds another inside records it) and the validation after
 * each scenario, which would find a message stranded with its drain owed but no one to run it (the race a
 * helper that lets go of {@code busy} must re-check for).
 *
 * <p>The executor only queues its tasks; {@code runTask} is an operation, so that a task may run at any
 * point of an interleaving, before, during or after a helper's drain.
 */
class MailboxLincheckTest {

  /** The operations, on one mailbox whose executor's tasks are run by the {@code runTask} operation. */
  public static class Ops {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger posted = new AtomicInteger();
    private final AtomicIntegerArray handled = new AtomicIntegerArray(64);
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean overlap;
    private final Mailbox mailbox = new Mailbox(this, tasks::add, () -> { }, t -> overlap = true, t -> overlap = true);

    @Operation
    public void post() {
      int id = posted.getAndIncrement();
      mailbox.post(() -> {
        if (inside.getAndIncrement() != 0) {
          overlap = true;
        }
        handled.incrementAndGet(id);
        inside.decrementAndGet();
      });
    }

    @Operation
    public void help() {
      mailbox.help();
    }

    @Operation
    public void runTask() {
      Runnable r = tasks.poll();
      if (r != null) {
        r.run();
      }
    }

    /** After the scenario: the executor's tasks run to the end; then each message was handled exactly once. */
    @Validate
    public void everyMessageHandledOnce() {
      Runnable r;
      while ((r = tasks.poll()) != null) {
        r.run();
      }
      if (overlap) {
        throw new IllegalStateException("two drains at once, or a message failed");
      }
      for (int i = 0; i < posted.get(); i++) {
        if (handled.get(i) != 1) {
          throw new IllegalStateException("message " + i + " handled " + handled.get(i) + " times");
        }
      }
      if (mailbox.depth() != 0) {
        throw new IllegalStateException(mailbox.depth() + " messages stranded");
      }
    }
  }

  @Test
  void modelCheck() {
    new ModelCheckingOptions().iterations(30).invocationsPerIteration(500).threads(3).actorsPerThread(3)
        .check(Ops.class);
  }
}
