package dev.selfheal.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Graduated recovery for one child: an ordered ladder of steps taken instead of OTP's plain restart
 * ({@link ChildSpec.Builder#plan}). A child with no plan is healed by OTP's rules, unchanged.
 *
 * <p><b>Which step a failure takes</b> (a pure rule, checked against a model by a property test):
 * <ol>
 *   <li>Where to start: at the step after the last one taken if the child failed again within that
 *       step's {@link Step.Builder#deadline deadline} (its outcome was not healthy in time); otherwise at
 *       the first step.</li>
 *   <li>From there, the first step that is available: its budget ({@code maxUses} in any {@code period})
 *       not spent, not in its {@code coolDown} since it was last taken, and, for {@link Action#RESET}, the
 *       instance still there to reset. {@link Action#ESCALATE} is always available.</li>
 *   <li>No step available: escalate, as OTP does when its intensity is exceeded.</li>
 * </ol>
 * Restart steps are charged to the supervisor's restart intensity by their {@code cost} (a restart that
 * rebuilds a cache may cost 3), so the supervisor's budget is spent by cost, not by count; a restart whose
 * cost would exceed it escalates. A reset, a quarantine and a not-ready step cost nothing there.
 *
 * <p><b>Taking a component out of rotation.</b> {@link Action#QUARANTINE} and {@link Action#NOT_READY} hold
 * the child ({@link ChildState#HELD}: not routed, a handle's callers wait their bound and get
 * {@link ComponentUnavailableException}, not restarted, not counted) and keep a reported instance. NOT_READY
 * also turns the tree's readiness source DOWN (critical, in the tree's {@link RuntimeContext}, named
 * {@code supervisor:<root>:readiness}), so the process leaves the load balancer, for at most
 * {@link Step.Builder#holdFor holdFor}. Either is released (journaled {@code child.release} with the reason)
 * by whichever comes first: {@code holdFor} elapsed, the health source named by
 * {@link Step.Builder#releaseWhen releaseWhen} (a probe exposed as a source, a breaker) reporting UP, or an
 * operator ({@link SupervisorTree#releaseChild}). Both are checked every {@link Diagnosis#recheckEvery()}.
 * A released kept instance serves again; one that had ended is started again (not counted). Failing again
 * within the step's {@code deadline} takes the next step.
 *
 * <p><b>A reset is bounded.</b> {@link Recoverable#recover()} runs on a {@code selfheal-lifecycle} thread,
 * never on the supervisor's, for at most {@link Step.Builder#timeout timeout}. One that throws, or does
 * not return in time (its thread is then interrupted and abandoned), is a failed step: journaled
 * {@code child.reset-failed} with the evidence, and the failure it reports goes to the next step at once
 * (whatever the deadline). While a reset runs, RESET is not available to another failure.
 *
 * <pre>{@code
 *   failure ─► start step ─► available? ─no─► next step ─► ... ─► none left ─► escalate
 *                                └─yes─► take it (journal child.plan-step) ─► healthy past its deadline?
 *                                                                   yes: next failure starts at step 1
 *                                                                   no:  next failure starts after it
 * }</pre>
 *
 * <p>Dry-run journals the step it would take (nothing taken, nothing spent); pause and suspensions defer
 * or hold the failure as for any decision; diagnosis's hold comes first (a dependency down takes no step).
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class RecoveryPlan {

  /** What a step does. */
  public enum Action {
    /** Calls {@link Recoverable#recover()} on the running instance; not restarted, not counted. */
    RESET,
    /** Restarts the child alone, whatever the supervisor's strategy. */
    RESTART,
    /** Restarts the child and the siblings that depend on it (transitively), in start order. */
    RESTART_WITH_DEPENDENTS,
    /** Restarts every child of the supervisor (its subtree), as ONE_FOR_ALL does. */
    RESTART_SUPERVISOR,
    /**
     * Holds the child (HELD: not routed, calls fail fast, a reported instance kept) until
     * {@link Step.Builder#releaseWhen its health source} is UP, {@link Step.Builder#holdFor} has passed, or an
     * operator releases it; with neither set, only an operator releases it.
     */
    QUARANTINE,
    /**
     * Holds the child as QUARANTINE does and also reports the tree not ready (readiness DOWN, so the process
     * leaves the load balancer), for a bounded time ({@link Step.Builder#holdFor}, default 30 s) or until
     * {@link Step.Builder#releaseWhen its health source} is UP.
     */
    NOT_READY,
    /** Gives up at once: the supervisor escalates to its parent. */
    ESCALATE
  }

  /** NOT_READY's default {@link Step.Builder#holdFor}. */
  static final Duration DEFAULT_NOT_READY_FOR = Duration.ofSeconds(30);
  /** RESET's default {@link Step.Builder#timeout}. */
  static final Duration DEFAULT_RESET_TIMEOUT = Duration.ofSeconds(5);

  private final List<Step> steps;

  private RecoveryPlan(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** {@return a new builder, with no steps} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a step of {@code action}: default budget 1 use per minute, no cool-down, no deadline, cost 1; a
   * NOT_READY step holds for at most 30 s, a RESET step gives {@code recover()} 5 s.
   *
   * @param action what the step does
   * @return a new step builder
   */
  public static Step.Builder step(Action action) {
    return new Step.Builder(Objects.requireNonNull(action, "action"));
  }

  /** {@return a new builder holding this plan's steps} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.steps.addAll(steps);
    return b;
  }

  /** {@return the steps, in the order they are tried} */
  public List<Step> steps() {
    return steps;
  }

  @Override
  public String toString() {
    return "RecoveryPlan" + steps;
  }

  /** One rung of the ladder. Immutable. */
  public static final class Step {
    private final Action action;
    private final int maxUses;
    private final Duration period;
    private final Duration coolDown;
    private final Duration deadline;
    private final int cost;
    private final Duration holdFor;
    private final String releaseWhen;
    private final Duration timeout;

    private Step(Builder b) {
      this.action = b.action;
      this.maxUses = b.maxUses;
      this.period = b.period;
      this.coolDown = b.coolDown;
      this.deadline = b.deadline;
      this.cost = b.cost;
      this.holdFor = b.holdFor != null ? b.holdFor
          : b.action == Action.NOT_READY ? DEFAULT_NOT_READY_FOR : Duration.ZERO;
      this.releaseWhen = b.releaseWhen;
      this.timeout = b.timeout != null ? b.timeout : DEFAULT_RESET_TIMEOUT;
      this.holdForSet = b.holdFor != null;
      this.timeoutSet = b.timeout != null;
    }

    private final boolean holdForSet;
    private final boolean timeoutSet;

    /** {@return what the step does} */
    public Action action() {
      return action;
    }

    /** {@return how many times the step may be taken in any {@link #period()}} */
    public int maxUses() {
      return maxUses;
    }

    /** {@return the period of the step's budget} */
    public Duration period() {
      return period;
    }

    /** {@return how long after it was taken the step is not taken again} */
    public Duration coolDown() {
      return coolDown;
    }

    /** {@return how long after the step a failure counts as the step's failure} */
    public Duration deadline() {
      return deadline;
    }

    /** {@return what a restart step charges to the supervisor's restart intensity} */
    public int cost() {
      return cost;
    }

    /** {@return QUARANTINE and NOT_READY: how long after it was taken the hold releases itself; zero: no bound} */
    public Duration holdFor() {
      return holdFor;
    }

    /** {@return QUARANTINE and NOT_READY: the health source whose UP releases the hold; null when none} */
    public String releaseWhen() {
      return releaseWhen;
    }

    /** {@return RESET: how long {@link Recoverable#recover()} may take before the reset counts as failed} */
    public Duration timeout() {
      return timeout;
    }

    /** {@return whether this step holds the child (QUARANTINE, NOT_READY)} */
    public boolean holds() {
      return action == Action.QUARANTINE || action == Action.NOT_READY;
    }

    @Override
    public String toString() {
      return action + "(" + maxUses + " in " + period + ", coolDown " + coolDown + ", deadline " + deadline
          + ", cost " + cost + (holds() ? ", holdFor " + holdFor + (releaseWhen == null ? ""
          : ", releaseWhen " + releaseWhen) : "") + (action == Action.RESET ? ", timeout " + timeout : "") + ")";
    }

    /** Builder of a {@link Step}; validated by {@link RecoveryPlan.Builder#build()}, which names the step. */
    public static final class Builder {
      private final Action action;
      private int maxUses = 1;
      private Duration period = Duration.ofMinutes(1);
      private Duration coolDown = Duration.ZERO;
      private Duration deadline = Duration.ZERO;
      private int cost = 1;
      private Duration holdFor;
      private String releaseWhen;
      private Duration timeout;

      private Builder(Action action) {
        this.action = action;
      }

      /**
       * At most {@code maxUses} (>= 1) in any {@code period} (> 0). Default 1 in 1 minute. Ignored for ESCALATE.
       *
       * @return this builder
       * @param maxUses uses allowed in any period, at least 1
       * @param period the length of the period, positive
       */
      public Builder budget(int maxUses, Duration period) {
        this.maxUses = maxUses;
        this.period = Objects.requireNonNull(period, "period");
        return this;
      }

      /**
       * Not taken again within this long after it was taken (>= 0). Default zero.
       *
       * @param coolDown not taken again within this long after it was taken (>= 0)
       * @return this builder
       */
      public Builder coolDown(Duration coolDown) {
        this.coolDown = Objects.requireNonNull(coolDown, "coolDown");
        return this;
      }

      /**
       * A failure within this long (>= 0) after the step was taken means its outcome was not healthy: that
       * failure goes to the next step. Default zero: the outcome is not judged; each failure starts at step 1.
       *
       * @param deadline a failure within this long (>= 0) after the step was taken means its outcome was not healthy: that failure goes to the next step
       * @return this builder
       */
      public Builder deadline(Duration deadline) {
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        return this;
      }

      /**
       * What a restart step charges to the supervisor's restart intensity (>= 1). Default 1.
       *
       * @param cost what a restart step charges to the supervisor's restart intensity (>= 1)
       * @return this builder
       */
      public Builder cost(int cost) {
        this.cost = cost;
        return this;
      }

      /**
       * QUARANTINE and NOT_READY only: how long after the step was taken the hold releases itself (checked
       * every {@link Diagnosis#recheckEvery()}). Default: 30 s for NOT_READY, which must be bounded (> 0);
       * zero for QUARANTINE, meaning no time bound (>= 0). Keep it below the step's {@code deadline} for a
       * failure after the release to count as "not healthy".
       *
       * @param holdFor the hold's time bound, >= 0 (> 0 for NOT_READY)
       * @return this builder
       */
      public Builder holdFor(Duration holdFor) {
        this.holdFor = Objects.requireNonNull(holdFor, "holdFor");
        return this;
      }

      /**
       * QUARANTINE and NOT_READY only: the name of a health source (a probe exposed as a source, a
       * breaker; known to the tree as for {@link ChildSpec.Builder#dependsOnHealth}) whose UP verdict
       * releases the hold, checked every {@link Diagnosis#recheckEvery()}. Default none.
       *
       * @param healthSource the name of the health source, not blank
       * @return this builder
       */
      public Builder releaseWhen(String healthSource) {
        this.releaseWhen = Objects.requireNonNull(healthSource, "healthSource");
        return this;
      }

      /**
       * RESET only: how long {@link Recoverable#recover()} may run before the reset counts as failed (its
       * thread is interrupted and abandoned, the ladder goes on). Default 5 s; > 0.
       *
       * @param timeout how long recover() may run, positive
       * @return this builder
       */
      public Builder timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return this;
      }
    }
  }

  /** Builder of {@link RecoveryPlan}. Not thread-safe. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();

    private Builder() {}

    /**
     * Appends a step; steps are tried in the order they are added.
     *
     * @param step the step
     * @return this builder
     */
    public Builder step(Step.Builder step) {
      steps.add(new Step(Objects.requireNonNull(step, "step")));
      return this;
    }

    /**
     * Validates and builds: at least one step; each step's budget at least 1 use in a positive period,
     * cool-down and deadline not negative, cost at least 1; ESCALATE only as the last step; {@code holdFor}
     * (not negative; positive for NOT_READY) and {@code releaseWhen} (not blank) only on QUARANTINE and
     * NOT_READY; {@code timeout} (positive) only on RESET.
     *
     * @return the immutable plan
     * @throws IllegalArgumentException naming the step (1-based) and its action, the field and the value
     */
    public RecoveryPlan build() {
      if (steps.isEmpty()) {
        throw new IllegalArgumentException("steps: a recovery plan needs at least one step");
      }
      for (int i = 0; i < steps.size(); i++) {
        Step s = steps.get(i);
        String at = "step " + (i + 1) + " (" + s.action + "): ";
        if (s.action == Action.ESCALATE && i != steps.size() - 1) {
          throw new IllegalArgumentException(at + "ESCALATE must be the last step; the steps after it are unreachable");
        }
        if (s.maxUses < 1) {
          throw new IllegalArgumentException(at + "budget maxUses must be >= 1, was " + s.maxUses);
        }
        if (s.period.isNegative() || s.period.isZero()) {
          throw new IllegalArgumentException(at + "budget period must be > 0, was " + s.period);
        }
        if (s.coolDown.isNegative()) {
          throw new IllegalArgumentException(at + "coolDown must be >= 0, was " + s.coolDown);
        }
        if (s.deadline.isNegative()) {
          throw new IllegalArgumentException(at + "deadline must be >= 0, was " + s.deadline);
        }
        if (s.cost < 1) {
          throw new IllegalArgumentException(at + "cost must be >= 1, was " + s.cost);
        }
        if (!s.holds() && (s.holdForSet || s.releaseWhen != null)) {
          throw new IllegalArgumentException(at + (s.holdForSet ? "holdFor" : "releaseWhen")
              + " applies only to QUARANTINE and NOT_READY, was "
              + (s.holdForSet ? s.holdFor : "'" + s.releaseWhen + "'"));
        }
        if (s.holdFor.isNegative() || (s.action == Action.NOT_READY && s.holdFor.isZero())) {
          throw new IllegalArgumentException(at + "holdFor must be " + (s.action == Action.NOT_READY
              ? "> 0 (a not-ready step is bounded)" : ">= 0") + ", was " + s.holdFor);
        }
        if (s.releaseWhen != null && s.releaseWhen.isBlank()) {
          throw new IllegalArgumentException(at + "releaseWhen must name a health source, was '" + s.releaseWhen + "'");
        }
        if (s.timeoutSet && s.action != Action.RESET) {
          throw new IllegalArgumentException(at + "timeout applies only to RESET, was " + s.timeout);
        }
        if (s.timeout.isNegative() || s.timeout.isZero()) {
          throw new IllegalArgumentException(at + "timeout must be > 0, was " + s.timeout);
        }
      }
      return new RecoveryPlan(steps);
    }
  }
}
