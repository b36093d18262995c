package dev.selfheal.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validation of declared sibling dependencies ({@link ChildSpec#dependsOn()}) within one supervisor.
 *
 * <p><b>How dependencies compose with OTP's order.</b> OTP starts children in declaration order and stops
 * them in reverse, and its ONE_FOR_ALL and REST_FOR_ONE strategies are defined on that order. Rather than
 * re-sorting children topologically (which would silently change what REST_FOR_ONE restarts), a dependency
 * must be declared before its dependents. Then the one order serves both: a dependency starts before and
 * stops after everything that depends on it, and OTP's strategies keep their meaning. Children added at run
 * time are appended last, so their dependencies, which must already exist, are earlier too.
 *
 * <p>Checked in this order, each with a message naming the supervisor, the child and the dependency: an
 * unknown sibling, a cycle (printed as {@code a -> b -> a}), a dependency declared after its dependent.
 */
final class Dependencies {
  private Dependencies() {}

  static void validate(String supervisor, List<ChildSpec> children) {
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < children.size(); i++) {
      position.put(children.get(i).id(), i);
    }
    Map<String, ChildSpec> byId = new HashMap<>();
    for (ChildSpec c : children) {
      byId.put(c.id(), c);
      for (String d : c.dependsOn()) {
        if (!position.containsKey(d)) {
          throw new IllegalArgumentException("dependsOn: child '" + c.id() + "' of supervisor '" + supervisor
              + "' depends on '" + d + "', which is not a child of that supervisor");
        }
      }
    }
    Map<String, Integer> mark = new HashMap<>(); // 1 visiting, 2 done
    for (ChildSpec c : children) {
      List<String> path = new ArrayList<>();
      cycleFrom(supervisor, c.id(), byId, mark, path);
    }
    for (ChildSpec c : children) {
      for (String d : c.dependsOn()) {
        if (position.get(d) > position.get(c.id())) {
          throw new IllegalArgumentException("dependsOn: child '" + c.id() + "' of supervisor '" + supervisor
              + "' depends on '" + d + "', which is declared after it; declare '" + d
              + "' first (children start in declaration order and stop in reverse)");
        }
      }
    }
  }

  private static void cycleFrom(String supervisor, String id, Map<String, ChildSpec> byId, Map<String, Integer> mark,
      List<String> path) {
    Integer m = mark.get(id);
    if (m != null && m == 2) {
      return;
    }
    if (m != null) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
      cycle.add(id);
      throw new IllegalArgumentException("dependsOn: children of supervisor '" + supervisor
          + "' depend on each other in a cycle: " + String.join(" -> ", cycle));
    }
    mark.put(id, 1);
    path.add(id);
    for (String d : byId.get(id).dependsOn()) {
      cycleFrom(supervisor, d, byId, mark, path);
    }
    path.remove(path.size() - 1);
    mark.put(id, 2);
  }
}
