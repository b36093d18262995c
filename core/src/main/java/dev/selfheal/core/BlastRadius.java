package dev.selfheal.core;

/**
 * A bound on how much of a tree automatic healing takes down at once: at most
 * {@link #maxConcurrentHealing()} children restarting at the same time, and at least
 * {@link #minServingShare()} of the tree's children left serving. A restart that would exceed either
 * <em>waits</em>, journaled once as {@code child.healing-wait} with the counts as evidence, and is decided
 * again (by the same rules, so it may hold, restart or escalate) as soon as another child's restart ends.
 *
 * <p>A child counts as restarting from the restart decision until its new instance runs (RESTARTING, which
 * a restart without backoff passes within one message); as not serving when it is in any state but
 * RUNNING. A waiting child reported failed keeps its instance and serves meanwhile; one whose instance
 * ended is FAILED. When nothing else is restarting, a restart is never made to wait (so a group larger
 * than the cap still heals, and the tree cannot deadlock). Retries of a restart already in progress
 * never wait; dry-run shows no waits (it restarts nothing).
 *
 * <pre>{@code
 *   failure ─► restart decided ─► within the bounds? ─yes─► RESTARTING ─► RUNNING ─► (wakes the waiting)
 *                                        └─no─► waits (child.healing-wait) ─► decided again ─┘
 * }</pre>
 *
 * <p>Default ({@link #unbounded()}): no bound, OTP's behaviour.
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class BlastRadius {
  private static final BlastRadius UNBOUNDED = builder().build();

  private final int maxConcurrentHealing;
  private final double minServingShare;

  private BlastRadius(Builder b) {
    this.maxConcurrentHealing = b.maxConcurrentHealing;
    this.minServingShare = b.minServingShare;
  }

  /** {@return a new builder, unbounded} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return no bound: healing as OTP heals, the default} */
  public static BlastRadius unbounded() {
    return UNBOUNDED;
  }

  /** {@return a new builder holding this bound's values} */
  public Builder toBuilder() {
    return builder().maxConcurrentHealing(maxConcurrentHealing).minServingShare(minServingShare);
  }

  /** {@return at most this many children restarting at once across the tree} */
  public int maxConcurrentHealing() {
    return maxConcurrentHealing;
  }

  /** {@return the share of the tree's children that must stay RUNNING while healing} */
  public double minServingShare() {
    return minServingShare;
  }

  /** {@return whether this bound never makes a restart wait} */
  public boolean isUnbounded() {
    return maxConcurrentHealing == Integer.MAX_VALUE && minServingShare == 0.0;
  }

  @Override
  public String toString() {
    return "BlastRadius[maxConcurrentHealing=" + (maxConcurrentHealing == Integer.MAX_VALUE ? "unbounded"
        : maxConcurrentHealing) + ", minServingShare=" + minServingShare + "]";
  }

  /** Builder of {@link BlastRadius}. Not thread-safe. */
  public static final class Builder {
    private int maxConcurrentHealing = Integer.MAX_VALUE;
    private double minServingShare;

    private Builder() {}

    /**
     * At most this many children restarting at once across the tree. Default unbounded; at least 1.
     *
     * @param maxConcurrentHealing at most this many children restarting at once across the tree
     * @return this builder
     */
    public Builder maxConcurrentHealing(int maxConcurrentHealing) {
      if (maxConcurrentHealing < 1) {
        throw new IllegalArgumentException("maxConcurrentHealing must be >= 1, was " + maxConcurrentHealing);
      }
      this.maxConcurrentHealing = maxConcurrentHealing;
      return this;
    }

    /**
     * At least this share of the tree's children serving (RUNNING) while healing. Default 0; in [0, 1).
     * 1 would forbid every restart, so it is refused.
     *
     * @param minServingShare at least this share of the tree's children serving (RUNNING) while healing
     * @return this builder
     */
    public Builder minServingShare(double minServingShare) {
      if (!(minServingShare >= 0.0 && minServingShare < 1.0)) {
        throw new IllegalArgumentException("minServingShare must be in [0, 1), was " + minServingShare);
      }
      this.minServingShare = minServingShare;
      return this;
    }

    /** {@return the immutable bound} */
    public BlastRadius build() {
      return new BlastRadius(this);
    }
  }
}
