package dev.selfheal.core;

/**
 * Whether a child is restarted when it ends (OTP's {@code restart} child-spec key). See
 * {@link ExitReason} for the full table.
 */
public enum RestartType {
  /** Always restarted, whatever the exit reason. The default, as in OTP. */
  PERMANENT,
  /** Restarted only after an abnormal exit; a normal or shutdown exit leaves it stopped (spec kept). */
  TRANSIENT,
  /** Never restarted; its spec is removed when it ends, and it never counts toward restart intensity. */
  TEMPORARY;

  /**
   * Whether an exit for {@code reason} leads to a restart.
   *
   * @param reason why the child exited
   * @return whether the supervisor restarts it
   */
  public boolean restartsAfter(ExitReason reason) {
    return switch (this) {
      case PERMANENT -> true;
      case TRANSIENT -> reason.isAbnormal();
      case TEMPORARY -> false;
    };
  }
}
