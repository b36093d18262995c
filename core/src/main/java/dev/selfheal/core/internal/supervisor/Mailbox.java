package dev.selfheal.core.internal.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * The mailbox of one supervisor actor: a JCTools MPSC queue drained by at most one task at a time on an
 * injectable {@link Executor}, so everything a supervisor decides runs single-threaded and takes no lock.
 *
 * <pre>{@code
 *   idle ──post (CAS scheduled false→true)──► draining ──queue empty, scheduled←false──► idle
 *                                                │ a message throws anything
 *                                                └──► contained (onContained), next message
 *   post whose executor refuses or cannot run the drain ──► onLoopFailure (the tree fails)
 * }</pre>
 *
 * <p><b>Containment.</b> Every {@link Throwable} thrown while handling a message, {@link Error}s and
 * {@link VirtualMachineError}s included, is handed to {@code onContained} and the drain goes on with the
 * next message: a supervisor never dies with its {@code scheduled} flag set and its mailbox unread. If the
 * executor cannot run the drain at all (rejected, or no thread can be created), the loop cannot go on:
 * {@code onLoopFailure} is called, which fails the tree so that its liveness turns DOWN.
 *
 * <p><b>Between messages.</b> After each message {@code afterEach} runs (the supervisor publishes its
 * snapshot there, if the message changed anything), then the caller of an ask is answered: readers on other
 * threads only ever see states between messages, and a caller who joins its future sees what its call
 * changed.
 *
 * <p><b>Memory ordering.</b> {@code offer} happens-before the {@code poll} that returns the message; the
 * CAS on {@code scheduled} hands the drain from one task to the next, and the CAS on {@code busy} the queue's
 * one consumer side (a JCTools MPSC queue) from one draining thread to the next.
 *
 * <p><b>Callers must</b> never block inside a message on a future of the same mailbox, nor of another
 * mailbox of the same owner (a parent may be waiting for this one): {@link #drainingFor} tells a caller
 * whether it is inside such a message (a thread-local frame per drain, nested drains of a direct executor
 * included).
 *
 * <p><b>Help.</b> A thread that has just posted and leaves the code that made it post (a call that failed
 * through a supervised handle after its instance was reported failed) may {@link #help}: if messages wait
 * and no thread has begun to drain them yet, it drains up to {@link #HELP_BUDGET} of them itself, before the
 * executor's thread has even woken up, and hands the rest back to the executor. That is how a BEAM scheduler
 * runs the supervisor right after the process whose exit it must handle: on this VM a parked thread's
 * wake-up takes 2 µs at the median but up to a few milliseconds at p99.9, and a crash's healing paid it
 * every time. Who drains is decided by a second flag, {@code busy}, which the executor's task and a helper
 * both take by CAS; the loser leaves, and the winner re-checks the queue after letting go, so that a message
 * posted while it was busy (whose task found it busy and left) is never stranded ({@code MailboxLincheckTest}
 * finds that message stranded if the re-check trusts a set {@code scheduled} to have a task coming):
 *
 * <pre>{@code
 *   scheduled: a drain is owed (set by the post that schedules one; reset by a drain that found no message)
 *   busy:      a thread is draining (executor task or helper, CAS false→true; the loser returns)
 *   after busy←false (and the outbox run): queue not empty ──► scheduled←true, take busy again
 *                                           (or leave it to whoever took it meanwhile: it re-checks too)
 *   a task that runs after a helper drained everything: finds nothing, resets scheduled, leaves
 * }</pre>
 */
final class Mailbox {
  private final MpscUnboundedXaddArrayQueue<Runnable> queue = new MpscUnboundedXaddArrayQueue<>(64);
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicBoolean busy = new AtomicBoolean();
  /** Messages a helper drains at most before it hands the rest back to the executor. */
  static final int HELP_BUDGET = 16;
  private final Executor executor;
  private final Runnable afterEach;
  private final Consumer<Throwable> onContained;
  private final Consumer<Throwable> onLoopFailure;
  /** Asks handled since the last publish, answered after it. Drain-owned. */
  private final List<Ask<?>> answered = new ArrayList<>(1);
  /** Tasks to run once the drain has let go of the mailbox ({@link #afterDrain}). Drain-owned. */
  private final List<Runnable> outbox = new ArrayList<>(1);
  /** Whose supervisors this thread is draining, innermost first (a direct executor nests drains). */
  private static final ThreadLocal<Frame> DRAINING = new ThreadLocal<>();
  private final Object owner;

  private record Frame(Object owner, Frame outer) {}

  /** @param owner what {@link #drainingFor} asks about (the tree), so that a caller never waits for itself */
  Mailbox(Object owner, Executor executor, Runnable afterEach, Consumer<Throwable> onContained,
      Consumer<Throwable> onLoopFailure) {
    this.owner = owner;
    this.executor = executor;
    this.afterEach = afterEach;
    this.onContained = onContained;
    this.onLoopFailure = onLoopFailure;
  }

  void post(Runnable message) {
    queue.offer(message);
    schedule();
  }

  /**
   * Posts {@code body} and returns a future completed with its result once the actor has run it and
   * published what it changed, so that a caller who joins the future sees the new snapshot.
   */
  <T> CompletableFuture<T> ask(Supplier<T> body) {
    Ask<T> ask = new Ask<>(body);
    post(ask);
    return ask.future;
  }

  /**
   * A message with a caller waiting for it. Its future is completed after the next publish, so that the
   * caller sees what it changed; failed, not left hanging, if the loop cannot run it.
   */
  private final class Ask<T> implements Runnable {
    final CompletableFuture<T> future = new CompletableFuture<>();
    private final Supplier<T> body;
    private T result;
    private Throwable failure;

    Ask(Supplier<T> body) {
      this.body = body;
    }

    @Override
    public void run() {
      try {
        result = body.get();
      } catch (Throwable t) {
        failure = t;
      }
      answered.add(this);
    }

    void answer() {
      if (failure != null) {
        future.completeExceptionally(failure);
      } else {
        future.complete(result);
      }
    }
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (Throwable t) {
        failLoop(t);
      }
    }
  }

  /**
   * The executor cannot run the drain: whoever waits must hear it, and the tree must fail. The queue has
   * one consumer at a time: if a helper drains, it answers the waiting asks itself.
   */
  private void failLoop(Throwable t) {
    if (busy.compareAndSet(false, true)) {
      try {
        Runnable m;
        while ((m = queue.poll()) != null) {
          if (m instanceof Ask<?> ask) {
            ask.future.completeExceptionally(new IllegalStateException("supervisor cannot handle messages", t));
          }
        }
        scheduled.set(false);
      } finally {
        busy.set(false);
      }
    }
    onLoopFailure.accept(t);
  }

  /**
   * Messages waiting (posted, not yet taken by the drain): a lock-free O(1) read of the queue's two
   * indices, racy by nature, for metrics.
   */
  int depth() {
    return queue.size();
  }

  /**
   * Whether the current thread is inside a drain of a mailbox of {@code owner} (a message, or what it calls,
   * such as a listener): waiting there for another of its mailboxes may wait for a supervisor that is itself
   * waiting for this one (a parent starting or stopping a nested supervisor).
   */
  static boolean drainingFor(Object owner) {
    for (Frame f = DRAINING.get(); f != null; f = f.outer()) {
      if (f.owner() == owner) {
        return true;
      }
    }
    return false;
  }

  /** The executor's task: drains unless a helper is draining (which then owes the re-check). */
  private void drain() {
    drain(Integer.MAX_VALUE);
  }

  /**
   * Drains here, on the calling thread, up to {@link #HELP_BUDGET} messages, if messages wait and no thread
   * drains them yet (the executor's task, woken by the post, may not have started: this thread does its
   * work first, and the task finds nothing left). Nothing if this thread is inside a drain of a mailbox of
   * the same owner. The thread's interrupt status is kept from the messages and restored afterwards. Any
   * thread; returns at once when there is nothing to do or someone else drains.
   */
  void help() {
    if (!scheduled.get() || queue.isEmpty() || busy.get() || drainingFor(owner)) {
      return;
    }
    boolean interrupted = Thread.interrupted(); // a caller's interrupt is not meant for the supervisor's waits
    try {
      drain(HELP_BUDGET);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void drain(int budget) {
    if (!busy.compareAndSet(false, true)) {
      return; // whoever drains re-checks the queue after letting go
    }
    while (true) {
      boolean handBack = false;
      List<Runnable> out = null;
      Frame outer = DRAINING.get();
      DRAINING.set(new Frame(owner, outer)); // one small frame per drain, not per message
      try {
        handBack = handle(budget);
        if (!handBack) {
          if (!outbox.isEmpty()) {
            out = new ArrayList<>(outbox);
            outbox.clear();
          }
          scheduled.set(false);
        }
      } finally {
        DRAINING.set(outer);
        busy.set(false);
      }
      if (handBack) {
        handBack();
        return;
      }
      if (out != null) {
        out.forEach(Mailbox::runContained); // let go first: on a direct executor they may post to this mailbox
      }
      // A post after the last poll either saw scheduled == true and did not schedule, or scheduled a task
      // that found this thread busy and left: either way its message is this drain's. The drain is owed
      // again, and whoever holds busy (this thread, or one that took it meanwhile) re-checks after it.
      if (queue.isEmpty()) {
        return;
      }
      scheduled.set(true);
      if (!busy.compareAndSet(false, true)) {
        return;
      }
    }
  }

  /** A helper's budget is spent: the executor drains the rest (scheduled stays set, the drain stays owed). */
  private void handBack() {
    try {
      executor.execute(this::drain);
    } catch (Throwable t) {
      failLoop(t);
    }
  }

  /**
   * Handles messages until the queue is empty or {@code budget} are done. Drain only (busy held).
   *
   * @return whether the budget ran out with messages left (the drain is still owed, scheduled still set;
   *     the outbox stays for the drain that lets go of the mailbox)
   */
  private boolean handle(int budget) {
    int left = budget;
    Runnable m;
    while ((m = queue.poll()) != null) {
      try {
        m.run();
      } catch (Throwable t) {
        contain(t);
      }
      publishAndAnswer();
      if (--left == 0 && !queue.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code r} once this drain has let go of the mailbox: for telling another actor something that
   * may make it call back into this one (a supervisor's exit to its parent, which then stops it). On a
   * direct executor this keeps the call-back from finding this mailbox still busy. Drain only.
   */
  void afterDrain(Runnable r) {
    outbox.add(r);
  }

  private static void runContained(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      // the receiver's own mailbox contains what it handles; a post itself does not throw
    }
  }

  /** Publishes what the messages handled since the last publish changed, then answers their callers. */
  private void publishAndAnswer() {
    try {
      afterEach.run();
    } catch (Throwable t) {
      contain(t);
    }
    for (int i = 0; i < answered.size(); i++) {
      answered.get(i).answer();
    }
    answered.clear();
  }

  private void contain(Throwable t) {
    try {
      onContained.accept(t);
    } catch (Throwable again) {
      // even reporting failed (out of memory): nothing more can be said; the drain must go on
    }
  }
}
