package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.BlastRadius;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildState;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tree-wide healing load, shared by the tree's supervisors (each on its own actor, so the counts are
 * atomic): how many children are RESTARTING and HELD (kept by {@link ChildRecord#setState}, the one place
 * states change), and the restarts that wait for the {@link BlastRadius}, woken whenever a child leaves
 * RESTARTING to be decided again by their own supervisor.
 */
final class HealingLoad {
  private final BlastRadius bound;
  private final AtomicInteger restarting = new AtomicInteger();
  private final AtomicInteger held = new AtomicInteger();
  private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();

  /** A restart signal waiting for the blast radius. */
  private record Waiting(SupervisorNode node, Signal signal) {}

  HealingLoad(BlastRadius bound) {
    this.bound = bound;
  }

  BlastRadius bound() {
    return bound;
  }

  int restarting() {
    return restarting.get();
  }

  int held() {
    return held.get();
  }

  /** A child changed state from {@code was} to {@code next}. */
  void changed(ChildState was, ChildState next) {
    if (was == next) {
      return;
    }
    if (next == ChildState.HELD || was == ChildState.HELD) {
      held.addAndGet(next == ChildState.HELD ? 1 : -1);
    }
    if (next == ChildState.RESTARTING) {
      restarting.incrementAndGet();
    } else if (was == ChildState.RESTARTING) {
      restarting.decrementAndGet();
      for (Waiting w; (w = waiting.poll()) != null; ) {
        w.node().signal(w.signal());
      }
    }
  }

  void await(SupervisorNode node, Signal signal) {
    waiting.add(new Waiting(node, signal));
  }

  /** {children, not RUNNING} in {@code root}'s published snapshot, the root itself excluded. */
  static int[] serving(ChildSnapshot root) {
    int[] counts = new int[2];
    for (ChildSnapshot c : root.children()) {
      count(c, counts);
    }
    return counts;
  }

  private static void count(ChildSnapshot s, int[] counts) {
    counts[0]++;
    if (s.state() != ChildState.RUNNING) {
      counts[1]++;
    }
    for (ChildSnapshot c : s.children()) {
      count(c, counts);
    }
  }
}
