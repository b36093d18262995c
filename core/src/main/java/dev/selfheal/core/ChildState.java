package dev.selfheal.core;

/**
 * The lifecycle of one child, as its supervisor sees it. Snapshots, {@code whichChildren} and
 * {@code countChildren} only ever show the states between two messages of the supervisor, never one in the
 * middle of a decision.
 *
 * <pre>{@code
 *            start ok                      exit / failure report
 *  STARTING ─────────► RUNNING ───────────────────────────────────────┐
 *     ▲   │ start fails   │ stop (operator, bystander, shutdown)      ▼
 *     │   │ or ignored    ▼                                       (decision)
 *     │   └────────►  STOPPING ──► STOPPED ◄── no restart (TRANSIENT normal exit, ignore)
 *     │                                ▲
 *     │   restart with no backoff: STOPPED ──► STARTING ──► RUNNING within the same decision
 *     └──────────── RESTARTING ◄───────┘ restart waiting for its backoff or for a retry
 * }</pre>
 *
 * <p>RESTARTING is visible only while a restart waits: for its backoff (Selfheal's extension), or for the
 * retry of a start that failed (OTP's {@code restarting}). A TEMPORARY child that ends is removed rather
 * than STOPPED. FAILED: the child's exit is recorded but not acted on yet: healing is paused (the instance
 * is released, the decision deferred), or, for an instance that ended on its own, dry-run or a suspension
 * holds it (a live instance that a report declared failed stays RUNNING and keeps serving instead). A
 * FAILED child is decided again when the override lifts.
 */
public enum ChildState {
  /** An instance is being created and started. */
  STARTING,
  /** An instance runs and serves. */
  RUNNING,
  /** The instance is being stopped, within its shutdown bound. */
  STOPPING,
  /** No instance; the spec is kept (a TRANSIENT child's normal exit, an operator's stop, OTP's ignore). */
  STOPPED,
  /** A restart waits for its backoff or for the retry of a failed start. */
  RESTARTING,
  /** The exit is recorded but not acted on yet (pause, dry-run or a suspension holds it). */
  FAILED,
  /**
   * Held by diagnosis: the child failed while a dependency it declared was down, so it is not restarted
   * (nor counted) until the dependency is up again or an operator releases it; calls fail fast. See
   * {@link Diagnosis}. Also the state of a child a recovery plan's QUARANTINE or NOT_READY step holds,
   * until that step's release (see {@link RecoveryPlan}).
   */
  HELD
}
