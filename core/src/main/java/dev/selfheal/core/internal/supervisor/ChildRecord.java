package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One child as its supervisor tracks it. Mutated only by the owning supervisor's actor; the fields that
 * snapshots read from other threads are volatile or atomic.
 */
final class ChildRecord {
  final ChildSpec spec;
  /** Written only by the owning actor, through {@link #setState}; read by snapshots on any thread. */
  private final AtomicReference<ChildState> state = new AtomicReference<>(ChildState.STOPPED);
  volatile long generation;
  volatile long restarts;
  volatile String lastFailure;
  volatile Instant lastFailureTime;
  /** The running instance: a Component, a WorkerRun or a SupervisorNode; null when not running. */
  volatile Object instance;
  volatile Context context;

  // actor-owned
  long order;
  long startedAtNanos;
  int consecutiveFailures;
  long restartToken;

  ChildRecord(ChildSpec spec) {
    this.spec = spec;
  }

  String id() {
    return spec.id();
  }

  ChildState state() {
    return state.get();
  }

  /**
   * Moves to {@code next}; an illegal transition is a bug of ours and throws. The owning actor is the only
   * writer, so the CAS documents the linearization point rather than arbitrating races.
   */
  void setState(ChildState next) {
    ChildState current = state.get();
    if (!LEGAL.get(current).contains(next)) {
      throw new IllegalStateException("illegal transition of child '" + id() + "' from " + current + " to " + next);
    }
    if (!state.compareAndSet(current, next)) {
      throw new IllegalStateException("child '" + id() + "' changed state concurrently: its actor is not the only writer");
    }
  }

  /** The legal transitions (the diagram in {@link ChildState}). */
  private static final Map<ChildState, Set<ChildState>> LEGAL = new EnumMap<>(ChildState.class);

  static {
    LEGAL.put(ChildState.STOPPED, EnumSet.of(ChildState.STARTING, ChildState.STOPPED, ChildState.RESTARTING,
        ChildState.FAILED));
    LEGAL.put(ChildState.STARTING, EnumSet.of(ChildState.RUNNING, ChildState.STOPPED));
    LEGAL.put(ChildState.RUNNING, EnumSet.of(ChildState.STOPPING));
    LEGAL.put(ChildState.STOPPING, EnumSet.of(ChildState.STOPPED));
    LEGAL.put(ChildState.RESTARTING, EnumSet.of(ChildState.STARTING, ChildState.STOPPED, ChildState.RESTARTING));
    LEGAL.put(ChildState.FAILED, EnumSet.of(ChildState.STARTING, ChildState.STOPPED, ChildState.RESTARTING,
        ChildState.FAILED));
  }

  SupervisorNode nested() {
    return instance instanceof SupervisorNode n ? n : null;
  }
}
