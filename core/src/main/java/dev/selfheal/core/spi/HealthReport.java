package dev.selfheal.core.spi;

import java.util.Objects;

/**
 * One health verdict: a status and a short human-readable reason (empty when there is nothing to say).
 *
 * @param status  the verdict
 * @param message why; never null, may be empty
 */
public record HealthReport(HealthStatus status, String message) {
  private static final HealthReport UP = new HealthReport(HealthStatus.UP, "");

  /**
   * Refuses a null status or message.
   *
   * @param status the verdict
   * @param message why; never null, may be empty
   */
  public HealthReport {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  /** {@return healthy, with no message} */
  public static HealthReport up() {
    return UP;
  }

  /**
   * Healthy, saying so.
   *
   * @param message what the source says
   * @return the report
   */
  public static HealthReport up(String message) {
    return new HealthReport(HealthStatus.UP, message);
  }

  /**
   * Serving, but worse than it should.
   *
   * @param message what is degraded
   * @return the report
   */
  public static HealthReport degraded(String message) {
    return new HealthReport(HealthStatus.DEGRADED, message);
  }

  /**
   * Not serving.
   *
   * @param message why
   * @return the report
   */
  public static HealthReport down(String message) {
    return new HealthReport(HealthStatus.DOWN, message);
  }
}
