package dev.selfheal.core.internal.handle;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.internal.supervisor.InlineStop;
import dev.selfheal.core.spi.SupervisedInstance;

/**
 * The component a supervisor starts for a supervised handle: it wraps the user's instance so that the
 * supervisor's ordinary lifecycle decides what callers reach, whatever the supervisor's internals.
 *
 * <pre>{@code
 *  created ──start()──► started ──ChildStarted event──► OPEN (calls routed here)
 *                                                        │ stop(): close; wait for calls in flight
 *                                                        ▼        (bounded by the shutdown); then the
 *                                                      CLOSED     user's stop()
 * }</pre>
 *
 * The gate opens on the supervisor's {@code ChildStarted} event rather than when {@code start()} returns,
 * so an instance whose start completed after its time limit (abandoned by the supervisor) never serves.
 * With {@code brutal_kill} the supervisor calls no {@code stop()}: the handle closes the gate on the
 * {@code ChildStopped} event instead, without waiting (that is what brutal kill means).
 *
 * <p>A child held with its instance kept (diagnosis, a plan's QUARANTINE or NOT_READY step) announces
 * {@code ChildExited}, which closes the gate: callers fail fast. When it is released, the same instance is
 * announced started again; its closed guard cannot reopen (a guard is closed for good, so that no call
 * admitted by an old opening is missed), so {@link #reopened()} gives the kept instance a fresh slot.
 */
final class Gate implements Component, SupervisedInstance, InlineStop {
  final SupervisedHandle<?> handle;
  volatile Slot slot; // replaced only by reopened(), on the supervisor's announcement of a release

  Gate(SupervisedHandle<?> handle, Object target, long generation) {
    this.handle = handle;
    this.slot = new Slot(target, generation);
  }

  /** The slot to open on a ChildStarted: this one, or a fresh one for the kept instance if it was closed. */
  Slot reopened() {
    Slot s = slot;
    if (s.guard.closed()) {
      s = new Slot(s.target, s.generation);
      slot = s;
    }
    return s;
  }

  @Override
  public void start() throws Exception {
    if (slot.target instanceof Component c) {
      c.start();
    }
  }

  @Override
  public void stop() throws Exception {
    // No deadline of ours: the supervisor's shutdown bound interrupts this wait (and then abandons us).
    Slot s = slot;
    s.guard.awaitQuiescent(-1);
    if (s.target instanceof Component c) {
      c.stop();
    }
  }

  @Override
  public boolean stopsWithoutUserCode() {
    return !(slot.target instanceof Component);
  }

  @Override
  public boolean stopWithin(long timeoutNanos) throws InterruptedException {
    return slot.guard.awaitQuiescent(timeoutNanos); // the whole of stop() for an instance with no lifecycle
  }

  @Override
  public Object target() {
    return slot.target;
  }

  @Override
  public ChildSpec spec() {
    return handle.spec();
  }

  @Override
  public String toString() {
    return "Gate[" + handle.path() + "#" + slot.generation + ": " + slot.target + "]";
  }
}
