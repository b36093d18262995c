package dev.selfheal.core.internal.metrics;

import dev.selfheal.core.ExitReason;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.event.SupervisorEvent;

/**
 * The one place that knows which supervisor events and journal records mean what to the healing metrics.
 * Everything else in {@link dev.selfheal.core.HealingMetrics} counts typed calls on a {@link Sink}; when the
 * events or the journal kinds change, only this class changes.
 *
 * <p>Two facts are not events today and are read from journal records: a decision deferred because healing
 * is paused, and a dry-run decision ("would restart", "would escalate"). A child that ends without being
 * restarted ("not restarted: ...") closes its time-to-recovery episode without a recovery.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class HealingEventMapping {
  private static final String KIND_CHILD_EXIT = "child.exit";
  private static final String KIND_CHILD_RESTART = "child.restart";
  private static final String DEFERRED_PREFIX = "healing paused";
  private static final String DRY_RUN_PREFIX = "would ";
  private static final String NOT_RESTARTED_PREFIX = "not restarted";

  private HealingEventMapping() {}

  /** What the mapping reports. Paths are tree paths; {@code supervisor} is the path of the child's supervisor. */
  public interface Sink {
    /** A child instance exited (or was declared failed) with a reason of this kind. */
    void childExited(String supervisor, String child, ExitReason.Kind kind);

    /** A child instance started and can serve. */
    void childStarted(String supervisor, String child);

    /** A restart was decided (one more restart counted toward the supervisor's intensity). */
    void restartDecided(String supervisor, String child);

    /** The supervisor at {@code supervisor} exceeded its restart intensity and gave up. */
    void escalated(String supervisor);

    /** The root gave up: the tree can no longer heal itself. */
    void treeFailed(String root);

    /** A decision about {@code child} waits for healing to be resumed. */
    void decisionDeferred(String child);

    /** A decision about {@code child} was only computed and journaled (dry-run). */
    void dryRunDecision(String child);

    /** {@code child} ended and will not be restarted (TRANSIENT normal exit, TEMPORARY child). */
    void notRestarted(String child);
  }

  /** Maps one supervisor event. Other event types are ignored. */
  public static void onEvent(Object event, Sink sink) {
    if (event instanceof SupervisorEvent.ChildExited e) {
      sink.childExited(supervisorOf(e.path()), e.path(), e.reason().kind());
    } else if (event instanceof SupervisorEvent.ChildStarted e) {
      sink.childStarted(supervisorOf(e.path()), e.path());
    } else if (event instanceof SupervisorEvent.ChildRestarting e) {
      sink.restartDecided(supervisorOf(e.path()), e.path());
    } else if (event instanceof SupervisorEvent.RestartIntensityExceeded e) {
      sink.escalated(e.path());
    } else if (event instanceof SupervisorEvent.TreeFailed e) {
      sink.treeFailed(e.path());
    }
  }

  /** Maps one journal record. Records of other kinds are ignored. */
  public static void onRecord(JournalRecord r, Sink sink) {
    if (KIND_CHILD_RESTART.equals(r.kind()) && r.decision().startsWith(DRY_RUN_PREFIX)) {
      sink.dryRunDecision(r.path());
    } else if (KIND_CHILD_EXIT.equals(r.kind())) {
      if (r.decision().startsWith(DEFERRED_PREFIX)) {
        sink.decisionDeferred(r.path());
      } else if (r.decision().startsWith(NOT_RESTARTED_PREFIX)) {
        sink.notRestarted(r.path());
      }
    }
  }

  /** The path of the supervisor of the node at {@code path}: everything before the last slash (the root is its own). */
  public static String supervisorOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }
}
