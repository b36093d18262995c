package dev.selfheal.probes.internal;

import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.spi.PolicyControl;

/**
 * The one status-code table of every operator command and outcome.
 *
 * <table>
 *   <caption>Outcome to HTTP status</caption>
 *   <tr><th>outcome</th><th>status</th><th>why</th></tr>
 *   <tr><td>done: {@code OK}, {@code DONE}</td><td>200</td><td></td></tr>
 *   <tr><td>already so: {@code UNCHANGED}; {@code RUNNING} or {@code ALREADY_STARTED} for a start</td><td>200</td>
 *       <td>commands are idempotent: starting a running child answers like stopping a stopped one</td></tr>
 *   <tr><td>{@code PENDING}</td><td>202</td><td>not finished within the command timeout; still going</td></tr>
 *   <tr><td>{@code INVALID}</td><td>400</td><td>a value was refused</td></tr>
 *   <tr><td>{@code NOT_FOUND}</td><td>404</td><td></td></tr>
 *   <tr><td>{@code RESTARTING}, {@code ALREADY_PRESENT}, {@code RUNNING} (other commands), {@code NOT_APPLICABLE}</td>
 *       <td>409</td><td>the target is in a state where the command does not apply</td></tr>
 * </table>
 */
final class CommandStatus {
  static final String PENDING = "PENDING";

  private CommandStatus() {}

  /** For a child command named {@code command} ({@code start}, {@code stop}, {@code restart}). */
  static int of(String command, ChildOutcome outcome) {
    return switch (outcome) {
      case OK -> 200;
      case RUNNING, ALREADY_STARTED -> command.equals("start") ? 200 : 409;
      case NOT_FOUND -> 404;
      case RESTARTING, ALREADY_PRESENT -> 409;
    };
  }

  static int of(PolicyControl.Status status) {
    return switch (status) {
      case DONE, UNCHANGED -> 200;
      case INVALID -> 400;
      case NOT_FOUND -> 404;
      case NOT_APPLICABLE -> 409;
    };
  }

  static int pending() {
    return 202;
  }
}
