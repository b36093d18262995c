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
 * CAS on {@code scheduled} hands the drain from one task to the next.
 *
 * <p><b>Callers must</b> never block inside a message on a future of the same mailbox, nor of another
 * mailbox of the same owner (a parent may be waiting for this one): {@link #drainingFor} tells a caller
 * whether it is inside such a message (a thread-local frame per drain, nested drains of a direct executor
 * included).
 */
final class Mailbox {
  private final MpscUnboundedXaddArrayQueue<Runnable> queue = new MpscUnboundedXaddArrayQueue<>(64);
  private final AtomicBoolean scheduled = new AtomicBoolean();
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
        // the loop cannot go on: whoever waits must hear it, and the tree must fail
        Runnable m;
        while ((m = queue.poll()) != null) {
          if (m instanceof Ask<?> ask) {
            ask.future.completeExceptionally(new IllegalStateException("supervisor cannot handle messages", t));
          }
        }
        scheduled.set(false);
        onLoopFailure.accept(t);
      }
    }
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

  private void drain() {
    Frame outer = DRAINING.get();
    DRAINING.set(new Frame(owner, outer)); // one small frame per drain, not per message
    try {
      drainLoop();
    } finally {
      DRAINING.set(outer);
    }
  }

  private void drainLoop() {
    while (true) {
      Runnable m;
      while ((m = queue.poll()) != null) {
        try {
          m.run();
        } catch (Throwable t) {
          contain(t);
        }
        publishAndAnswer();
      }
      List<Runnable> out = null;
      if (!outbox.isEmpty()) {
        out = new ArrayList<>(outbox);
        outbox.clear();
      }
      scheduled.set(false);
      if (out != null) {
        out.forEach(Mailbox::runContained);
      }
      // a post between the last poll and the reset above saw scheduled == true and did not schedule
      if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
        return;
      }
    }
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
