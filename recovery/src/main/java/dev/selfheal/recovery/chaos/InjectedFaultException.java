package dev.selfheal.recovery.chaos;

/**
 * Thrown by a call that a {@link FaultInjector} made fail: an injected exception, a crash, or a hang that
 * ended without running the call. It names the injection ({@link #faultId()}) so that a failed call can be
 * traced to the fault that caused it. Like the other rejections on the call path it has no stack trace.
 */
public class InjectedFaultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The injection's id. */
  private final String faultId;

  /**
   * The failure of a call an exception fault fired on.
   *
   * @param faultId the injection's id, such as {@code fault-3}
   * @param message the fault's message
   */
  public InjectedFaultException(String faultId, String message) {
    super(faultId + ": " + message, null, false, false);
    this.faultId = faultId;
  }

  /**
   * The id of the injection, such as {@code fault-3}.
   *
   * @return the id
   */
  public String faultId() {
    return faultId;
  }
}
