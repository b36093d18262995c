package dev.selfheal.core.event;

/** The journal kinds the supervisor tree writes, with their wire forms. */
public enum SupervisorJournalKind implements JournalKind {
  /** A child ended and is not restarted (TRANSIENT normal exit, TEMPORARY child removed), or the exit was deferred. */
  CHILD_EXIT("child.exit"),
  /** A restart (or retry of a failed restart) was decided, or would be in dry-run. */
  CHILD_RESTART("child.restart"),
  /** A child did not stop cleanly within its bound: killed, abandoned or its stop() threw. */
  CHILD_STOP("child.stop"),
  /** A start result meaning OTP's {@code ignore}: the spec is kept with no instance (not kept if TEMPORARY). */
  CHILD_IGNORED("child.ignored"),
  /** A failure recorded while healing of the child (or its subtree) is suspended: not acted on, not counted. */
  CHILD_SUSPENDED_FAILURE("child.suspended-failure"),
  /** Diagnosis held a failed child: a dependency it declared is down (evidence: dependency, signal, since). */
  CHILD_HOLD("child.hold"),
  /** A held child was released: its dependencies are up, its plan step's hold ended, or an operator released it. */
  CHILD_RELEASE("child.release"),
  /** A recovery plan's NOT_READY step holds the child and turns the tree's readiness DOWN (evidence: step, holdFor). */
  CHILD_NOT_READY("child.not-ready"),
  /** A recovery plan's reset ({@code recover()}) threw or did not return within its timeout: a failed step. */
  CHILD_RESET_FAILED("child.reset-failed"),
  /** A restart waits: it would exceed the tree's blast radius (concurrent healing, share left serving). */
  CHILD_HEALING_WAIT("child.healing-wait"),
  /** A recovery plan's step was taken (or would be, in dry-run): which step, its action and cost, why. */
  CHILD_PLAN_STEP("child.plan-step"),
  /** A pending (backoff) restart was cancelled by an operator command. */
  RESTART_CANCELLED("child.restart-cancelled"),
  /** The supervisor exceeded its restart intensity and gives up (OTP reached_max_restart_intensity). */
  SUPERVISOR_ESCALATE("supervisor.escalate"),
  /** A significant child ended and the supervisor shuts itself down (OTP auto_shutdown). */
  SUPERVISOR_AUTO_SHUTDOWN("supervisor.auto-shutdown"),
  /** A static child failed to start during the supervisor's init. */
  SUPERVISOR_START_FAILED("supervisor.start-failed"),
  /** A throwable escaped the handling of one message; the supervisor contained it and continues. */
  SUPERVISOR_INTERNAL_ERROR("supervisor.internal-error"),
  /** The root supervisor gave up, or a supervisor's loop could not go on: the tree is failed. */
  TREE_FAILED("tree.failed"),
  /** The tree's stop did not finish within its bound. */
  TREE_STOP("tree.stop"),
  /** Operator {@code startChild}: a new child added and started. */
  OPERATOR_START_CHILD("operator.start-child"),
  /** Operator {@code restartChild} (OTP restart_child): a stopped child started again. */
  OPERATOR_START("operator.start"),
  /** Operator {@code forceRestartChild}: a child stopped if running and started again, not counted. */
  OPERATOR_RESTART("operator.restart"),
  /** Operator {@code stopChild} (OTP terminate_child). */
  OPERATOR_STOP("operator.stop"),
  /** Operator {@code deleteChild} (OTP delete_child). */
  OPERATOR_DELETE("operator.delete"),
  /** Healing paused. */
  OPERATOR_PAUSE("operator.pause"),
  /** Healing resumed. */
  OPERATOR_RESUME("operator.resume"),
  /** Dry-run turned on or off. */
  OPERATOR_DRY_RUN("operator.dry-run"),
  /** Healing of one child or one subtree suspended or its suspension lifted. */
  OPERATOR_SUSPEND("operator.suspend"),
  /** An override (pause, dry-run, suspend) reached its expiry and lifted itself. */
  OVERRIDE_EXPIRED("override.expired");

  private final String wire;

  SupervisorJournalKind(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
