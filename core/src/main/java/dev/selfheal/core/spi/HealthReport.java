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

  public HealthReport {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  public static HealthReport up() {
    return UP;
  }

  public static HealthReport up(String message) {
    return new HealthReport(HealthStatus.UP, message);
  }

  public static HealthReport degraded(String message) {
    return new HealthReport(HealthStatus.DEGRADED, message);
  }

  public static HealthReport down(String message) {
    return new HealthReport(HealthStatus.DOWN, message);
  }
}
