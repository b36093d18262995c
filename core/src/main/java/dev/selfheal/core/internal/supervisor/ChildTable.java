package dev.selfheal.core.internal.supervisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The children of one supervisor in start order, with an index by id and each record's position. Actor-owned:
 * no reader on another thread touches it (they read the published snapshot), so it takes no lock.
 *
 * <p>Costs: lookup by id O(1); adding a child (always last, as OTP's start_child) O(1) amortised; removing
 * one O(n) (the later ones move up), as OTP's list-based supervisor; positions let the supervisor republish
 * only the entries that changed.
 */
final class ChildTable {
  private final ArrayList<ChildRecord> ordered = new ArrayList<>();
  private final Map<String, ChildRecord> byId = new HashMap<>();
  /** Bumped by every removal: positions published before are no longer valid. */
  private long removals;

  void insert(ChildRecord c) {
    c.index = ordered.size();
    ordered.add(c);
    byId.put(c.id(), c);
  }

  void remove(ChildRecord c) {
    if (byId.get(c.id()) != c) {
      return;
    }
    ordered.remove(c.index);
    for (int i = c.index; i < ordered.size(); i++) {
      ordered.get(i).index = i;
    }
    byId.remove(c.id());
    c.index = -1;
    removals++;
  }

  ChildRecord find(String id) {
    return byId.get(id);
  }

  /** Whether {@code c} is still this table's child of that id (not removed, not replaced). */
  boolean holds(ChildRecord c) {
    return byId.get(c.id()) == c;
  }

  /** The children in start order (a live view: copy before changing the table while iterating). */
  List<ChildRecord> inOrder() {
    return ordered;
  }

  /** A copy, in reverse start order. */
  List<ChildRecord> reversed() {
    List<ChildRecord> out = new ArrayList<>(ordered.size());
    for (int i = ordered.size() - 1; i >= 0; i--) {
      out.add(ordered.get(i));
    }
    return out;
  }

  /** A copy of all children in start order. */
  List<ChildRecord> all() {
    return new ArrayList<>(ordered);
  }

  int size() {
    return ordered.size();
  }

  long removals() {
    return removals;
  }
}
