package dev.selfheal.probes;

import dev.selfheal.core.spi.HealthStatus;
import java.util.List;
import java.util.Objects;

/**
 * The process's answer to one probe kind ({@code /livez}, {@code /readyz}, {@code /startupz}): the aggregate
 * status and the checks it was computed from. The aggregate is the worst {@link HealthCheck#contribution()}:
 * a DOWN critical check makes it DOWN, a DOWN non-critical or a DEGRADED check makes it DEGRADED. Only DOWN
 * fails the HTTP probe; DEGRADED still answers 200.
 *
 * @param kind               which question this answers
 * @param status             the aggregate
 * @param checks             every check, in a stable order, excluded ones included (marked)
 * @param unknownExclusions  names the caller asked to exclude that match no check
 */
public record ProcessHealth(ProbeKind kind, HealthStatus status, List<HealthCheck> checks, List<String> unknownExclusions) {
  /**
   * Refuses a null kind or status and copies the lists.
   *
   * @param kind which question this answers
   * @param status the aggregate
   * @param checks every check, in a stable order, excluded ones included (marked)
   * @param unknownExclusions names the caller asked to exclude that match no check
   */
  public ProcessHealth {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    checks = List.copyOf(checks);
    unknownExclusions = List.copyOf(unknownExclusions);
  }

  /** {@return whether the probe passes (UP or DEGRADED)} */
  public boolean passing() {
    return status != HealthStatus.DOWN;
  }
}
