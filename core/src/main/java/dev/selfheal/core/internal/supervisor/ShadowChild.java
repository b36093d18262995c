package dev.selfheal.core.internal.supervisor;

import java.util.function.Function;

/**
 * What the live policy would know about one child during a dry-run, had its decisions been carried out: its
 * consecutive failures and start time (which give the backoff), whether it would be waiting for a restart,
 * whether it would be gone, and which of its failures a pause or a suspension would be holding. Taken from
 * the live child at its first shadow decision of a dry-run; changed only by {@link #afterShadow}, which the
 * executor calls for every {@link Decision.Shadow} (and a policy test's model alike, so both agree).
 *
 * <pre>{@code
 *   serving ──would restart after d──► restarting until now+d ──(time passes)──► serving, started at now+d
 *      │ would not restart (temporary removed, transient stays stopped)
 *      └──► ended (later failures of it are not the current instance's: ignored)
 *   serving ──would defer (paused), or an ended instance's suspended failure──► deferred
 *   deferred ──the override lifts, dry-run still on──► decided again, in the shadow
 * }</pre>
 *
 * <p>Actor-owned, like {@link ChildRecord}.
 */
final class ShadowChild {
  int consecutiveFailures;
  long startedAtNanos;
  /** Ticker time until which a restart of it would be waiting (its backoff); 0 when none would be. */
  long restartingUntil;
  /** Whether it would not exist any more, or stay stopped (further signals about it are stale). */
  boolean ended;
  /** The failure a pause or a suspension would be holding, decided again (in the shadow) when it lifts. */
  Signal deferredBy;
  /** Its recovery plan's ladder as the live run would have climbed it; null without a plan. */
  Ladder ladder;

  /** The shadow of {@code live} at the start of a dry-run. */
  static ShadowChild of(ChildRecord live) {
    ShadowChild s = new ShadowChild();
    s.consecutiveFailures = live.consecutiveFailures;
    s.startedAtNanos = live.startedAtNanos;
    s.ladder = live.ladder != null ? live.ladder.copy()
        : live.spec.plan() != null ? new Ladder(live.spec.plan()) : null;
    return s;
  }

  /** Whether, at {@code now}, the live run would have no current instance for a new signal to be about. */
  boolean stale(long now) {
    return ended || now < restartingUntil;
  }

  /**
   * Records what the live run would have done for {@code wouldBe}, taken for {@code signal} at {@code now}:
   * a restart group restarting until its delay is over (started then, the trigger one failure further), a
   * child removed or left stopped as ended, a deferred or suspended failure as held. The shadow window
   * itself is the caller's (it records a restart by the step's cost).
   */
  static void afterShadow(Signal signal, Decision wouldBe, long now, Function<String, ShadowChild> children) {
    if (wouldBe instanceof Decision.PlanStep p) {
      ShadowChild m = children.apply(p.child());
      if (p.index() >= 0 && m.ladder != null) {
        m.ladder.taken(p.index(), now); // as the live executor takes it, so the next failure climbs the same way
      }
      if (p.then() != null) {
        afterShadow(signal, p.then(), now, children);
      }
      return;
    }
    if (wouldBe instanceof Decision.Restart r) {
      long start = now + Math.max(0, r.delayNanos());
      for (String id : r.group()) {
        ShadowChild m = children.apply(id);
        m.restartingUntil = r.delayNanos() > 0 ? start : 0;
        m.startedAtNanos = start;
        m.deferredBy = null;
      }
      r.removed().forEach(id -> children.apply(id).ended = true);
      children.apply(r.trigger()).consecutiveFailures = r.attempt();
    } else if (wouldBe instanceof Decision.Remove || wouldBe instanceof Decision.LeaveStopped) {
      children.apply(signal.id()).ended = true;
    } else if (wouldBe instanceof Decision.Defer
        || (wouldBe instanceof Decision.Suspended && signal instanceof Signal.ChildExit)) {
      children.apply(signal.id()).deferredBy = signal; // as the live executor keeps it (failedBy)
    }
  }
}
