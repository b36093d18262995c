package dev.selfheal.probes.internal;

import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProbeSpec;
import java.util.function.Consumer;

/**
 * One probe's schedule and its single run slot: the next tick, and at most one run in flight with its timeout.
 *
 * <pre>{@code
 *   (empty) ──begin──► IN_FLIGHT ──complete──► (empty)
 *                         │ timeout: finished, interrupted
 *                         ▼
 *                      TIMED_OUT ──the run's thread returns──► (empty)
 * }</pre>
 *
 * <p>A run that timed out keeps the slot until its thread returns: the owner then counts each period as a
 * failure without starting another run, so a hung check holds one thread, not one per period. A run is
 * finished exactly once, by whichever of completion, timeout or {@link #abort()} comes first; the others
 * then answer false and change nothing.
 *
 * <p>Not thread-safe: every method is called under the owning {@link ProbedComponent}'s lock, which is never
 * held while the check itself runs.
 */
final class RunSlot {
  private Scheduler.Cancellable tick;
  private Run inFlight;

  /** One probe run, bound to the instance (epoch) it was started for. */
  static final class Run {
    final long epoch;
    final Object instance;
    final long startNanos;
    private Scheduler.Cancellable timeoutHandle;
    private Thread thread;
    private boolean finished;
    private boolean timedOut;
    private boolean interruptedByUs;

    Run(long epoch, Object instance, long startNanos) {
      this.epoch = epoch;
      this.instance = instance;
      this.startNanos = startNanos;
    }
  }

  /**
   * Runs one check on the calling thread and turns whatever it does into a result: a null result, an
   * exception, an interrupt or an instance of the wrong type are each a DOWN result naming what happened. A
   * {@link VirtualMachineError} is not a verdict about the component and propagates.
   */
  static ProbeResult check(ProbeSpec<?> spec, Object instance) {
    try {
      ProbeResult result = invoke(spec, instance);
      return result != null ? result : ProbeResult.down("probe returned null");
    } catch (InterruptedException e) {
      return ProbeResult.down("interrupted");
    } catch (Exception e) {
      return ProbeResult.down("threw " + ProbedComponent.describe(e));
    } catch (Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      return ProbeResult.down("threw " + ProbedComponent.describe(e));
    }
  }

  private static <T> ProbeResult invoke(ProbeSpec<T> spec, Object instance) throws Exception {
    if (!spec.type().isInstance(instance)) {
      return ProbeResult.down("instance is " + (instance == null ? "null" : instance.getClass().getName())
          + ", not a " + spec.type().getName());
    }
    return spec.check().check(spec.type().cast(instance));
  }

  void scheduleTick(Scheduler scheduler, Runnable tickAction, long delayNanos) {
    cancelTick();
    tick = scheduler.schedule(tickAction, delayNanos);
  }

  void cancelTick() {
    if (tick != null) {
      tick.cancel();
      tick = null;
    }
  }

  /** Whether a run is in the slot (running, queued, or timed out and not yet returned). */
  boolean occupied() {
    return inFlight != null;
  }

  /** Whether the slot holds a run of this epoch that timed out and has not returned. */
  boolean stuckFor(long epoch) {
    return inFlight != null && inFlight.epoch == epoch && inFlight.timedOut;
  }

  /** Puts a new run in the empty slot and arms its timeout, which calls {@code onTimeout} with the run. */
  Run begin(long epoch, Object instance, long nowNanos, Scheduler scheduler, long timeoutNanos,
      Consumer<Run> onTimeout) {
    if (inFlight != null) {
      throw new IllegalStateException("a run is already in flight");
    }
    Run run = new Run(epoch, instance, nowNanos);
    inFlight = run;
    run.timeoutHandle = scheduler.schedule(() -> onTimeout.accept(run), timeoutNanos);
    return run;
  }

  /**
   * Binds the run to the thread about to execute it. Answers false, and frees the slot, when the run was
   * finished meanwhile (timed out while queued, or aborted): the check must then not run.
   */
  boolean claim(Run run, Thread thread) {
    if (run.finished) {
      release(run);
      return false;
    }
    run.thread = thread;
    return true;
  }

  /** The run's thread has returned from the check; answers whether that thread was interrupted by us. */
  boolean returned(Run run) {
    run.thread = null;
    return run.interruptedByUs;
  }

  /** The run produced a result: frees the slot; answers true when this is the run's first ending. */
  boolean complete(Run run) {
    release(run);
    if (run.finished) {
      return false;
    }
    run.finished = true;
    run.timeoutHandle.cancel();
    return true;
  }

  /** The run's timeout fired: answers true when this is the run's first ending (the thread is interrupted). */
  boolean timeOut(Run run) {
    if (run.finished) {
      return false;
    }
    run.finished = true;
    run.timedOut = true;
    interrupt(run);
    return true;
  }

  /** The monitor stops: cancels the tick and ends a run in flight (its thread is interrupted). */
  void abort() {
    cancelTick();
    Run run = inFlight;
    if (run != null && !run.finished) {
      run.finished = true;
      run.timeoutHandle.cancel();
      interrupt(run);
    }
  }

  private void release(Run run) {
    if (inFlight == run) {
      inFlight = null;
    }
  }

  private static void interrupt(Run run) {
    if (run.thread != null) {
      run.interruptedByUs = true;
      run.thread.interrupt();
    }
  }
}
