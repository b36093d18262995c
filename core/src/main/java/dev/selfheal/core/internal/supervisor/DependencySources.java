package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Diagnosis;
import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.spi.ComponentHealthSources;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthSourceProvider;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The health sources children of one tree may depend on by name ({@link ChildSpec#dependsOnHealth()}, a
 * plan step's {@code releaseWhen}): those given to {@link Diagnosis}, and those of supervised handles'
 * policies (breakers, bulkheads) declared anywhere in the spec, built once with the tree, which refuses a name
 * no source has unless {@link Diagnosis#expectedHealthSources()} declares it; and, looked up by name when a
 * decision needs it, the sources of the tree's {@link RuntimeContext} as it is then (so one that joins later
 * is seen).
 */
final class DependencySources {
  private DependencySources() {}

  /**
   * @throws IllegalArgumentException naming the child's path and the unknown source, and the known ones: a
   *     name is known when a source has it or {@link Diagnosis#expectedHealthSources()} declares it
   */
  static Map<String, HealthSource> of(SupervisorSpec root, Diagnosis diagnosis) {
    Map<String, HealthSource> byName = new LinkedHashMap<>();
    for (HealthSource s : diagnosis.healthSources()) {
      byName.put(s.name(), s);
    }
    collect(root, byName);
    Set<String> known = new LinkedHashSet<>(byName.keySet());
    known.addAll(diagnosis.expectedHealthSources());
    check(root, root.name(), known);
    return Map.copyOf(byName);
  }

  /**
   * The names child {@code spec} (added at run time under {@code parentPath}) uses that are not in
   * {@code known} nor in {@code context} now, checked as at build.
   *
   * @throws IllegalArgumentException as {@link #of}
   */
  static void checkChild(ChildSpec spec, String parentPath, Set<String> known, RuntimeContext context) {
    for (String name : names(spec)) {
      if (!known.contains(name) && find(context, name) == null) {
        throw unknown(spec, parentPath, name, known);
      }
    }
  }

  /**
   * The source named {@code name} in {@code context} as it is now, or null. A provider that throws is
   * skipped (the monitor shows it as a check of its own); called on a supervisor's actor, cold path only.
   */
  static HealthSource find(RuntimeContext context, String name) {
    if (context == null) {
      return null;
    }
    for (HealthSourceProvider p : context.healthSourceProviders()) {
      try {
        Collection<? extends HealthSource> sources = p.healthSources();
        if (sources == null) {
          continue;
        }
        for (HealthSource s : sources) {
          if (name.equals(s.name())) {
            return s;
          }
        }
      } catch (RuntimeException e) {
        // skipped: a broken provider must not stop a decision
      }
    }
    return null;
  }

  /** The health sources {@code c} names: its {@code dependsOnHealth}, then its plan's {@code releaseWhen}s. */
  private static Set<String> names(ChildSpec c) {
    Set<String> out = new LinkedHashSet<>(c.dependsOnHealth());
    if (c.plan() != null) {
      for (RecoveryPlan.Step st : c.plan().steps()) {
        if (st.releaseWhen() != null) {
          out.add(st.releaseWhen());
        }
      }
    }
    return out;
  }

  private static IllegalArgumentException unknown(ChildSpec c, String path, String name, Set<String> known) {
    String field = c.dependsOnHealth().contains(name) ? "dependsOnHealth" : "releaseWhen";
    return new IllegalArgumentException(field + ": child '" + path + "/" + c.id() + "' "
        + (field.equals("dependsOnHealth") ? "depends on" : "is released by") + " health source '" + name
        + "', which no source is named after (known: " + known + "); give it to Diagnosis.Builder.healthSource,"
        + " or to Diagnosis.Builder.expectHealthSource if it joins the tree's context later");
  }

  private static void collect(SupervisorSpec spec, Map<String, HealthSource> byName) {
    for (ChildSpec c : spec.children()) {
      c.extension(ComponentHealthSources.class).ifPresent(h -> h.sources().forEach(s -> byName.putIfAbsent(s.name(), s)));
      if (c.supervisorSpec() != null) {
        collect(c.supervisorSpec(), byName);
      }
    }
  }

  private static void check(SupervisorSpec spec, String path, Set<String> known) {
    for (ChildSpec c : spec.children()) {
      for (String name : names(c)) {
        if (!known.contains(name)) {
          throw unknown(c, path, name, known);
        }
      }
      if (c.supervisorSpec() != null) {
        check(c.supervisorSpec(), path + "/" + c.id(), known);
      }
    }
  }
}
