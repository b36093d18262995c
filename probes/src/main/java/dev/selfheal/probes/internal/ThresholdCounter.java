package dev.selfheal.probes.internal;

/**
 * Kubernetes' consecutive-result thresholds for one probe: {@code successThreshold} passes in a row make it
 * passing, {@code failureThreshold} failures in a row make it failing.
 *
 * <pre>{@code
 *             pass (successes < successThreshold)           fail (failures < failureThreshold)
 *               ┌──┐                                          ┌──┐
 *               ▼  │                                          ▼  │
 *   NOT PASSING ───┴── successes reach successThreshold ──► PASSING
 *        ▲                                                   │
 *        └──────────── failures reach failureThreshold ──────┘   (answers FAILED)
 * }</pre>
 *
 * <p>A result of one kind resets the other kind's count. Every failure at or past the threshold answers
 * {@link Crossing#FAILED}, whether or not the probe was passing, because a caller may need to refresh its
 * reason. With {@code restartAfterFailure} (liveness and startup, whose threshold leads to a report) the
 * failure count restarts from zero after answering FAILED, so that when the report changes nothing (dry-run,
 * paused tree) the next report needs another full threshold, not one more failure.
 *
 * <p>Not thread-safe: guarded by the owning {@link ProbedComponent}.
 */
final class ThresholdCounter {

  /** What one result changed. */
  enum Crossing {
    /** The result crossed no threshold. */
    NONE,
    /** The probe became passing with this result. */
    PASSED,
    /** The failure threshold is reached (again) with this result. */
    FAILED
  }

  private final int successThreshold;
  private final int failureThreshold;
  private final boolean restartAfterFailure;
  private int successes;
  private int failures;
  private boolean passing;

  ThresholdCounter(int successThreshold, int failureThreshold, boolean restartAfterFailure) {
    if (successThreshold < 1 || failureThreshold < 1) {
      throw new IllegalArgumentException("thresholds must be >= 1, got successThreshold=" + successThreshold
          + " failureThreshold=" + failureThreshold);
    }
    this.successThreshold = successThreshold;
    this.failureThreshold = failureThreshold;
    this.restartAfterFailure = restartAfterFailure;
  }

  Crossing pass() {
    failures = 0;
    successes++;
    if (!passing && successes >= successThreshold) {
      passing = true;
      return Crossing.PASSED;
    }
    return Crossing.NONE;
  }

  Crossing fail() {
    successes = 0;
    failures++;
    if (failures < failureThreshold) {
      return Crossing.NONE;
    }
    passing = false;
    if (restartAfterFailure) {
      failures = 0;
    }
    return Crossing.FAILED;
  }

  /** Forgets every result (a new instance). */
  void reset() {
    successes = 0;
    failures = 0;
    passing = false;
  }

  boolean passing() {
    return passing;
  }

  int successes() {
    return successes;
  }

  int failures() {
    return failures;
  }

  int failureThreshold() {
    return failureThreshold;
  }

  int successThreshold() {
    return successThreshold;
  }
}
