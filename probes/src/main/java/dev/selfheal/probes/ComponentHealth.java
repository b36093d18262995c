package dev.selfheal.probes;

import dev.selfheal.core.spi.HealthStatus;
import java.util.Map;
import java.util.Objects;

/**
 * The probes' view of one component's current instance.
 *
 * <p>{@code status} is DOWN when the component is NOT_READY (not running, startup not passed yet, readiness
 * past its failure threshold) or its liveness or startup probe has failed past its threshold; DEGRADED when
 * it is READY but a probe's latest run failed (below its threshold); UP otherwise.
 *
 * @param path        the component's path
 * @param generation  the instance the probes follow (0 before the first start)
 * @param running     whether that instance is running
 * @param started     whether its startup probe has passed (true without a startup probe once running)
 * @param ready       READY ({@code true}) or NOT_READY
 * @param status      see above
 * @param message     why it is not UP; empty when UP
 * @param critical    whether it may pull the process's readiness down
 * @param lastResults the latest result of each of its probes for this instance
 */
public record ComponentHealth(
    String path,
    long generation,
    boolean running,
    boolean started,
    boolean ready,
    HealthStatus status,
    String message,
    boolean critical,
    Map<ProbeKind, ProbeResult> lastResults) {

  /**
   * Refuses null components and copies the last results.
   *
   * @param path the component's path
   * @param generation the instance the probes follow (0 before the first start)
   * @param running whether that instance is running
   * @param started whether its startup probe has passed (true without a startup probe once running)
   * @param ready READY ({@code true}) or NOT_READY
   * @param status see above
   * @param message why it is not UP; empty when UP
   * @param critical whether it may pull the process's readiness down
   * @param lastResults the latest result of each of its probes for this instance
   */
  public ComponentHealth {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    lastResults = Map.copyOf(lastResults);
  }
}
