package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.BlastRadius;

/**
 * The tree's {@link BlastRadius} as a {@link HealingPolicy} decorating {@link PlanPolicy}: a live
 * restart (not a retry of one in progress) that would put more children restarting than
 * {@code maxConcurrentHealing}, or fewer serving than {@code minServingShare}, becomes
 * {@link Decision.AwaitHealingSlot}; the rules are in {@link BlastRadius}. Dry-run shadows and everything
 * else pass through unchanged.
 */
final class BlastRadiusPolicy implements HealingPolicy {
  static final BlastRadiusPolicy INSTANCE = new BlastRadiusPolicy(PlanPolicy.INSTANCE);

  private final HealingPolicy inner;

  BlastRadiusPolicy(HealingPolicy inner) {
    this.inner = inner;
  }

  @Override
  public Decision decide(PolicyState s, Signal signal, long now) {
    Decision d = inner.decide(s, signal, now);
    BlastRadius bound = s.blastRadius();
    Decision act = d instanceof Decision.PlanStep p ? p.then() : d; // a plan's restart step is bounded too
    if (!(act instanceof Decision.Restart r) || r.retry() || bound.isUnbounded()) {
      return d;
    }
    int restarting = s.restartingNow();
    if (restarting == 0) {
      return d; // nothing else heals: waiting could only deadlock
    }
    int[] serving = s.servingNow();
    int group = r.group().size();
    boolean tooMany = (long) restarting + group > bound.maxConcurrentHealing();
    int notServingAfter = serving[1];
    for (String id : r.group()) {
      ChildRecord m = s.child(id);
      if (m != null && m.state() == dev.selfheal.core.ChildState.RUNNING) {
        notServingAfter++; // the restart takes it down
      }
    }
    boolean tooFewServing = serving[0] > 0 && serving[0] - notServingAfter < bound.minServingShare() * serving[0];
    if (!tooMany && !tooFewServing) {
      return d;
    }
    ChildRecord c = s.child(r.trigger());
    return new Decision.AwaitHealingSlot(r, restarting, serving[1], serving[0], c != null && c.waitingForSlot);
  }
}
