package dev.selfheal.core;

import dev.selfheal.core.internal.ChunkedList;
import java.time.Instant;
import java.util.List;

/**
 * An immutable view of one node of the tree, taken without stopping anything.
 *
 * @param path              slash-separated path from the root, such as {@code app/db}
 * @param id                the last path segment
 * @param kind              service, worker or supervisor
 * @param restartType       the child's restart type (PERMANENT for the root)
 * @param state             its state when the snapshot was taken
 * @param generation        instances created so far (0 if never started)
 * @param restarts          total automatic restarts of this child
 * @param restartsInWindow  for supervisors: restarts in the current intensity window; else 0
 * @param lastFailure       the last failure's reason, or null
 * @param lastFailureTime   when it happened (wall clock), or null
 * @param strategy          for supervisors, their strategy; else null
 * @param children          for supervisors, their children in start order; else empty
 * @param overrides         the operator overrides set on this node and in force (pause and dry-run on the
 *                          root, suspensions on the node they were set on); else empty
 * @param held              while {@link ChildState#HELD}: why, such as {@code dependency 'db' is down (sibling
 *                          RESTARTING)}, {@code quarantined by plan step 3} or {@code not ready by plan step 2};
 *                          else null
 */
public record ChildSnapshot(
    String path,
    String id,
    ChildKind kind,
    RestartType restartType,
    ChildState state,
    long generation,
    long restarts,
    int restartsInWindow,
    String lastFailure,
    Instant lastFailureTime,
    RestartStrategy strategy,
    List<ChildSnapshot> children,
    List<HealingOverride> overrides,
    String held) {

  /**
   * A snapshot of a child that is not held.
   *
   * @param path             slash-separated path from the root
   * @param id               the last path segment
   * @param kind             service, worker or supervisor
   * @param restartType      the child's restart type
   * @param state            its state
   * @param generation       instances created so far
   * @param restarts         total automatic restarts
   * @param restartsInWindow for supervisors: restarts in the current intensity window
   * @param lastFailure      the last failure's reason, or null
   * @param lastFailureTime  when it happened, or null
   * @param strategy         for supervisors, their strategy; else null
   * @param children         for supervisors, their children in start order; else empty
   * @param overrides        the operator overrides in force on this node; else empty
   */
  public ChildSnapshot(String path, String id, ChildKind kind, RestartType restartType, ChildState state,
      long generation, long restarts, int restartsInWindow, String lastFailure, Instant lastFailureTime,
      RestartStrategy strategy, List<ChildSnapshot> children, List<HealingOverride> overrides) {
    this(path, id, kind, restartType, state, generation, restarts, restartsInWindow, lastFailure,
        lastFailureTime, strategy, children, overrides, null);
  }

  /**
   * A snapshot with no overrides in force, of a child that is not held.
   *
   * @param path slash-separated path from the root
   * @param id the last path segment
   * @param kind service, worker or supervisor
   * @param restartType the child's restart type
   * @param state its state
   * @param generation instances created so far
   * @param restarts total automatic restarts
   * @param restartsInWindow for supervisors: restarts in the current intensity window
   * @param lastFailure the last failure's reason, or null
   * @param lastFailureTime when it happened, or null
   * @param strategy for supervisors, their strategy; else null
   * @param children for supervisors, their children in start order; else empty
   */
  public ChildSnapshot(String path, String id, ChildKind kind, RestartType restartType, ChildState state,
      long generation, long restarts, int restartsInWindow, String lastFailure, Instant lastFailureTime,
      RestartStrategy strategy, List<ChildSnapshot> children) {
    this(path, id, kind, restartType, state, generation, restarts, restartsInWindow, lastFailure,
        lastFailureTime, strategy, children, List.of());
  }

  /**
   * Copies the lists, so that the snapshot is immutable.
   *
   * @param path slash-separated path from the root, such as {@code app/db}
   * @param id the last path segment
   * @param kind service, worker or supervisor
   * @param restartType the child's restart type (PERMANENT for the root)
   * @param state its state when the snapshot was taken
   * @param generation instances created so far (0 if never started)
   * @param restarts total automatic restarts of this child
   * @param restartsInWindow for supervisors: restarts in the current intensity window; else 0
   * @param lastFailure the last failure's reason, or null
   * @param lastFailureTime when it happened (wall clock), or null
   * @param strategy for supervisors, their strategy; else null
   * @param children for supervisors, their children in start order; else empty
   * @param overrides the operator overrides set on this node and in force (pause and dry-run on the root, suspensions on the node they were set on); else empty
   * @param held why the child is {@link ChildState#HELD} (a dependency down, a plan's quarantine or not-ready step);
   *     null when it is not held
   */
  public ChildSnapshot {
    // a ChunkedList is immutable already: not copying it keeps republishing one child of many cheap
    children = children instanceof ChunkedList<ChildSnapshot> ? children : List.copyOf(children);
    overrides = List.copyOf(overrides);
  }

  /**
   * Finds a node by path in this subtree, or null.
   *
   * @param path a tree path such as {@code app/db}
   * @return the node at {@code path}, or null if this subtree has none
   */
  public ChildSnapshot find(String path) {
    if (this.path.equals(path)) {
      return this;
    }
    if (!path.startsWith(this.path + "/")) {
      return null;
    }
    for (ChildSnapshot c : children) {
      ChildSnapshot f = c.find(path);
      if (f != null) {
        return f;
      }
    }
    return null;
  }
}
