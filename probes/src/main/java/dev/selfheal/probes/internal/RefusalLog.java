package dev.selfheal.probes.internal;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.JournalKind;
import dev.selfheal.core.spi.Ticker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refused operator attempts, aggregated: one journal record per source address per minute, with the count,
 * appended to the journal's separate {@link Journal#refusals() refusal lane}, and a counter of every refusal.
 *
 * <p>Retention: refusals never reach the healing tail, so no number of them evicts a healing record. Within
 * the lane, a minute holds at most {@value #MAX_SOURCES} sources; refusals from further sources in that
 * minute are counted under the source {@code other}. A minute's records are written when it is over: on the
 * first refusal of a later minute, on {@link #flushDue()} (the endpoint calls it about once a second and before
 * a journal read) and on {@link #flushAll()} at stop. Minutes are read from the tree's {@link Ticker}.
 *
 * <p>This class is thread-safe (one lock; refusals are not a hot path).
 */
final class RefusalLog {
  /** The journal kind of the lane's records. */
  enum Kind implements JournalKind {
    REFUSED;

    @Override
    public String wire() {
      return "operator.refused";
    }
  }

  static final int MAX_SOURCES = 64;
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
  private static final Actor UNAUTHENTICATED = Actor.operator("unauthenticated");

  /** One source's refusals in the current minute. */
  private static final class Tally {
    final Map<String, Long> byReason = new LinkedHashMap<>();
    long count;
    String lastCommand;
  }

  private final Journal lane;
  private final Ticker ticker;
  private final String path;
  private final AtomicLong total = new AtomicLong();
  private final Map<String, Tally> current = new LinkedHashMap<>(); // guarded by this
  private long minute = Long.MIN_VALUE; // guarded by this

  RefusalLog(Journal lane, Ticker ticker, String path) {
    this.lane = lane;
    this.ticker = ticker;
    this.path = path;
  }

  /** Counts one refusal of {@code command} from {@code source} for {@code reason}. */
  void refused(String source, String reason, String command) {
    total.incrementAndGet();
    long now = Math.floorDiv(ticker.read(), MINUTE);
    synchronized (this) {
      if (now != minute) {
        flushLocked();
        minute = now;
      }
      String key = current.containsKey(source) || current.size() < MAX_SOURCES ? source : "other";
      Tally t = current.computeIfAbsent(key, k -> new Tally());
      t.count++;
      t.byReason.merge(reason, 1L, Long::sum);
      t.lastCommand = command;
    }
  }

  /** Every refusal so far, recorded or not yet. */
  long total() {
    return total.get();
  }

  /** Writes the records of a minute that is over. */
  void flushDue() {
    long now = Math.floorDiv(ticker.read(), MINUTE);
    synchronized (this) {
      if (now != minute) {
        flushLocked();
      }
    }
  }

  /** Writes every pending record, the current minute's too. */
  synchronized void flushAll() {
    flushLocked();
  }

  private void flushLocked() {
    for (Map.Entry<String, Tally> e : current.entrySet()) {
      Tally t = e.getValue();
      StringBuilder why = new StringBuilder();
      t.byReason.forEach((reason, n) -> why.append(why.length() == 0 ? "" : ", ").append(reason).append(": ").append(n));
      lane.append(path, Kind.REFUSED, why + "; from " + e.getKey() + " within one minute; last command " + t.lastCommand,
          "refused " + t.count + (t.count == 1 ? " attempt" : " attempts"), UNAUTHENTICATED, Duration.ZERO);
    }
    current.clear();
  }
}
