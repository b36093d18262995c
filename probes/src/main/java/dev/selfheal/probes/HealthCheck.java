package dev.selfheal.probes;

import dev.selfheal.core.spi.HealthStatus;
import java.util.Objects;

/**
 * One named check inside a {@link ProcessHealth}: the tree, a probed component or a health source. It is
 * what one {@code [+]name ok} / {@code [-]name failed: reason} line of the verbose endpoint shows.
 *
 * @param name      the check's name: a component path ({@code app/db}), a source name ({@code circuit:payments})
 *                  or the tree's health source name
 * @param status    its verdict
 * @param message   why; never null, may be empty
 * @param critical  whether DOWN here takes the process DOWN (otherwise it only degrades it)
 * @param excluded  whether the caller excluded it ({@code ?exclude=name}); excluded checks do not count
 */
public record HealthCheck(String name, HealthStatus status, String message, boolean critical, boolean excluded) {
  /**
   * Refuses a null name, status or message.
   *
   * @param name the check's name: a component path ({@code app/db}), a source name ({@code circuit:payments}) or the tree's health source name
   * @param status its verdict
   * @param message why; never null, may be empty
   * @param critical whether DOWN here takes the process DOWN (otherwise it only degrades it)
   * @param excluded whether the caller excluded it ({@code ?exclude=name}); excluded checks do not count
   */
  public HealthCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  /**
   * {@return the check's effect on the aggregate: DOWN stays DOWN only when critical, otherwise it degrades; UP if excluded}
   */
  public HealthStatus contribution() {
    if (excluded) {
      return HealthStatus.UP;
    }
    if (status == HealthStatus.DOWN && !critical) {
      return HealthStatus.DEGRADED;
    }
    return status;
  }
}
