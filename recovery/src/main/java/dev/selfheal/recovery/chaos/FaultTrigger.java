package dev.selfheal.recovery.chaos;

import java.util.Objects;

/**
 * When an armed fault fires on a call.
 *
 * <ul>
 *   <li>{@link #always()}: on every call.
 *   <li>{@link #probability(double)}: on each call with probability {@code p}, drawn from the injector's
 *       random source (injectable, so tests are deterministic).
 *   <li>{@link #everyNth(long)}: on call n, 2n, 3n, … counted from the arming.
 *   <li>{@link #firstCalls(long)}: on the first n calls after the arming, then never.
 *   <li>{@link #now()}: once, at the arming, on the arming thread, without a call: the way to crash a
 *       component that makes no call through the injector. Only a {@link Fault#crash()} can fire now.
 * </ul>
 *
 * <p>Time-based schedules (arm after a delay, for a duration) are part of {@link FaultSpec}.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class FaultTrigger {

  /** The kinds of trigger. */
  public enum Kind {
    /** Every call: {@link #always()}. */
    ALWAYS,
    /** A call with a probability: {@link #probability(double)}. */
    PROBABILITY,
    /** Every n-th call: {@link #everyNth(long)}. */
    EVERY_NTH,
    /** The first n calls: {@link #firstCalls(long)}. */
    FIRST_CALLS,
    /** Once at the arming, without a call: {@link #now()}. */
    NOW
  }

  private static final FaultTrigger ALWAYS = new FaultTrigger(Kind.ALWAYS, 1.0, 1);
  private static final FaultTrigger NOW = new FaultTrigger(Kind.NOW, 1.0, 1);

  private final Kind kind;
  private final double probability;
  private final long count;

  private FaultTrigger(Kind kind, double probability, long count) {
    this.kind = kind;
    this.probability = probability;
    this.count = count;
  }

  /** {@return a trigger that fires on every call, the default} */
  public static FaultTrigger always() {
    return ALWAYS;
  }

  /**
   * Fires on a call with probability {@code p}, in (0, 1].
   *
   * @param p the probability of each call
   * @return the trigger
   */
  public static FaultTrigger probability(double p) {
    if (!(p > 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException("probability must be within (0, 1], was " + p);
    }
    return new FaultTrigger(Kind.PROBABILITY, p, 1);
  }

  /**
   * Fires on every {@code n}-th call, n >= 1.
   *
   * @param n the period, in calls
   * @return the trigger
   */
  public static FaultTrigger everyNth(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, was " + n);
    }
    return new FaultTrigger(Kind.EVERY_NTH, 1.0, n);
  }

  /**
   * Fires on the first {@code n} calls, n >= 1.
   *
   * @param n how many calls fire
   * @return the trigger
   */
  public static FaultTrigger firstCalls(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, was " + n);
    }
    return new FaultTrigger(Kind.FIRST_CALLS, 1.0, n);
  }

  /** {@return a trigger that fires once at the arming, without a call; crash faults only} */
  public static FaultTrigger now() {
    return NOW;
  }

  /** {@return what kind of trigger this is} */
  public Kind kind() {
    return kind;
  }

  /**
   * The probability of a {@link Kind#PROBABILITY} trigger; 1 for the others.
   *
   * @return the probability
   */
  public double probability() {
    return probability;
  }

  /**
   * The n of {@link Kind#EVERY_NTH} and {@link Kind#FIRST_CALLS}; 1 for the others.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * Whether the {@code call}-th call since the arming (from 1) fires, given a uniform sample in [0, 1)
   * (read only by a probability trigger).
   *
   * @param call the call's number since the arming, from 1
   * @param sample a uniform sample in {@code [0, 1)}
   * @return whether the call fires
   */
  public boolean fires(long call, double sample) {
    switch (kind) {
      case ALWAYS:
        return true;
      case PROBABILITY:
        return sample < probability;
      case EVERY_NTH:
        return call % count == 0;
      case FIRST_CALLS:
        return call <= count;
      default:
        return false; // NOW fired at the arming
    }
  }

  /**
   * Whether this trigger can never fire again after {@code call} calls.
   *
   * @param call the calls made since the arming
   * @return whether it is exhausted
   */
  public boolean exhaustedAfter(long call) {
    return kind == Kind.NOW || (kind == Kind.FIRST_CALLS && call >= count);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaultTrigger t && kind == t.kind && probability == t.probability && count == t.count;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, probability, count);
  }

  @Override
  public String toString() {
    switch (kind) {
      case PROBABILITY:
        return "probability " + probability;
      case EVERY_NTH:
        return "every " + count + " calls";
      case FIRST_CALLS:
        return "first " + count + " calls";
      default:
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
