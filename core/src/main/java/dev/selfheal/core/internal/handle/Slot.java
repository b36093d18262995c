package dev.selfheal.core.internal.handle;

import java.util.concurrent.atomic.AtomicBoolean;

/** One started instance as its handle routes to it: the user's instance, its generation and its guard. */
final class Slot {
  final Object target;
  final long generation;
  final InFlight guard = new InFlight();
  /** Set once a fatal call has reported this instance: later fatal calls need not report again. */
  final AtomicBoolean reported = new AtomicBoolean();
  /**
   * Lets a failed call help the supervisor of this instance ({@code Tree#helper}); set before the slot is
   * published through the handle's volatile {@code current}, so a caller that entered it sees it.
   */
  Runnable helpSupervisor = () -> { };

  Slot(Object target, long generation) {
    this.target = target;
    this.generation = generation;
  }
}
