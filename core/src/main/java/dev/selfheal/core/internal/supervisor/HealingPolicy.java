package dev.selfheal.core.internal.supervisor;

/**
 * The pure part of healing: given a supervisor's state, one {@link Signal} and the ticker's time, which
 * {@link Decision} to take. No threads, no clock, no side effects: the same inputs always give the same
 * decision, so a policy is tested with jqwik and plain objects.
 *
 * <p><b>The seam.</b> {@link OtpPolicy} (OTP's supervisor rules) is the default, returned by
 * {@code Tree.policy()}, the one place every supervisor of a tree gets its policy from. A richer policy,
 * such as diagnosis and recovery plans (issue #12), implements this interface and is returned there in its
 * place (per tree, from its configuration); it may:
 * <ul>
 *   <li>return any {@link Decision} for any signal, including signals OTP's policy ignores
 *       ({@link Signal.HealthChanged});</li>
 *   <li>delegate to {@link OtpPolicy} for what it does not refine (decorate, do not copy its rules);</li>
 *   <li>add decisions: a new record in {@link Decision}, with its effect in {@link DecisionExecutor} and
 *       its wording in {@link Announcer}, so that executing and announcing stay in one place each.</li>
 * </ul>
 * It must stay pure: read the state only through {@link PolicyState}, never block, and leave every
 * change (windows, child records, lifecycle calls) to the executor. Dry-run and pause are applied by the
 * policy returning {@link Decision.Shadow} and {@link Decision.Defer}, so a replacement keeps them by
 * delegating or by honouring {@link PolicyState#dryRun()} and {@link PolicyState#paused()} itself.
 */
interface HealingPolicy {

  /** The decision for {@code signal} at ticker time {@code now}. Pure; never null. */
  Decision decide(PolicyState state, Signal signal, long now);
}
