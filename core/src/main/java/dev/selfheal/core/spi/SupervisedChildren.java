package dev.selfheal.core.spi;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.SupervisorTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * The supervised components of a tree: each handle's child path and spec, registered when the handle binds
 * to the tree (when the tree is built, or by {@code SupervisorTree.supervise}). A health monitor reads it to
 * run the probes declared on those specs.
 *
 * <p>Kept per tree (weakly, so a dropped tree is forgotten): two trees never see each other's components.
 * The health of the components' policies is in the tree's {@link dev.selfheal.core.RuntimeContext}; the
 * specs stay here so that the context's public surface carries no child specs.
 *
 * <p>This class is thread-safe.
 */
public final class SupervisedChildren {
  private static final Map<SupervisorTree, List<Declared>> BY_TREE = new WeakHashMap<>();

  private SupervisedChildren() {}

  /**
   * A supervised child: its path in the tree and the spec its handle built.
   *
   * @param path the child's path in the tree
   * @param spec the spec its handle built
   */
  public record Declared(String path, ChildSpec spec) {
    /**
     * Refuses null components.
     *
     * @param path the child's path in the tree
     * @param spec the spec its handle built
     */
    public Declared {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(spec, "spec");
    }
  }

  /**
   * Records that {@code tree} runs the supervised child {@code spec} at {@code path}.
   *
   * @param tree the tree that runs the child
   * @param path the child's path in the tree
   * @param spec the child's spec
   */
  public static synchronized void register(SupervisorTree tree, String path, ChildSpec spec) {
    BY_TREE.computeIfAbsent(Objects.requireNonNull(tree, "tree"), t -> new ArrayList<>())
        .add(new Declared(path, spec));
  }

  /**
   * The supervised children registered for {@code tree} so far, in registration order.
   *
   * @param tree the tree
   * @return the children, a snapshot
   */
  public static synchronized List<Declared> of(SupervisorTree tree) {
    return List.copyOf(BY_TREE.getOrDefault(Objects.requireNonNull(tree, "tree"), List.of()));
  }
}
