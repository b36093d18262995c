package dev.selfheal.probes;

import dev.selfheal.core.event.JournalKind;

/**
 * The journal kinds the probes module writes, one per probe kind.
 *
 * <ul>
 *   <li>{@link #LIVENESS} and {@link #STARTUP}: the probe passed its failure threshold and the instance was
 *       reported failed to its supervisor (the supervisor's own record follows, with what it decided).
 *   <li>{@link #READINESS}: the component's readiness changed (decision {@code ready} or {@code not ready}).
 *       It is written for every monitored component, also one without a readiness probe: readiness then
 *       follows the instance's lifecycle and its startup probe, as Kubernetes treats a container with no
 *       readiness probe as ready once it is started.
 * </ul>
 */
public enum ProbeJournalKind implements JournalKind {
  LIVENESS("probe.liveness"),
  READINESS("probe.readiness"),
  STARTUP("probe.startup");

  private final String wire;

  ProbeJournalKind(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** The journal kind of a probe kind's records. */
  public static ProbeJournalKind of(ProbeKind kind) {
    return switch (kind) {
      case LIVENESS -> LIVENESS;
      case READINESS -> READINESS;
      case STARTUP -> STARTUP;
    };
  }
}
