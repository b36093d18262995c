package dev.selfheal.probes;

import java.util.Locale;

/**
 * The three probe kinds, with Kubernetes' meaning.
 *
 * <ul>
 *   <li>{@link #LIVENESS}: is the instance still working? Past its failure threshold the owning supervisor is
 *       told the instance failed, and heals it by its restart strategy.
 *   <li>{@link #READINESS}: can the instance take traffic now? Past its failure threshold the component is
 *       NOT_READY (and, if critical, so is the process); it is READY again after success-threshold passes.
 *   <li>{@link #STARTUP}: has the instance finished starting? Until it succeeds, liveness and readiness of the
 *       same instance do not run; past its failure threshold the instance is reported failed, like liveness.
 * </ul>
 */
public enum ProbeKind {
  /** Is the instance alive? See the class comment. */
  LIVENESS,
  /** Can the instance take traffic now? See the class comment. */
  READINESS,
  /** Has the instance finished starting? See the class comment. */
  STARTUP;

  /**
   * Lower-case name used in reasons and journal kinds: {@code liveness}, {@code readiness}, {@code startup}.
   *
   * @return the label
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
