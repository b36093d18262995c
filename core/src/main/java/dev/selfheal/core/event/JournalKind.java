package dev.selfheal.core.event;

/**
 * What a {@link JournalRecord} is about, as a type: each module declares its kinds as an enum implementing
 * this interface (core's are {@link SupervisorJournalKind}), so that no call site spells a kind as a string
 * literal and a reader can find every place that writes a kind.
 *
 * <p>The wire form ({@link #wire()}) is what {@link JournalRecord#kind()} holds, what the JSON-lines file
 * and the HTTP endpoint show, and what filters compare against: a dotted lower-case name such as
 * {@code child.restart}. It is part of the public contract: renaming a constant is free, changing its wire
 * form is a breaking change.
 */
public interface JournalKind {

  /** {@return the dotted lower-case name written to the record, such as {@code child.restart}} */
  String wire();
}
