package dev.selfheal.core.internal.handle;

import dev.selfheal.core.SupervisorTree;

/**
 * The child-spec extension by which a tree finds the handle fed by a child and binds it (to follow the
 * child's lifecycle events and report fatal calls) when the tree is built or the child is added.
 */
public interface HandleBinding {
  void bind(SupervisorTree tree, String childPath);
}
