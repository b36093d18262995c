package dev.selfheal.core.event;

/**
 * A point-in-time view of a {@link Journal}'s counters, in the shape every policy's {@code metrics()} record
 * has (#9). Cumulative counters only grow; they are read one after another, so records appended meanwhile may
 * show in one figure and not in the next.
 *
 * @param records          records appended so far (the newest record's sequence number)
 * @param evictions        records pushed out of the in-memory tail (still logged and written to the file)
 * @param sinkDropped      records the JSON-lines writer dropped because its buffer was full
 * @param sinkFailures     records the JSON-lines writer could not write
 * @param listenerFailures subscriber calls that threw
 */
public record JournalMetrics(long records, long evictions, long sinkDropped, long sinkFailures,
    long listenerFailures) {}
