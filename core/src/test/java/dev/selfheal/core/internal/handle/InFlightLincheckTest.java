package dev.selfheal.core.internal.handle;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * lincheck model check of the handle's in-flight guard against a sequential model (a closed flag and the
 * calls held): an enter is admitted exactly when the guard is not closed, and a call never stays inside an
 * instance whose closer saw it quiescent (an operation that finds itself inside after that returns -1, which
 * the model never does). Checked with the default stripes (each lincheck thread owns its stripe) and with one
 * stripe (the first thread to enter owns it, the others take the shared atomic count; an owner claim races a
 * second thread's).
 *
 * <p>Model checking interleaves under sequential consistency, so it checks the protocol's steps and races
 * (claims, refused enters, a close between an enter's store and its read), not the fences: those are argued
 * in {@link InFlight}'s javadoc and exercised on real cores by {@link InFlightStressTest}. There is no
 * reopen: a new instance gets a new guard.
 *
 * <p>{@code enter} and {@code exit} form one non-parallel group (one caller thread, holding its tokens
 * across operations, as a call through the handle holds its instance), {@code stop} another (one closer).
 */
public class InFlightLincheckTest {

  /** The operations, on a guard of {@code stripes} stripes. */
  public abstract static class Ops {
    private final InFlight guard;
    private final int[] held = new int[16];
    private int depth;
    /** Set once the closer's {@code awaitQuiescent} returned true: from then on nothing may be inside. */
    private volatile boolean stopped;

    Ops(int stripes) {
      guard = new InFlight(stripes);
    }

    /** 1 admitted (the token is held until {@code exit}), 0 refused. */
    @Operation(nonParallelGroup = "caller")
    public int enter() {
      int t = guard.enter();
      if (t < 0) {
        return 0;
      }
      held[depth++] = t;
      return 1;
    }

    /** 1 exited, 0 nothing held, -1 the call was still inside after the closer saw the guard quiescent. */
    @Operation(nonParallelGroup = "caller")
    public int exit() {
      if (depth == 0) {
        return 0;
      }
      boolean late = stopped;
      guard.exit(held[--depth]);
      return late ? -1 : 1;
    }

    /** A whole call (enter, then exit) from another thread: 1 ran, 0 refused, -1 ran after quiescence. */
    @Operation
    public int call() {
      int t = guard.enter();
      if (t < 0) {
        return 0;
      }
      boolean late = stopped;
      guard.exit(t);
      return late ? -1 : 1;
    }

    /** The gate's stop(), without blocking: close, then one scan; a quiescent guard lets the instance stop. */
    @Operation(nonParallelGroup = "closer")
    public void stop() throws InterruptedException {
      if (guard.awaitQuiescent(0)) {
        stopped = true;
      }
    }

    @Operation
    public boolean closed() {
      return guard.closed();
    }
  }

  /** Default stripes: every lincheck thread owns a stripe of its own (one that collides shares, still correct). */
  public static class Owned extends Ops {
    public Owned() {
      super(16);
    }
  }

  /** One stripe: one owner, every other thread on the shared count. */
  public static class Shared extends Ops {
    public Shared() {
      super(1);
    }
  }

  /** The sequential model: closed or not, and how many calls the caller holds. */
  public static final class Model {
    private boolean closed;
    private int held;

    public int enter() {
      if (closed) {
        return 0;
      }
      held++;
      return 1;
    }

    public int exit() {
      if (held == 0) {
        return 0;
      }
      held--;
      return 1;
    }

    public int call() {
      return closed ? 0 : 1;
    }

    public void stop() {
      closed = true;
    }

    public boolean closed() {
      return closed;
    }
  }

  private static void check(Class<?> test) {
    new ModelCheckingOptions()
        .iterations(20)
        .invocationsPerIteration(200)
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(0) // the caller's tokens stay on the one thread that holds them
        .actorsAfter(0)
        .loopBound(100) // a quiescence scan walks 17 stripes: a bounded loop, not a spin
        .sequentialSpecification(Model.class)
        .check(test);
  }

  @Test
  void each_thread_on_its_own_stripe() {
    check(Owned.class);
  }

  @Test
  void threads_sharing_one_stripe() {
    check(Shared.class);
  }
}
