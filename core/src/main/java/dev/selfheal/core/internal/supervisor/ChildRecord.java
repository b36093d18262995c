package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One child as its supervisor tracks it. Mutated only by the owning supervisor's actor; the fields that
 * snapshots read from other threads are volatile or atomic.
 */
final class ChildRecord {
  final ChildSpec spec;
  /** The state cell: written by the actor (CAS where a transition must not be lost), read by anyone. */
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

  void setState(ChildState s) {
    state.set(s);
  }

  SupervisorNode nested() {
    return instance instanceof SupervisorNode n ? n : null;
  }
}
