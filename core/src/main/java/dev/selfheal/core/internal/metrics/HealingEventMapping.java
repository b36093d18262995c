package dev.selfheal.core.internal.metrics;

import dev.selfheal.core.ExitReason;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.event.SupervisorEvent.HealingDecision;

/**
 * The one place that knows which supervisor events mean what to the healing metrics. Everything else in
 * {@link dev.selfheal.core.HealingMetrics} counts typed calls on a {@link Sink}; when the events change, only
 * this class changes. It reads types only, never a journal sentence: a deferred, suspended or dry-run decision
 * is a {@link HealingDecision} of that {@link HealingDecision.Mode}, and a child that ends without being
 * restarted (a live {@link HealingDecision.Kind#REMOVE} or {@link HealingDecision.Kind#STAY_STOPPED}) closes
 * its time-to-recovery episode without a recovery.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class HealingEventMapping {
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

    /** A failure of {@code child} was recorded, not acted on and not counted: its healing is suspended. */
    void decisionSuspended(String child);

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
    } else if (event instanceof HealingDecision d) {
      onDecision(d, sink);
    }
  }

  private static void onDecision(HealingDecision d, Sink sink) {
    switch (d.mode()) {
      case DEFERRED -> sink.decisionDeferred(d.path());
      case SUSPENDED -> sink.decisionSuspended(d.path());
      case DRY_RUN -> sink.dryRunDecision(d.path());
      case LIVE -> {
        if (d.kind() == HealingDecision.Kind.REMOVE || d.kind() == HealingDecision.Kind.STAY_STOPPED) {
          sink.notRestarted(d.path());
        }
      }
    }
  }

  /** The path of the supervisor of the node at {@code path}: everything before the last slash (the root is its own). */
  public static String supervisorOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }
}
