package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Diagnosis;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.spi.ComponentHealthSources;
import dev.selfheal.core.spi.HealthSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health sources children of one tree may depend on by name ({@link ChildSpec#dependsOnHealth()}):
 * those given to {@link Diagnosis}, and those of supervised handles' policies (breakers, bulkheads) declared
 * anywhere in the spec. Built once with the tree, which refuses a name no source has.
 */
final class DependencySources {
  private DependencySources() {}

  /** @throws IllegalArgumentException naming the child's path and the unknown source, and the known ones */
  static Map<String, HealthSource> of(SupervisorSpec root, Diagnosis diagnosis) {
    Map<String, HealthSource> byName = new LinkedHashMap<>();
    for (HealthSource s : diagnosis.healthSources()) {
      byName.put(s.name(), s);
    }
    collect(root, byName);
    check(root, root.name(), byName);
    return Map.copyOf(byName);
  }

  private static void collect(SupervisorSpec spec, Map<String, HealthSource> byName) {
    for (ChildSpec c : spec.children()) {
      c.extension(ComponentHealthSources.class).ifPresent(h -> h.sources().forEach(s -> byName.putIfAbsent(s.name(), s)));
      if (c.supervisorSpec() != null) {
        collect(c.supervisorSpec(), byName);
      }
    }
  }

  private static void check(SupervisorSpec spec, String path, Map<String, HealthSource> byName) {
    for (ChildSpec c : spec.children()) {
      for (String name : c.dependsOnHealth()) {
        if (!byName.containsKey(name)) {
          throw new IllegalArgumentException("dependsOnHealth: child '" + path + "/" + c.id()
              + "' depends on health source '" + name + "', which no source is named after (known: "
              + byName.keySet() + "); give it to Diagnosis.Builder.healthSource");
        }
      }
      if (c.supervisorSpec() != null) {
        check(c.supervisorSpec(), path + "/" + c.id(), byName);
      }
    }
  }
}
