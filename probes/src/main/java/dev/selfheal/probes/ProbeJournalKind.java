package dev.selfheal.probes;

import dev.selfheal.core.event.JournalKind;

/**
 * The journal kinds the probes module writes, one per probe kind.
 *
 * <ul>
 *   <li>{@link #LIVENESS} and {@link #STARTUP}: the probe passed its failure threshold and the instance was
 *       reported failed to its supervisor (the supervisor's own record follows, with what it decided).
 *   <li>{@link #READINESS}: the component's readiness changed (decision {@code ready} or {@code not ready}).
 *       It is written for a component with a readiness or a startup probe only: without one, readiness
 *       follows the instance's lifecycle (as Kubernetes treats a container with no readiness probe as ready
 *       once it is started), which the supervisor's records already say; the event
 *       ({@code ProbeEvent.ReadinessChanged}) is published for every component.
 * </ul>
 */
public enum ProbeJournalKind implements JournalKind {
  /** {@code probe.liveness}: the liveness probe reported the instance failed. */
  LIVENESS("probe.liveness"),
  /** {@code probe.readiness}: the component's readiness changed. */
  READINESS("probe.readiness"),
  /** {@code probe.startup}: the startup probe reported the instance failed. */
  STARTUP("probe.startup");

  private final String wire;

  ProbeJournalKind(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /**
   * The journal kind of a probe kind's records.
   *
   * @param kind the probe kind
   * @return the journal kind its records carry
   */
  public static ProbeJournalKind of(ProbeKind kind) {
    return switch (kind) {
      case LIVENESS -> LIVENESS;
      case READINESS -> READINESS;
      case STARTUP -> STARTUP;
    };
  }
}
