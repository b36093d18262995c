package dev.selfheal.probes.anomaly;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link MetricWatch} does about a warning beyond making the component DEGRADED, declared with
 * {@link MetricWatch.Builder#onAnomaly} and {@link MetricWatch.Builder#onExhaustion}.
 *
 * <ul>
 *   <li>{@link Restart}: the instance is reported failed to its supervisor
 *       ({@link dev.selfheal.core.SupervisorTree#reportFailure}), which decides by its own rules: restart
 *       intensity, backoff, pause, suspension and dry-run all apply.
 *   <li>{@link OpenBreaker}: the named circuit breaker is forced open for {@code openFor}, then closed with an
 *       empty window: calls stop reaching the dependency while it is in trouble, and once it has had time to
 *       recover the breaker's own rules judge the calls that follow (the trial).
 *   <li>{@link ShedLoad}: the named bulkhead's maximum of concurrent calls is lowered to {@code limit} for
 *       {@code duration}, then set back to what it was.
 * </ul>
 *
 * The breaker and bulkhead are found among the policy controls of the tree's
 * {@link dev.selfheal.core.RuntimeContext} (a {@code RecoveryRegistry} joined to it), so this module needs no
 * dependency on the recovery module. Each command is journaled with its outcome by the watch's one announcer;
 * in dry-run it is journaled as "would ..." and not applied. While healing is paused, or the component's
 * healing is suspended, it is deferred, as the supervisor defers a failure: journaled ("... deferred: healing
 * paused"), then decided again at the watch's first sample once the override has lifted, in a record of kind
 * {@code anomaly.action.resumed}: carried out (or "would ..." if dry-run is on by then) while the component
 * is still DEGRADED from its warning, dropped once the warning is over (its evidence is stale by then).
 *
 * <p>Instances are immutable and thread-safe.
 */
public sealed interface ProactiveAction {

  /**
   * Ask the supervisor to restart the instance.
   *
   * @return the restart action
   */
  static ProactiveAction restart() {
    return Restart.INSTANCE;
  }

  /**
   * Force the circuit breaker {@code breaker} open for {@code openFor}, then close it.
   *
   * @param openFor positive, at most 1 day
   * @throws IllegalArgumentException naming the field and the value
   * @param breaker the breaker's name among the tree context's policy controls
   * @return the action
   */
  static ProactiveAction openBreaker(String breaker, Duration openFor) {
    return new OpenBreaker(breaker, openFor);
  }

  /**
   * Lower the bulkhead {@code bulkhead}'s maximum of concurrent calls to {@code limit} for {@code duration},
   * then restore it.
   *
   * @param limit at least 1
   * @param duration positive, at most 1 day
   * @throws IllegalArgumentException naming the field and the value
   * @param bulkhead the bulkhead's name among the tree context's policy controls
   * @return the action
   */
  static ProactiveAction shedLoad(String bulkhead, int limit, Duration duration) {
    return new ShedLoad(bulkhead, limit, duration);
  }

  /** Report the instance failed to its supervisor. */
  record Restart() implements ProactiveAction {
    static final Restart INSTANCE = new Restart();
  }

  /** Force a circuit breaker open for a while, then close it. */
  record OpenBreaker(String breaker, Duration openFor) implements ProactiveAction {
    /**
     * Validates the components.
     *
     * @param breaker the breaker's name
     * @param openFor how long it is held open
     * @throws IllegalArgumentException naming the field and the value
     */
    public OpenBreaker {
      name("breaker", breaker);
      bounded("openFor", openFor);
    }
  }

  /** Lower a bulkhead's limit for a while, then restore it. */
  record ShedLoad(String bulkhead, int limit, Duration duration) implements ProactiveAction {
    /**
     * Validates the components.
     *
     * @param bulkhead the bulkhead's name
     * @param limit    the lowered maximum of concurrent calls
     * @param duration how long it is lowered
     * @throws IllegalArgumentException naming the field and the value
     */
    public ShedLoad {
      name("bulkhead", bulkhead);
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, was " + limit);
      }
      bounded("duration", duration);
    }
  }

  private static void name(String field, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(field + " must name a policy, was '" + name + "'");
    }
  }

  private static void bounded(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(field + " must be in (0, 1 day], was " + d);
    }
  }
}
