package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildKind;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.RestartType;
import dev.selfheal.core.internal.ChunkedList;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one supervisor's published snapshot from its child table, rebuilding only what changed, and
 * splices it into its ancestors' published snapshots. Runs on the supervisor's actor, under the tree's
 * publish lock (which only publishers take: readers read one volatile field, lock-free and allocation-free).
 *
 * <p>Costs per publish: the entries of the children added or changed since the last one are rebuilt; the
 * lists are {@link ChunkedList}s, so replacing or appending one entry of n copies about 64 + n / 1024
 * references; past n / 64 changes (a group restart) or after a removal (positions move) the lists are
 * rebuilt at once in O(n). Each ancestor's entry for this supervisor is replaced the same way.
 */
final class SnapshotPublisher {
  private final SupervisorNode node;
  private long publishedRemovals = -1;

  SnapshotPublisher(SupervisorNode node) {
    this.node = node;
  }

  SupervisorNode.Published publish(SupervisorNode.Published prev, List<ChildRecord> changed, ChildState state,
      int restartsInWindow) {
    List<ChildRecord> table = node.table.inOrder();
    int n = table.size();
    ChunkedList<ChildSnapshot> kids;
    ChunkedList<Object> instances;
    boolean rebuild = prev == null || publishedRemovals != node.table.removals()
        || changed.size() > Math.max(8, n >>> 6);
    if (rebuild) {
      List<ChildSnapshot> k = new ArrayList<>(n);
      List<Object> in = new ArrayList<>(n);
      for (ChildRecord c : table) {
        if (publishedRemovals != node.table.removals()) {
          c.published = null; // positions moved
        }
        k.add(entry(c));
        in.add(c.instance);
      }
      kids = ChunkedList.of(k);
      instances = ChunkedList.of(in);
      publishedRemovals = node.table.removals();
    } else {
      kids = (ChunkedList<ChildSnapshot>) prev.view().children();
      instances = (ChunkedList<Object>) prev.instances();
      for (ChildRecord c : changed) {
        if (node.table.holds(c) && c.index < kids.size()) {
          kids = kids.with(c.index, entry(c));
          instances = instances.with(c.index, c.instance);
        }
      }
      for (int i = kids.size(); i < n; i++) { // children added since the last publish
        ChildRecord c = table.get(i);
        kids = kids.plus(entry(c));
        instances = instances.plus(c.instance);
      }
    }
    String id = node.path.substring(node.path.lastIndexOf('/') + 1);
    ChildSnapshot view = new ChildSnapshot(node.path, id, ChildKind.SUPERVISOR, RestartType.PERMANENT, state, 1, 0,
        restartsInWindow, null, null, node.spec.strategy(), kids, node.tree.overridesInForce().at(node.path));
    return new SupervisorNode.Published(view, instances);
  }

  /** The published entry of {@code c}: rebuilt if it changed; a nested supervisor's always merged afresh. */
  private ChildSnapshot entry(ChildRecord c) {
    SupervisorNode nested = c.nested();
    if (nested != null) {
      ChildSnapshot own = nested.published().view();
      c.published = new ChildSnapshot(own.path(), own.id(), ChildKind.SUPERVISOR, c.spec.restartType(), c.state(),
          c.generation, c.restarts, own.restartsInWindow(), c.lastFailure, c.lastFailureTime, own.strategy(),
          own.children(), own.overrides(), held(c));
    } else if (c.published == null) {
      String childPath = node.announcer.childPath(c.id());
      c.published = new ChildSnapshot(childPath, c.id(), c.spec.kind(), c.spec.restartType(), c.state(),
          c.generation, c.restarts, 0, c.lastFailure, c.lastFailureTime,
          c.spec.kind() == ChildKind.SUPERVISOR ? c.spec.supervisorSpec().strategy() : null, List.of(),
          node.tree.overridesInForce().at(childPath), held(c));
    }
    return c.published;
  }

  /** Why {@code c} is held, or null (its hold record is stale once it is not HELD). */
  private static String held(ChildRecord c) {
    return c.state() == dev.selfheal.core.ChildState.HELD && c.hold != null ? c.hold.describe() : null;
  }

  /** Replaces {@code child}'s entry in each ancestor's published snapshot. Under the publish lock. */
  void spliceIntoAncestors(SupervisorNode child, SupervisorNode parent) {
    for (SupervisorNode p = parent; p != null; child = p, p = p.parentNode()) {
      SupervisorNode.Published pp = p.published();
      int idx = pp.instances().indexOf(child);
      if (idx < 0) {
        return; // not (or no longer) published as that parent's child: its own publish will include us
      }
      ChunkedList<ChildSnapshot> siblings = (ChunkedList<ChildSnapshot>) pp.view().children();
      ChildSnapshot old = siblings.get(idx);
      ChildSnapshot own = child.published().view();
      ChildSnapshot merged = new ChildSnapshot(old.path(), old.id(), old.kind(), old.restartType(), old.state(),
          old.generation(), old.restarts(), own.restartsInWindow(), old.lastFailure(), old.lastFailureTime(),
          old.strategy(), own.children(), own.overrides(), old.held());
      ChildSnapshot v = pp.view();
      p.publish(new SupervisorNode.Published(new ChildSnapshot(v.path(), v.id(), v.kind(), v.restartType(), v.state(),
          v.generation(), v.restarts(), v.restartsInWindow(), v.lastFailure(), v.lastFailureTime(), v.strategy(),
          siblings.with(idx, merged), v.overrides(), v.held()), pp.instances()));
    }
  }
}
