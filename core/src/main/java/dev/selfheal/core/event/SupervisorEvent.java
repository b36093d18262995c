package dev.selfheal.core.event;

import dev.selfheal.core.ExitReason;
import java.time.Duration;

/**
 * Lifecycle and healing events of a supervisor tree, published on the tree's {@link EventBus} after the
 * transition is committed. Paths are slash-separated from the root: {@code app/db/pool}.
 */
public sealed interface SupervisorEvent {

  /** {@return the path of the child or supervisor this event is about} */
  String path();

  /**
   * A child instance has started and can serve. {@code generation} counts the instances created for this
   * child, from 1; probes use it so that a verdict about an old instance never restarts a newer one.
   *
   * @param path the child's path
   * @param generation the instance's number, from 1
   * @param instance the running instance
   */
  record ChildStarted(String path, long generation, Object instance) implements SupervisorEvent {}

  /**
   * A running child instance exited on its own (or was declared failed by a probe or its context).
   *
   * @param path the child's path
   * @param generation the instance's number, from 1
   * @param reason why it exited
   */
  record ChildExited(String path, long generation, ExitReason reason) implements SupervisorEvent {}

  /**
   * A child instance was stopped by its supervisor. {@code outcome} is {@code "shutdown"} when it stopped
   * within its bound, {@code "killed"} when it had to be interrupted and abandoned.
   *
   * @param path the child's path
   * @param generation the instance's number, from 1
   * @param outcome {@code "shutdown"} or {@code "killed"}
   * @param took how long the stop took
   */
  record ChildStopped(String path, long generation, String outcome, Duration took) implements SupervisorEvent {}

  /**
   * A restart has been decided and will be attempted after {@code delay} (zero without backoff).
   *
   * @param path the child's path
   * @param attempt the number of this restart attempt, from 1
   * @param delay the wait before the attempt
   */
  record ChildRestarting(String path, int attempt, Duration delay) implements SupervisorEvent {}

  /**
   * A supervisor exceeded its restart intensity; it stops its children and exits with {@code shutdown}.
   *
   * @param path the supervisor's path
   * @param child the id of the child whose exit exceeded it
   * @param maxRestarts the intensity's restarts
   * @param period the intensity's period
   */
  record RestartIntensityExceeded(String path, String child, int maxRestarts, Duration period)
      implements SupervisorEvent {}

  /**
   * The root supervisor has failed: the tree can no longer heal itself.
   *
   * @param path the root's path
   * @param cause why it failed
   */
  record TreeFailed(String path, String cause) implements SupervisorEvent {}
}
