package dev.selfheal.core.internal.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Actions run once when a tree has stopped (or failed to start): a supervised handle takes what it added to
 * the tree's context out again (issue #7). A hook added after the tree stopped runs at once; a hook that
 * throws is logged and does not stop the others. Thread-safe.
 */
final class StopHooks {
  private static final Logger LOG = LoggerFactory.getLogger(Tree.class);

  private final String rootPath;
  private List<Runnable> pending = new ArrayList<>(); // null once run; guarded by this

  StopHooks(String rootPath) {
    this.rootPath = rootPath;
  }

  void add(Runnable hook) {
    Objects.requireNonNull(hook, "hook");
    synchronized (this) {
      if (pending != null) {
        pending.add(hook);
        return;
      }
    }
    run(hook);
  }

  /** Runs every hook added so far, once; later ones run as they are added. */
  void runAll() {
    List<Runnable> hooks;
    synchronized (this) {
      hooks = pending;
      pending = null;
    }
    if (hooks != null) {
      hooks.forEach(this::run);
    }
  }

  private void run(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      LOG.warn("a stop hook of tree {} threw; the tree is stopped regardless", rootPath, e);
    }
  }
}
