package dev.selfheal.recovery.chaos;

import dev.selfheal.core.event.Actor;
import java.util.OptionalLong;

/**
 * One fault injected by a {@link FaultInjector}: its id (such as {@code fault-3}, unique in the JVM), what it
 * does, who asked for it, and what it has done so far.
 *
 * <pre>{@code
 *   inject (startAfter > 0)       inject (startAfter = 0)
 *          │                             │
 *          ▼      startAfter elapsed     ▼
 *      SCHEDULED ───────────────────► ARMED ───────────────────────────────► CLEARED
 *          │                                 clear, duration over, trigger exhausted      ▲
 *          │                                 (not a hang), replaced by the next inject,   │
 *          │                                 its instance replaced (INSTANCE scope)       │
 *          └──────────────────── clear, replaced by the next inject ──────────────────────┘
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
    /** Waiting for its start delay. */
    SCHEDULED,
    /** Armed: its trigger decides which calls it hits. */
    ARMED,
    /** Cleared: it hits no call any more. */
    CLEARED
  }

  /** {@return the id, {@code fault-<n>}} */
  String id();

  /** {@return the name of the injector (its component path when bound to one)} */
  String point();

  /** {@return what was injected} */
  FaultSpec spec();

  /** {@return who injected it} */
  Actor actor();

  /** {@return the injection's state now} */
  State state();

  /** {@return calls that passed the injector while this fault was armed} */
  long calls();

  /** {@return times the fault fired} */
  long fired();

  /** {@return the instance generation this fault was armed against, for an {@link FaultSpec.Scope#INSTANCE} fault of a component-bound injector} */
  OptionalLong generation();

  /** {@return why it was cleared; empty while not cleared} */
  String clearedBecause();

  /**
   * Clears the fault (journaled with {@code actor}); a call hung by it returns. Idempotent.
   *
   * @return whether this call cleared it
   * @param actor who clears it, for the journal
   */
  boolean clear(Actor actor);
}
