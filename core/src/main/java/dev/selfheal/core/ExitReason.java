package dev.selfheal.core;

import java.util.Objects;

/**
 * Why a child instance ended, with OTP's three classes, which decide whether it is restarted:
 *
 * <table>
 *   <caption>Restart decision (OTP's table)</caption>
 *   <tr><th>reason</th><th>PERMANENT</th><th>TRANSIENT</th><th>TEMPORARY</th></tr>
 *   <tr><td>NORMAL</td><td>restart</td><td>no restart (spec kept)</td><td>no restart (spec removed)</td></tr>
 *   <tr><td>SHUTDOWN</td><td>restart</td><td>no restart (spec kept)</td><td>no restart (spec removed)</td></tr>
 *   <tr><td>ABNORMAL</td><td>restart</td><td>restart</td><td>no restart (spec removed)</td></tr>
 * </table>
 *
 * @param kind    the class of the exit
 * @param message a human-readable reason; never null
 * @param cause   the exception behind an abnormal exit, or null
 */
public record ExitReason(Kind kind, String message, Throwable cause) {
  private static final ExitReason NORMAL = new ExitReason(Kind.NORMAL, "normal", null);
  private static final ExitReason SHUTDOWN = new ExitReason(Kind.SHUTDOWN, "shutdown", null);

  /**
   * Refuses a null kind or message.
   *
   * @param kind the class of the exit
   * @param message a human-readable reason; never null
   * @param cause the exception behind an abnormal exit, or null
   */
  public ExitReason {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  /** The classes of exit. */
  public enum Kind {
    /** The child finished its work (a worker's {@code run} returned). */
    NORMAL,
    /** The child shut down on purpose ({@code ChildContext#exitShutdown}, or a child supervisor that gave up). */
    SHUTDOWN,
    /** The child crashed: an exception, a failed probe, a start that failed or timed out. */
    ABNORMAL
  }

  /** {@return the reason of a child that finished its work} */
  public static ExitReason normal() {
    return NORMAL;
  }

  /** {@return the reason of a child that shut down on purpose} */
  public static ExitReason shutdown() {
    return SHUTDOWN;
  }

  /**
   * A child that shut down on purpose, saying why.
   *
   * @param message why
   * @return the reason
   */
  public static ExitReason shutdown(String message) {
    return new ExitReason(Kind.SHUTDOWN, message, null);
  }

  /**
   * A crash by an exception.
   *
   * @param cause the exception
   * @return the reason, described by the exception
   */
  public static ExitReason abnormal(Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    return new ExitReason(Kind.ABNORMAL, describe(cause), cause);
  }

  /**
   * A crash without an exception (a failed probe, a start that timed out).
   *
   * @param message what failed
   * @return the reason
   */
  public static ExitReason abnormal(String message) {
    return new ExitReason(Kind.ABNORMAL, message, null);
  }

  /** {@return whether the child crashed} */
  public boolean isAbnormal() {
    return kind == Kind.ABNORMAL;
  }

  @Override
  public String toString() {
    return message;
  }

  static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null ? t.getClass().getName() : t.getClass().getName() + ": " + m;
  }
}
