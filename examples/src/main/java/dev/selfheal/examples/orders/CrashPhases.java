package dev.selfheal.examples.orders;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.recovery.chaos.ExperimentResult;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Where a crash's recovery time goes ({@code --phases}): each crash of the inventory service is split into
 * fault → the supervisor sees the exit ({@code ChildExited}) → the restart decision → the crashed instance
 * stopped ({@code ChildStopped}) → the new instance started and its gate open ({@code ChildStarted}, after the
 * handle's own listener; the experiment's {@code servedAt}, where its recovery ends: the runner's check
 * that a call through the handle is served by the newer instance only confirms it). Every stamp is taken with
 * {@link System#nanoTime()} synchronously on the thread that publishes (the journal and the event bus
 * deliver on the publisher's thread), so a phase is what that thread took, hand-offs included.
 *
 * <p>Young-GC pauses are read from the collectors' notifications and matched to the crashes whose window
 * they overlap, so that a tail can be told apart: a pause, or a thread waiting for a core. A GC's start is
 * reported in milliseconds of JVM uptime, so a match is good to about a millisecond.
 */
final class CrashPhases implements AutoCloseable {
  private static final String[] NAMES = {"fault -> supervisor sees exit", "exit -> restart decision",
      "decision -> old instance stopped", "stopped -> new instance started, gate open",
      "fault -> serving again (recovery)", "  of the stop: the runner's stop() itself"};

  /** One crash's stamps, nanoTime; 0 where not seen. */
  private static final class Trace {
    final long fired;
    long exit;
    long decision;
    long stopped;
    long started;
    long stopTook;
    boolean onCaller; // decided on the crashed call's thread (it helped its supervisor), not the supervisor's

    Trace(long fired) {
      this.fired = fired;
    }
  }

  private final String path;
  private final List<Trace> traces = new ArrayList<>();
  private final List<long[]> pauses = new ArrayList<>(); // {start, end} nanoTime, approximate to 1 ms
  private final List<AutoCloseable> subscriptions = new ArrayList<>();
  private final List<Runnable> gcUnsubscribe = new ArrayList<>();
  private final long jvmStartNanos;
  private Trace current;

  CrashPhases(SupervisorTree tree, String path) {
    this.path = path;
    this.jvmStartNanos = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
    subscriptions.add(tree.journal().subscribe(r -> {
      if (r.kind().equals("fault.fired") && r.path().equals(path)) {
        synchronized (this) {
          current = new Trace(System.nanoTime());
          traces.add(current);
        }
      }
    }));
    EventBus events = tree.events();
    subscriptions.add(events.subscribe(SupervisorEvent.class, e -> stamp(e, System.nanoTime())));
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        NotificationListener l = (n, h) -> {
          if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
            long start = jvmStartNanos + info.getStartTime() * 1_000_000L;
            synchronized (this) {
              pauses.add(new long[] {start, start + Math.max(1, info.getDuration()) * 1_000_000L});
            }
          }
        };
        emitter.addNotificationListener(l, null, null);
        gcUnsubscribe.add(() -> {
          try {
            emitter.removeNotificationListener(l);
          } catch (javax.management.ListenerNotFoundException ignored) {
            // already gone
          }
        });
      }
    }
  }

  private synchronized void stamp(SupervisorEvent e, long now) {
    Trace t = current;
    if (t == null) {
      return;
    }
    if (e instanceof SupervisorEvent.ChildExited x && x.path().equals(path) && t.exit == 0) {
      t.exit = now;
      t.onCaller = !Thread.currentThread().getName().startsWith("selfheal-supervisor");
    } else if (e instanceof SupervisorEvent.HealingDecision d && d.path().equals(path) && t.decision == 0) {
      t.decision = now;
    } else if (e instanceof SupervisorEvent.ChildStopped s && s.path().equals(path) && t.stopped == 0) {
      t.stopped = now;
      t.stopTook = s.took().toNanos();
    } else if (e instanceof SupervisorEvent.ChildStarted s && s.path().equals(path) && t.started == 0) {
      t.started = now;
    }
  }

  /** Forgets the crashes seen so far (the warm-up's). */
  synchronized void reset() {
    traces.clear();
    pauses.clear();
    current = null;
  }

  /** The table of phases for the crashes seen since the last reset, matched to {@code result}'s runs. */
  synchronized List<String> describe(ExperimentResult result) {
    List<ExperimentResult.Run> runs = result.runs();
    int n = Math.min(runs.size(), traces.size());
    long[][] phase = new long[NAMES.length][];
    List<long[]> rows = new ArrayList<>();
    int withGc = 0;
    int onCaller = 0;
    List<String> slowest = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Trace t = traces.get(i);
      long rec = runs.get(i).recoveryNanos();
      if (rec < 0 || t.exit == 0 || t.decision == 0 || t.stopped == 0 || t.started == 0) {
        continue;
      }
      long served = t.fired + rec;
      long gc = gcOverlap(t.fired, served);
      withGc += gc > 0 ? 1 : 0;
      onCaller += t.onCaller ? 1 : 0;
      rows.add(new long[] {t.exit - t.fired, t.decision - t.exit, t.stopped - t.decision, t.started - t.stopped,
          rec, t.stopTook, gc});
    }
    for (int p = 0; p < NAMES.length; p++) {
      final int k = p;
      phase[p] = rows.stream().mapToLong(r -> r[k]).sorted().toArray();
    }
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "phases of %d crashes (µs)            p50       p90       p99     p99.9       max",
        rows.size()));
    for (int p = 0; p < NAMES.length; p++) {
      long[] s = phase[p];
      out.add(String.format(Locale.ROOT, "  %-44s %9s %9s %9s %9s %9s", NAMES[p], us(s, 0.50), us(s, 0.90),
          us(s, 0.99), us(s, 0.999), us(s, 1.0)));
    }
    long[] sortedRec = phase[4];
    long p99 = sortedRec.length == 0 ? Long.MAX_VALUE : sortedRec[(int) Math.min(sortedRec.length - 1,
        Math.ceil(0.99 * sortedRec.length) - 1)];
    int tail = 0;
    int tailGc = 0;
    for (long[] r : rows) {
      if (r[4] >= p99) {
        tail++;
        tailGc += r[6] > 0 ? 1 : 0;
        if (slowest.size() < 12) {
          slowest.add(String.format(Locale.ROOT, "    exit %6.0f  decide %6.0f  stop %6.0f  start %6.0f"
              + "  = %7.0f µs%s", r[0] / 1e3, r[1] / 1e3, r[2] / 1e3, r[3] / 1e3, r[4] / 1e3,
              r[6] > 0 ? "  (GC pause overlaps: " + r[6] / 1_000_000 + " ms)" : ""));
        }
      }
    }
    out.add(String.format(Locale.ROOT, "  decided on the crashed call's own thread: %d of %d crashes (the rest on the"
        + " supervisor's, which woke first)", onCaller, rows.size()));
    out.add(String.format(Locale.ROOT, "  GC pauses in the window: %d of %d crashes; %d of the %d at or above p99",
        withGc, rows.size(), tailGc, tail));
    out.addAll(slowest);
    return out;
  }

  private long gcOverlap(long from, long to) {
    long sum = 0;
    for (long[] p : pauses) {
      long a = Math.max(from - 1_000_000L, p[0]); // the GC start is known to a millisecond
      long b = Math.min(to + 1_000_000L, p[1]);
      sum += Math.max(0, b - a);
    }
    return sum;
  }

  private static String us(long[] sorted, double q) {
    if (sorted.length == 0) {
      return "-";
    }
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return String.format(Locale.ROOT, "%.0f", sorted[i] / 1e3);
  }

  @Override
  public void close() {
    for (AutoCloseable s : subscriptions) {
      try {
        s.close();
      } catch (Exception e) {
        throw new IllegalStateException("could not unsubscribe", e);
      }
    }
    gcUnsubscribe.forEach(Runnable::run);
  }
}
