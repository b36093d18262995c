package dev.selfheal.probes;

/**
 * A health check of one component instance: a function of the instance the supervisor started (the object
 * its child spec's factory returned) to a {@link ProbeResult}.
 *
 * <p>A check that throws, returns {@code null} or runs past its {@link ProbeConfig#timeout() timeout} has
 * failed, with that as the reason. Checks run on the monitor's probe threads ({@code selfheal-probe-N}), at
 * most one run of a given probe at a time; a timed-out run is interrupted. Checks should be quick, read-only
 * and responsive to interruption.
 *
 * @param <T> the type of the instances it checks
 */
@FunctionalInterface
public interface HealthProbe<T> {

  /**
   * Checks {@code instance}.
   *
   * @param instance the component's current instance
   * @return the verdict
   * @throws Exception a failure, counted like a DOWN result
   */
  ProbeResult check(T instance) throws Exception;

  /**
   * Adapts a boolean check: {@code true} is a pass, {@code false} a failure reported as "check returned false".
   *
   * @param <T> the component's type
   * @param check answers whether the instance is healthy
   * @return the probe
   */
  static <T> HealthProbe<T> ofBoolean(BooleanCheck<? super T> check) {
    java.util.Objects.requireNonNull(check, "check");
    return instance -> ProbeResult.of(check.test(instance), "check returned false");
  }

  /** A check that answers yes or no. */
  @FunctionalInterface
  interface BooleanCheck<T> {
    /**
     * Checks {@code instance}.
     *
     * @param instance the component's current instance
     * @return whether it is healthy
     * @throws Exception a failure, counted like {@code false}
     */
    boolean test(T instance) throws Exception;
  }
}
