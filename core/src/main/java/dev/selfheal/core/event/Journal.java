package dev.selfheal.core.event;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of healing: every decision, transition and operator action, as sequence-numbered
 * {@link JournalRecord}s.
 *
 * <p>Why this class is large (446 lines): the in-memory tail, the JSON-lines file sink with its writer thread,
 * the subscribers and the refusals lane share one ordering (a record's sequence number is its place in all of
 * them) and one lock, so they stay one class; each part is short.
 *
 * <p>Each record is (1) kept in a bounded in-memory tail, readable with {@link #since(long)};
 * (2) logged through SLF4J (logger {@code dev.selfheal.journal}) at INFO with key-value pairs;
 * (3) given to listeners registered with {@link #subscribe}; and (4) if configured, appended as one JSON
 * line to a file by a background writer thread named {@code selfheal-journal-writer}.
 *
 * <p>Nothing is lost silently: records pushed out of the tail are counted by {@link #evicted()}; records
 * the file writer could not accept because its buffer was full are counted by {@link #sinkDropped()};
 * write errors by {@link #sinkFailures()}; throwing listeners by {@link #listenerFailures()}. A failing
 * sink or listener never fails {@link #append}.
 *
 * <p><b>Retention.</b> The tail keeps the newest {@link #capacity()} records appended here. Refused
 * operator attempts (which anyone who can reach an endpoint can cause) are not appended here but to the
 * separate {@link #refusals()} lane, a journal of its own with its own tail and sequence: no number of
 * refusals evicts a healing record from this tail.
 *
 * <p>{@link #append} never performs I/O on the caller's thread other than SLF4J logging (the
 * application's binding decides what that costs); the file is written by the writer thread.
 *
 * <p>This class is thread-safe. Close it to stop the writer thread (it flushes first).
 */
public final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.selfheal.journal");
  private static final Logger SELF = LoggerFactory.getLogger(Journal.class);

  private final Clock clock;
  private final int capacity;
  private final JournalRecord[] ring;
  private long nextSequence = 1; // guarded by ring
  private final AtomicLong evicted = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  private final CopyOnWriteArrayList<EventListener<? super JournalRecord>> listeners = new CopyOnWriteArrayList<>();
  private final FileSink sink;
  private Journal refusals; // guarded by listeners; created on first use

  private Journal(Builder b) {
    this.clock = b.clock;
    this.capacity = b.capacity;
    this.ring = new JournalRecord[b.capacity];
    this.sink = b.file == null ? null : new FileSink(b.file, b.sinkBuffer);
  }

  /** {@return a journal with the defaults: a tail of 1,024 records, the UTC system clock, no file} */
  public static Journal inMemory() {
    return builder().build();
  }

  /** {@return a new builder: in memory, system clock} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Appends a record and returns it, with its sequence number and time assigned.
   *
   * @param path     what the record is about (tree path or policy name); not null
   * @param kind     a dotted lower-case kind such as {@code child.restart}; not null
   * @param cause    why; null is taken as empty
   * @param decision what was decided; not null
   * @param actor    who decided; not null
   * @param duration how long it took; null is taken as zero
   * @return the record appended
   */
  public JournalRecord append(String path, String kind, String cause, String decision, Actor actor, Duration duration) {
    return append(path, kind, cause, decision, actor, duration, Map.of());
  }

  /**
   * Same as {@link #append(String, String, String, String, Actor, Duration)} with a typed kind.
   *
   * @param path what the record is about (tree path or policy name); not null
   * @param kind the record's kind; not null
   * @param cause why; null is taken as empty
   * @param decision what was decided; not null
   * @param actor who decided; not null
   * @param duration how long it took; null is taken as zero
   * @return the record appended
   */
  public JournalRecord append(String path, JournalKind kind, String cause, String decision, Actor actor,
      Duration duration) {
    return append(path, Objects.requireNonNull(kind, "kind").wire(), cause, decision, actor, duration, Map.of());
  }

  /**
   * Same as {@link #append(String, JournalKind, String, String, Actor, Duration)} with the evidence behind
   * the decision ({@link JournalRecord#evidence()}); {@code evidence} is copied and must not hold nulls.
   *
   * @param path what the record is about (tree path or policy name); not null
   * @param kind the record's kind; not null
   * @param cause why; null is taken as empty
   * @param decision what was decided; not null
   * @param actor who decided; not null
   * @param duration how long it took; null is taken as zero
   * @param evidence the figures behind the decision, by name
   * @return the record appended
   */
  public JournalRecord append(String path, JournalKind kind, String cause, String decision, Actor actor,
      Duration duration, Map<String, String> evidence) {
    return append(path, Objects.requireNonNull(kind, "kind").wire(), cause, decision, actor, duration, evidence);
  }

  private JournalRecord append(String path, String kind, String cause, String decision, Actor actor,
      Duration duration, Map<String, String> evidence) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(actor, "actor");
    JournalRecord record;
    synchronized (ring) {
      long seq = nextSequence++;
      record = new JournalRecord(seq, clock.instant(), path, kind, cause == null ? "" : cause, decision, actor,
          duration == null ? Duration.ZERO : duration, evidence);
      int slot = (int) ((seq - 1) % capacity);
      if (ring[slot] != null) {
        evicted.incrementAndGet();
      }
      ring[slot] = record;
      if (sink != null) {
        sink.offer(record); // inside the lock so the file keeps sequence order; offer never blocks
      }
    }
    LOG.atInfo()
        .addKeyValue("seq", record.sequence())
        .addKeyValue("path", record.path())
        .addKeyValue("kind", record.kind())
        .addKeyValue("cause", record.cause())
        .addKeyValue("decision", record.decision())
        .addKeyValue("actor", record.actor().name())
        .addKeyValue("durationMs", record.duration().toMillis())
        .log("journal seq={} path={} kind={} decision={} cause={} actor={}", record.sequence(), record.path(),
            record.kind(), record.decision(), record.cause(), record.actor());
    for (EventListener<? super JournalRecord> listener : listeners) {
      try {
        listener.onEvent(record);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw e;
        }
        listenerFailures.incrementAndGet();
        SELF.warn("journal listener {} threw on record {}", listener, record.sequence(), e);
      }
    }
    return record;
  }

  /**
   * The refusal lane: where refused operator attempts (wrong or missing token) are recorded, aggregated by
   * their source, apart from healing records. It is a journal with its own tail of
   * {@code min(capacity, 256)} records, its own sequence numbers and this journal's clock; its records are
   * logged like every record but not written to this journal's file. Closing this journal does not close it
   * (it has no thread).
   *
   * @return the refusal lane
   */
  public Journal refusals() {
    synchronized (listeners) {
      if (refusals == null) {
        refusals = builder().clock(clock).capacity(Math.min(capacity, 256)).build();
      }
      return refusals;
    }
  }

  /**
   * The records with a sequence number greater than {@code afterSequence} still in the tail, oldest first.
   *
   * @param afterSequence the last sequence number already seen; 0 for all
   * @return the records, a new list
   */
  public List<JournalRecord> since(long afterSequence) {
    synchronized (ring) {
      long last = nextSequence - 1;
      long first = Math.max(afterSequence + 1, Math.max(1, last - capacity + 1));
      List<JournalRecord> out = new ArrayList<>((int) Math.max(0, last - first + 1));
      for (long s = first; s <= last; s++) {
        out.add(ring[(int) ((s - 1) % capacity)]);
      }
      return out;
    }
  }

  /** {@return every record still in the tail, oldest first} */
  public List<JournalRecord> tail() {
    return since(0);
  }

  /** {@return the journal's counters in one record (see {@link JournalMetrics})} */
  public JournalMetrics metrics() {
    return new JournalMetrics(lastSequence(), evicted(), sinkDropped(), sinkFailures(), listenerFailures());
  }

  /** {@return the sequence number of the newest record, 0 if none} */
  public long lastSequence() {
    synchronized (ring) {
      return nextSequence - 1;
    }
  }

  /** {@return the capacity of the in-memory tail} */
  public int capacity() {
    return capacity;
  }

  /** {@return records pushed out of the in-memory tail by newer ones (still logged and written to the file)} */
  public long evicted() {
    return evicted.get();
  }

  /** {@return listener invocations that threw} */
  public long listenerFailures() {
    return listenerFailures.get();
  }

  /** {@return records the file sink refused because its buffer was full (0 without a file sink)} */
  public long sinkDropped() {
    return sink == null ? 0 : sink.dropped.get();
  }

  /** {@return write or flush errors of the file sink (0 without a file sink)} */
  public long sinkFailures() {
    return sink == null ? 0 : sink.failures.get();
  }

  /**
   * Registers a listener called synchronously after each append, on the appending thread.
   *
   * @return a handle that removes the listener
   * @param listener called with each record
   */
  public AutoCloseable subscribe(EventListener<? super JournalRecord> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Blocks until every record appended so far has been handed to the file (no-op without a file sink). */
  public void flush() {
    if (sink != null) {
      sink.flush(lastSequence());
    }
  }

  /** Flushes and stops the writer thread. Records appended afterwards are kept in memory and logged only. */
  @Override
  public void close() {
    if (sink != null) {
      sink.close();
    }
  }

  /** Builder of {@link Journal}. Not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private int capacity = 1024;
    private Path file;
    private int sinkBuffer = 8192;

    private Builder() {}

    /**
     * The in-memory tail size. Default 1,024; at least 1.
     *
     * @param capacity the in-memory tail size
     * @return this builder
     */
    public Builder capacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /**
     * The wall clock stamped on records. Default {@link Clock#systemUTC()}.
     *
     * @param clock the wall clock stamped on records
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Also append every record as a JSON line to {@code file} (created if absent). Default: no file.
     *
     * @param file also append every record as a JSON line to {@code file} (created if absent)
     * @return this builder
     */
    public Builder jsonLinesFile(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * How many records may wait for the file writer before new ones are dropped (and counted). Default 8,192; at least 2.
     *
     * @param records how many records may wait for the file writer before new ones are dropped (and counted)
     * @return this builder
     */
    public Builder sinkBuffer(int records) {
      if (records < 2) {
        throw new IllegalArgumentException("sinkBuffer must be >= 2, was " + records);
      }
      this.sinkBuffer = records;
      return this;
    }

    /** {@return the journal; close it to stop its file writer} */
    public Journal build() {
      return new Journal(this);
    }
  }

  /** The JSON-lines writer: one daemon thread fed by a bounded lock-free queue. */
  private static final class FileSink {
    private final Path file;
    private final MpscArrayQueue<JournalRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong written = new AtomicLong(); // highest sequence handled (written or failed)
    private final Thread writer;
    private volatile boolean closed;
    private volatile long lastOffered; // written only under the journal's lock

    FileSink(Path file, int buffer) {
      this.file = file;
      this.queue = new MpscArrayQueue<>(buffer);
      this.writer = new Thread(this::run, "selfheal-journal-writer");
      writer.setDaemon(true);
      writer.start();
    }

    void offer(JournalRecord record) {
      if (closed || !queue.offer(record)) {
        dropped.incrementAndGet();
        return;
      }
      lastOffered = record.sequence();
      LockSupport.unpark(writer);
    }

    void flush(long upTo) {
      LockSupport.unpark(writer);
      long target = Math.min(upTo, lastOffered);
      while (written.get() < target && writer.isAlive()) {
        LockSupport.parkNanos(100_000);
        LockSupport.unpark(writer);
      }
    }

    void close() {
      closed = true;
      LockSupport.unpark(writer);
      try {
        writer.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void run() {
      BufferedWriter out = null;
      long lastSeen = 0;
      while (true) {
        JournalRecord r = queue.relaxedPoll();
        if (r == null) {
          if (out != null) {
            try {
              out.flush();
            } catch (IOException e) {
              failed(e);
            }
          }
          // published only after the flush, so flush() callers see the bytes in the file
          written.accumulateAndGet(lastSeen, Math::max);
          if (closed && queue.isEmpty()) {
            break;
          }
          LockSupport.park(this);
          continue;
        }
        try {
          if (out == null) {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
          }
          out.write(r.toJson());
          out.write('\n');
        } catch (IOException e) {
          failed(e);
          out = closeQuietly(out);
        }
        lastSeen = r.sequence();
      }
      closeQuietly(out);
    }

    private void failed(IOException e) {
      long n = failures.incrementAndGet();
      if (n == 1 || n % 100 == 0) {
        SELF.warn("journal file sink {} failed ({} failures so far); healing continues", file, n, e);
      }
    }

    private static BufferedWriter closeQuietly(BufferedWriter out) {
      if (out != null) {
        try {
          out.close();
        } catch (IOException ignored) {
          // the failure that led here is already counted
        }
      }
      return null;
    }
  }
}
