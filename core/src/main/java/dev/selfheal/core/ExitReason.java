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

  public static ExitReason normal() {
    return NORMAL;
  }

  public static ExitReason shutdown() {
    return SHUTDOWN;
  }

  public static ExitReason shutdown(String message) {
    return new ExitReason(Kind.SHUTDOWN, message, null);
  }

  public static ExitReason abnormal(Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    return new ExitReason(Kind.ABNORMAL, describe(cause), cause);
  }

  public static ExitReason abnormal(String message) {
    return new ExitReason(Kind.ABNORMAL, message, null);
  }

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
