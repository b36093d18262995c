package dev.selfheal.recovery.chaos;

import dev.selfheal.core.event.Actor;
import java.util.OptionalLong;

/**
 * One fault injected by a {@link FaultInjector}: its id (such as {@code fault-3}, unique in the JVM), what it
 * does, who asked for it, and what it has done so far.
 *
 * <pre>{@code
 *              inject (startAfter > 0)         startAfter elapsed
 *   ────────────────────────────► SCHEDULED ──────────────────────► ARMED ──► CLEARED
 *   inject (startAfter = 0) ─────────────────────────────────────────┘  │  ▲   (clear, duration over,
 *                                 SCHEDULED ─────────────────────────────┼──┘    trigger exhausted,
 *                                              clear / replaced          │       replaced, instance
 *                                                                        └─      replaced)
 * }</pre>
 *
 * <p>Every transition is a journal record whose kind is a {@link FaultRecordKind} and whose decision starts
 * with the id; the first firing and every crash are journaled too, and a crash reports a failure whose
 * reason starts with {@code "chaos <id>:"}, so the supervisor's healing record names the fault.
 *
 * <p>This interface is thread-safe.
 */
public interface FaultInjection {

  /** The injection's states. */
  enum State {
    SCHEDULED, ARMED, CLEARED
  }

  /** The id, {@code fault-<n>}. */
  String id();

  /** The name of the injector (its component path when bound to one). */
  String point();

  FaultSpec spec();

  /** Who injected it. */
  Actor actor();

  State state();

  /** Calls that passed the injector while this fault was armed. */
  long calls();

  /** Times the fault fired. */
  long fired();

  /** The instance generation this fault was armed against, for an {@link FaultSpec.Scope#INSTANCE} fault of a component-bound injector. */
  OptionalLong generation();

  /** Why it was cleared; empty while not cleared. */
  String clearedBecause();

  /**
   * Clears the fault (journaled with {@code actor}); a call hung by it returns. Idempotent.
   *
   * @return whether this call cleared it
   */
  boolean clear(Actor actor);
}
