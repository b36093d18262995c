package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.RecoveryPlan;
import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A tree's readiness as its recovery plans' NOT_READY steps see it: a critical health source, DOWN while any
 * such step holds a child, so that the process leaves the load balancer while a component recovers.
 *
 * <pre>{@code
 *   (not in the context) ──first NOT_READY step declared or taken──► joined: UP ⇄ DOWN (children held) ──close──► left
 * }</pre>
 *
 * <p>A tree without a NOT_READY step never joins its context, so its health shows no extra check. A tree that
 * declares one joins when its context is bound, so the check is visible from the start rather than appearing
 * at the first failure. Thread-safe: holds are a concurrent map; joining and leaving take this object's lock.
 */
final class PlanReadiness implements HealthSource {
  private final String name;
  /** Children a NOT_READY step holds, by path, with why; sorted so the message is stable. */
  private final ConcurrentSkipListMap<String, String> held = new ConcurrentSkipListMap<>();
  private RuntimeContext context; // guarded by this
  private RuntimeContext.Registration registration; // guarded by this
  private boolean closed; // guarded by this

  PlanReadiness(String rootPath) {
    this.name = "supervisor:" + rootPath + ":readiness";
  }

  /** Whether a child anywhere in {@code spec} has a NOT_READY step in its plan. */
  static boolean declared(SupervisorSpec spec) {
    for (ChildSpec c : spec.children()) {
      if (c.plan() != null && c.plan().steps().stream().anyMatch(st -> st.action() == RecoveryPlan.Action.NOT_READY)) {
        return true;
      }
      if (c.supervisorSpec() != null && declared(c.supervisorSpec())) {
        return true;
      }
    }
    return false;
  }

  /** The tree's context is bound; joins it at once when {@code joinNow} (the tree declares a NOT_READY step). */
  synchronized void bind(RuntimeContext context, boolean joinNow) {
    this.context = context;
    if (joinNow) {
      join();
    }
  }

  /** A NOT_READY step holds the child at {@code path}: readiness turns DOWN. */
  void hold(String path, String why) {
    held.put(path, why);
    synchronized (this) {
      join(); // a child added at run time with such a step: joined on its first use
    }
  }

  /** The child at {@code path} is no longer held (released, stopped, removed). */
  void release(String path) {
    held.remove(path);
  }

  /** The tree stopped: leaves the context for good. */
  synchronized void close() {
    closed = true;
    if (registration != null) {
      registration.close();
      registration = null;
    }
  }

  private void join() { // guarded by this
    if (registration == null && context != null && !closed) {
      registration = context.addHealthSource(this);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public HealthReport health() {
    if (held.isEmpty()) {
      return HealthReport.up();
    }
    StringBuilder sb = new StringBuilder();
    held.forEach((path, why) -> sb.append(sb.length() == 0 ? "" : "; ").append(path).append(" not ready: ")
        .append(why));
    return HealthReport.down(sb.toString());
  }

  @Override
  public boolean critical() {
    return true;
  }
}
