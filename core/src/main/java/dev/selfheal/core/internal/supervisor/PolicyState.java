package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.HealingOverride;
import dev.selfheal.core.SupervisorSpec;
import java.util.List;

/**
 * What a {@link HealingPolicy} may read about one supervisor: read-only by contract (a policy never
 * changes a child record or the window; the {@link DecisionExecutor} does). The supervisor itself is the
 * production implementation; tests implement it with plain fields.
 */
interface PolicyState {

  /** The supervisor's flags and static children (strategy, intensity, auto_shutdown). */
  SupervisorSpec spec();

  /** Whether the supervisor is RUNNING (a stopping or failed one decides nothing). */
  boolean running();

  /** Whether automatic healing is paused (decisions are deferred). */
  boolean paused();

  /** Whether dry-run is on (decisions are shadows). */
  boolean dryRun();

  /** The suspension holding child {@code id} (on it or on a supervisor above it), or null. */
  HealingOverride suspension(String id);

  /** The override of {@code kind} in force on exactly {@code path} (not one above it), or null. */
  default HealingOverride override(HealingOverride.Kind kind, String path) {
    return null;
  }

  /** The intensity window the decision counts against: the live one, or the shadow copy in dry-run. */
  RestartWindow window();

  /**
   * In dry-run: what the live run would know about child {@code c} had the shadow decisions been carried out
   * (taken from {@code c} at the dry-run's first read). Outside dry-run: not used.
   */
  default ShadowChild shadowOf(ChildRecord c) {
    return ShadowChild.of(c);
  }

  /**
   * In dry-run: whether the shadow run has already escalated or shut down (the live supervisor would be
   * gone).
   */
  boolean shadowEscalated();

  /** The child with that id, or null. */
  ChildRecord child(String id);

  /** The children in start order. */
  List<ChildRecord> children();

  /**
   * Diagnosis: the current verdict of the health source of that name, or null when no source has it.
   * Sources are read, never changed (reading is cheap and does not block, {@link dev.selfheal.core.spi.HealthSource}).
   */
  default dev.selfheal.core.spi.HealthReport health(String source) {
    return null;
  }

  /** The tree's blast radius. */
  default dev.selfheal.core.BlastRadius blastRadius() {
    return dev.selfheal.core.BlastRadius.unbounded();
  }

  /** Children of the tree restarting now (RESTARTING, or between a restart decision and the new instance). */
  default int restartingNow() {
    return 0;
  }

  /** Children of the tree (supervisors included, the root excluded) as last published, and how many are not RUNNING. */
  default int[] servingNow() {
    return new int[] {0, 0};
  }

  /** A uniform sample in [0, 1) for backoff jitter (injected, so tests are deterministic). */
  double random();
}
