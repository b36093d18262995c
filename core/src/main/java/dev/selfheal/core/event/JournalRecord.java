package dev.selfheal.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the audit journal: a healing decision, a state transition or an operator action.
 *
 * @param sequence  strictly increasing per journal, starting at 1
 * @param time      wall-clock time of the record (for humans; ordering is by {@code sequence})
 * @param path      the tree path or policy name the record is about, such as {@code app/db}
 * @param kind      what happened, a dotted lower-case name such as {@code child.restart}
 * @param cause     why, such as the failure that triggered it; empty if none
 * @param decision  what was decided or done, such as {@code restart} or {@code would restart (dry-run)}
 * @param actor     who decided
 * @param duration  how long the action took; {@link Duration#ZERO} when not measured
 * @param evidence  the values behind the decision, such as a failure report's source and evidence
 *                  ({@code source=probe}, {@code score=0.97}); empty when there are none
 */
public record JournalRecord(
    long sequence,
    Instant time,
    String path,
    String kind,
    String cause,
    String decision,
    Actor actor,
    Duration duration,
    Map<String, String> evidence) {

  /**
   * A record with no evidence.
   *
   * @param sequence strictly increasing per journal, starting at 1
   * @param time wall-clock time of the record
   * @param path the tree path or policy name the record is about
   * @param kind what happened
   * @param cause why; empty if none
   * @param decision what was decided or done
   * @param actor who decided
   * @param duration how long the action took
   */
  public JournalRecord(long sequence, Instant time, String path, String kind, String cause, String decision,
      Actor actor, Duration duration) {
    this(sequence, time, path, kind, cause, decision, actor, duration, Map.of());
  }

  /**
   * Refuses null components and copies the evidence.
   *
   * @param sequence strictly increasing per journal, starting at 1
   * @param time wall-clock time of the record (for humans; ordering is by {@code sequence})
   * @param path the tree path or policy name the record is about, such as {@code app/db}
   * @param kind what happened, a dotted lower-case name such as {@code child.restart}
   * @param cause why, such as the failure that triggered it; empty if none
   * @param decision what was decided or done, such as {@code restart} or {@code would restart (dry-run)}
   * @param actor who decided
   * @param duration how long the action took; {@link Duration#ZERO} when not measured
   * @param evidence the values behind the decision, such as a failure report's source and evidence ({@code source=probe}, {@code score=0.97}); empty when there are none
   */
  public JournalRecord {
    evidence = Map.copyOf(Objects.requireNonNull(evidence, "evidence"));
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(duration, "duration");
  }

  /** {@return the record as one JSON object on one line (the JSON-lines sink format)} */
  public String toJson() {
    StringBuilder sb = new StringBuilder(160);
    sb.append("{\"sequence\":").append(sequence)
        .append(",\"time\":");
    JsonStrings.quote(sb, time.toString());
    sb.append(",\"path\":");
    JsonStrings.quote(sb, path);
    sb.append(",\"kind\":");
    JsonStrings.quote(sb, kind);
    sb.append(",\"cause\":");
    JsonStrings.quote(sb, cause);
    sb.append(",\"decision\":");
    JsonStrings.quote(sb, decision);
    sb.append(",\"actor\":");
    JsonStrings.quote(sb, actor.name());
    sb.append(",\"durationMillis\":").append(duration.toMillis());
    if (!evidence.isEmpty()) {
      // sorted so that the same record always has the same line
      sb.append(",\"evidence\":{");
      String sep = "";
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(evidence).entrySet()) {
        sb.append(sep);
        JsonStrings.quote(sb, e.getKey());
        sb.append(':');
        JsonStrings.quote(sb, e.getValue());
        sep = ",";
      }
      sb.append('}');
    }
    sb.append('}');
    return sb.toString();
  }
}
