package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.RecoveryPlan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One child's position on its {@link RecoveryPlan}: when each step was taken (within its period), and the
 * last step taken. {@link #choose} is the plan's rule (see {@link RecoveryPlan}) and reads only;
 * {@link #taken} and {@link #failed} are called by the executor. Actor-owned.
 */
final class Ladder {
  private final List<RecoveryPlan.Step> steps;
  private final List<ArrayDeque<Long>> uses = new ArrayList<>();
  private final long[] lastTaken;
  private final boolean[] everTaken;
  private int lastStep = -1;
  private long lastStepAt;
  /** Why the last step failed by itself, or null (see {@link #failed}). */
  private String lastFailed;

  /** The step chosen ({@code index} -1: none available) and why, for the journal. */
  record Choice(int index, String why) {}

  Ladder(RecoveryPlan plan) {
    this(plan.steps());
  }

  private Ladder(List<RecoveryPlan.Step> steps) {
    this.steps = steps;
    for (int i = 0; i < steps.size(); i++) {
      uses.add(new ArrayDeque<>());
    }
    this.lastTaken = new long[steps.size()];
    this.everTaken = new boolean[steps.size()];
  }

  /** A copy that a dry-run's shadow advances without touching this one. */
  Ladder copy() {
    Ladder c = new Ladder(steps);
    for (int i = 0; i < steps.size(); i++) {
      c.uses.get(i).addAll(uses.get(i));
      c.lastTaken[i] = lastTaken[i];
      c.everTaken[i] = everTaken[i];
    }
    c.lastStep = lastStep;
    c.lastStepAt = lastStepAt;
    c.lastFailed = lastFailed;
    return c;
  }

  /** The step a failure at {@code now} takes; {@code resettable}: whether there is an instance to reset. */
  Choice choose(long now, boolean resettable) {
    int start = 0;
    StringBuilder why = new StringBuilder();
    if (lastStep >= 0) {
      long deadline = steps.get(lastStep).deadline().toNanos();
      if (lastFailed != null) {
        start = lastStep + 1;
        why.append("step ").append(lastStep + 1).append(" failed: ").append(lastFailed).append("; ");
      } else if (deadline > 0 && now - lastStepAt <= deadline) {
        start = lastStep + 1;
        why.append("step ").append(lastStep + 1).append(" not healthy within ")
            .append(steps.get(lastStep).deadline()).append("; ");
      }
    }
    for (int i = start; i < steps.size(); i++) {
      RecoveryPlan.Step s = steps.get(i);
      if (s.action() == RecoveryPlan.Action.ESCALATE) {
        return new Choice(i, why.toString());
      }
      String skip = null;
      if (s.action() == RecoveryPlan.Action.RESET && !resettable) {
        skip = "no instance to reset";
      } else if (usesIn(i, now) >= s.maxUses()) {
        skip = "budget " + s.maxUses() + " in " + s.period() + " spent";
      } else if (everTaken[i] && now - lastTaken[i] < s.coolDown().toNanos()) {
        skip = "cooling down for " + s.coolDown();
      }
      if (skip == null) {
        return new Choice(i, why.toString());
      }
      why.append("step ").append(i + 1).append(" ").append(skip).append("; ");
    }
    return new Choice(-1, why.append("no step left").toString());
  }

  /**
   * The last step, {@code index}, failed by itself (a reset that threw or timed out): the next failure goes
   * to the step after it, whatever its deadline. Until another step is taken.
   */
  void failed(int index, String cause) {
    if (index == lastStep) {
      lastFailed = cause;
    }
  }

  void taken(int index, long now) {
    lastFailed = null;
    uses.get(index).addLast(now);
    lastTaken[index] = now;
    everTaken[index] = true;
    lastStep = index;
    lastStepAt = now;
  }

  /** Uses of step {@code i} with {@code now - t <= period} (OTP's inclusive edge, as the intensity window). */
  private int usesIn(int i, long now) {
    long period = steps.get(i).period().toNanos();
    while (!uses.get(i).isEmpty() && now - uses.get(i).peekFirst() > period) {
      uses.get(i).pollFirst(); // expired for every later question too: the ticker is monotonic
    }
    return uses.get(i).size();
  }
}
