package dev.selfheal.recovery.chaos;

import dev.selfheal.core.event.JournalKind;
import dev.selfheal.core.event.JournalRecord;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The journal kinds of fault injection. Each record's {@code path} is the injector's name, and its
 * {@code decision} starts with the fault's id, so {@link #faultId(JournalRecord)} can trace any record (a
 * fault's own, or a supervisor's healing record caused by an injected crash) back to the fault.
 */
public enum FaultRecordKind implements JournalKind {
  /** Injected with a start delay; armed later. */
  SCHEDULED("fault.scheduled"),
  /** Armed: calls may now be hit. */
  ARMED("fault.armed"),
  /** Fired: the first time on a call, and every crash. Later firings are counted, reported when cleared. */
  FIRED("fault.fired"),
  /** Cleared, with why and the counts of calls seen and faults fired. */
  CLEARED("fault.cleared");

  private static final Pattern ID = Pattern.compile("\\bfault-\\d+\\b");

  private final String label;

  FaultRecordKind(String label) {
    this.label = label;
  }

  /** {@return the record kind's wire form, such as {@code fault.armed}} */
  @Override
  public String wire() {
    return label;
  }

  /**
   * The kind of a journal record, if it is a fault record.
   *
   * @param record a journal record
   * @return its fault kind, or empty
   */
  public static Optional<FaultRecordKind> of(JournalRecord record) {
    for (FaultRecordKind k : values()) {
      if (k.label.equals(record.kind())) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /**
   * The id of the fault a record is about or was caused by: found in a fault record's decision, or in the
   * cause of a healing record that an injected crash led to ({@code "chaos fault-3: crash injected"}).
   *
   * @param record a journal record
   * @return the fault's id, or empty
   */
  public static Optional<String> faultId(JournalRecord record) {
    Matcher m = ID.matcher(of(record).isPresent() ? record.decision() : record.cause());
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }
}
