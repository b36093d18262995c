package dev.selfheal.core.event;

import dev.selfheal.core.ExitReason;
import java.time.Duration;

/**
 * Lifecycle and healing events of a supervisor tree, published on the tree's {@link EventBus} after the
 * transition is committed. Paths are slash-separated from the root: {@code app/db/pool}.
 */
public sealed interface SupervisorEvent {

  /** The path of the child or supervisor this event is about. */
  String path();

  /**
   * A child instance has started and can serve. {@code generation} counts the instances created for this
   * child, from 1; probes use it so that a verdict about an old instance never restarts a newer one. Also
   * published again, with the same generation, when a held instance (diagnosis, a plan's quarantine or
   * not-ready step) is released and serves again after the {@link ChildExited} its hold announced.
   */
  record ChildStarted(String path, long generation, Object instance) implements SupervisorEvent {}

  /** A running child instance exited on its own (or was declared failed by a probe or its context). */
  record ChildExited(String path, long generation, ExitReason reason) implements SupervisorEvent {}

  /**
   * A child instance was stopped by its supervisor. {@code outcome} is {@code "shutdown"} when it stopped
   * within its bound, {@code "killed"} when it had to be interrupted and abandoned.
   */
  record ChildStopped(String path, long generation, String outcome, Duration took) implements SupervisorEvent {}

  /** A restart has been decided and will be attempted after {@code delay} (zero without backoff). */
  record ChildRestarting(String path, int attempt, Duration delay) implements SupervisorEvent {}

  /** A supervisor exceeded its restart intensity; it stops its children and exits with {@code shutdown}. */
  record RestartIntensityExceeded(String path, String child, int maxRestarts, Duration period)
      implements SupervisorEvent {}

  /** The root supervisor has failed: the tree can no longer heal itself. */
  record TreeFailed(String path, String cause) implements SupervisorEvent {}
}
