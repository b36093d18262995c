package dev.selfheal.core;

import java.util.Map;
import java.util.Objects;

/**
 * Why something outside the supervisor declares a running instance failed: which kind of detector saw it,
 * a short reason, and the evidence behind it (the values a human needs to check the decision). It is the
 * one typed way into the supervisor's decision path for every source that is not the instance's own exit:
 * liveness and startup probes, anomaly detectors, exhaustion forecasts, a supervised handle's fatal call,
 * or user code.
 *
 * <p>The evidence is copied; keys and values are short strings (a stream name, a score, recent values).
 * It travels into the journal record of the decision that the report leads to.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class FailureReport {

  /** The kind of detector that reported the failure. */
  public enum Source {
    /** A liveness or startup probe past its failure threshold. */
    PROBE,
    /** An online anomaly detector's score above its threshold on a watched metric stream. */
    ANOMALY,
    /** A resource-exhaustion forecast shorter than its configured horizon. */
    EXHAUSTION_FORECAST,
    /** A call through a supervised handle threw an exception type declared fatal. */
    FATAL_CALL,
    /** Application code called {@link SupervisorTree#reportFailure} itself. */
    USER
  }

  private final Source source;
  private final String reason;
  private final Map<String, String> evidence;

  private FailureReport(Source source, String reason, Map<String, String> evidence) {
    this.source = Objects.requireNonNull(source, "source");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.evidence = Map.copyOf(Objects.requireNonNull(evidence, "evidence"));
  }

  /**
   * A report with no evidence beyond its reason.
   *
   * @param source what detected the failure
   * @param reason a short human-readable reason
   * @return the report
   */
  public static FailureReport of(Source source, String reason) {
    return new FailureReport(source, reason, Map.of());
  }

  /**
   * A report with evidence; {@code evidence} is copied and must not contain nulls.
   *
   * @param source what detected the failure
   * @param reason a short human-readable reason
   * @param evidence the figures behind the reason, by name
   * @return the report
   */
  public static FailureReport of(Source source, String reason, Map<String, String> evidence) {
    return new FailureReport(source, reason, evidence);
  }

  /** {@return the kind of detector that reported the failure} */
  public Source source() {
    return source;
  }

  /**
   * A short human-readable reason, such as {@code "liveness failed 3 times: connection refused"}.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }

  /** {@return the evidence, an unmodifiable map; empty when the reporter gave none} */
  public Map<String, String> evidence() {
    return evidence;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailureReport r && source == r.source && reason.equals(r.reason)
        && evidence.equals(r.evidence);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, reason, evidence);
  }

  @Override
  public String toString() {
    return "FailureReport[" + source + ": " + reason + (evidence.isEmpty() ? "" : " " + evidence) + "]";
  }
}
