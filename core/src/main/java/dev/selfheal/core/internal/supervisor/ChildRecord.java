package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One child as its supervisor tracks it. Actor-owned: only the owning supervisor's actor reads or writes
 * it; other threads see a child only through the snapshot the supervisor publishes between messages.
 *
 * <p>Legal transitions (the table below; an illegal one is a bug of ours and throws):
 * <pre>{@code
 *   STOPPED ──► STARTING ──► RUNNING ──► STOPPING ──► STOPPED
 *      │           └─ start fails or ignored ─► STOPPED
 *      ├──► RESTARTING (pending: backoff or retry) ──► STARTING | STOPPED (cancelled)
 *      └──► FAILED (exit recorded, decision deferred: paused) ──► STARTING | RESTARTING | STOPPED
 *   RUNNING ──► FAILED (dry-run: the instance exited on its own; kept, to be stopped for cleanup later)
 *   FAILED ──► STOPPING (that cleanup, once a live decision is taken)
 *   RUNNING | FAILED | STOPPED ──► HELD (diagnosis: a dependency down) ──► RUNNING (kept instance released)
 *   HELD ──► STARTING (ended instance released) | STOPPING | STOPPED (operator stop, supervisor stopping)
 * }</pre>
 */
final class ChildRecord {
  final ChildSpec spec;
  private ChildState state = ChildState.STOPPED;
  long generation;
  long restarts;
  String lastFailure;
  Instant lastFailureTime;
  /** The running instance: a Component, a WorkerRun or a SupervisorNode; null when not running. */
  Object instance;
  Context context;
  /** The exit signal recorded while FAILED, decided when the override that deferred it lifts. */
  Signal failedBy;
  /** Position in the supervisor's table (start order); -1 once removed. */
  int index = -1;
  long startedAtNanos;
  int consecutiveFailures;
  /** Bumped whenever a pending restart of this child is armed or cancelled. */
  long restartToken;
  /** The restart this child triggered and that waits for its backoff or retry; null if none. */
  Pending pending;
  /** Whether a restart of this child waits for the tree's blast radius (it is decided again, not journaled again). */
  boolean waitingForSlot;
  /** This child's position on its recovery plan; null until a step is taken (or without a plan). */
  Ladder ladder;
  /** The hold diagnosis put this child in while HELD (its evidence); stale once it is not HELD. */
  Decision.Hold hold;
  /** When (ticker nanos) the child became HELD; read by a plan's hold for its {@code holdFor}. */
  long heldAtNanos;
  /** The plan's reset ({@code recover()}) running off the actor, or null; stale once its generation is not current. */
  Reset reset;
  /** This child's entry in the last published snapshot; null when it changed since. */
  ChildSnapshot published;
  private final SupervisorNode owner;

  /**
   * A reset in flight: for which instance and plan step, the task running {@code recover()} (interrupted at
   * the timeout) and the timer of that timeout (cancelled when it returns).
   */
  record Reset(long generation, int step, java.util.concurrent.Future<?> task,
      dev.selfheal.core.spi.Scheduler.Cancellable timer) {}

  /** A restart armed to run later: which children, each with the token it had when armed. */
  record Pending(long token, List<ChildRecord> members, long[] tokens) {}

  /** @param owner told of every change, so that it republishes; null in policy tests */
  ChildRecord(ChildSpec spec, SupervisorNode owner) {
    this.spec = spec;
    this.owner = owner;
  }

  /** Marks the record changed: the next publish rebuilds its snapshot entry. */
  void touch() {
    if (published != null) {
      published = null;
      if (owner != null) {
        owner.changed(this);
      }
    }
  }

  String id() {
    return spec.id();
  }

  ChildState state() {
    return state;
  }

  void setState(ChildState next) {
    if (!LEGAL.get(state).contains(next)) {
      throw new IllegalStateException("illegal transition of child '" + id() + "' from " + state + " to " + next);
    }
    ChildState was = state;
    state = next;
    touch();
    if (owner != null) {
      owner.tree.load().changed(was, next);
      if (was == ChildState.HELD && next != ChildState.HELD) {
        owner.tree.ready(owner.announcer.childPath(id())); // a NOT_READY step's hold ends with the hold
      }
    }
  }

  /** The legal transitions (the diagram in {@link ChildState}). */
  private static final Map<ChildState, Set<ChildState>> LEGAL = new EnumMap<>(ChildState.class);

  static {
    LEGAL.put(ChildState.STOPPED, EnumSet.of(ChildState.STARTING, ChildState.STOPPED, ChildState.RESTARTING,
        ChildState.FAILED, ChildState.HELD));
    LEGAL.put(ChildState.STARTING, EnumSet.of(ChildState.RUNNING, ChildState.STOPPED));
    LEGAL.put(ChildState.RUNNING, EnumSet.of(ChildState.STOPPING, ChildState.FAILED, ChildState.HELD));
    LEGAL.put(ChildState.HELD, EnumSet.of(ChildState.RUNNING, ChildState.STARTING, ChildState.STOPPING,
        ChildState.STOPPED, ChildState.HELD));
    LEGAL.put(ChildState.STOPPING, EnumSet.of(ChildState.STOPPED));
    LEGAL.put(ChildState.RESTARTING, EnumSet.of(ChildState.STARTING, ChildState.STOPPED, ChildState.RESTARTING));
    LEGAL.put(ChildState.FAILED, EnumSet.of(ChildState.STARTING, ChildState.STOPPING, ChildState.STOPPED,
        ChildState.RESTARTING, ChildState.FAILED, ChildState.HELD));
  }

  SupervisorNode nested() {
    return instance instanceof SupervisorNode n ? n : null;
  }
}
