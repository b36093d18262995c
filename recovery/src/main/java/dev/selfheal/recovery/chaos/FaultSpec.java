package dev.selfheal.recovery.chaos;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One fault to inject: what ({@link Fault}), when it fires ({@link FaultTrigger}), when it is armed and for
 * how long, and whether it outlives a restart of the component it was armed against.
 *
 * <pre>{@code
 * FaultSpec spec = FaultSpec.builder(Fault.exception("payment gateway 503"))
 *     .trigger(FaultTrigger.probability(0.2))
 *     .startAfter(Duration.ofSeconds(1))      // armed 1 s from now, on the injector's scheduler
 *     .duration(Duration.ofSeconds(2))        // and cleared 2 s later
 *     .build();
 * }</pre>
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class FaultSpec {

  /** How long an injection armed against a component instance lasts. */
  public enum Scope {
    /**
     * Until the instance that was current at the arming is replaced (a restart gives a fresh, healthy
     * instance, as a real restart of a hung process would). The default. Only meaningful for an injector
     * bound to a component ({@link FaultInjector.Builder#component}); elsewhere it behaves as COMPONENT.
     */
    INSTANCE,
    /** Across restarts: until cleared, its duration over, or its trigger exhausted. */
    COMPONENT
  }

  /** The longest accepted start delay and duration: one day. */
  public static final Duration MAX_DURATION = Duration.ofDays(1);

  private final Fault fault;
  private final FaultTrigger trigger;
  private final Duration startAfter;
  private final Duration duration;
  private final Scope scope;

  private FaultSpec(Builder b) {
    this.fault = b.fault;
    this.trigger = b.trigger;
    this.startAfter = b.startAfter;
    this.duration = b.duration;
    this.scope = b.scope;
  }

  /**
   * A builder for {@code fault}, by default fired on every call, armed at once, until cleared.
   *
   * @param fault a builder for {@code fault}, by default fired on every call, armed at once, until cleared
   * @return a new builder
   */
  public static Builder builder(Fault fault) {
    return new Builder(fault);
  }

  /**
   * {@code fault} on every call, armed at once, until cleared.
   *
   * @param fault the fault
   * @return the spec
   */
  public static FaultSpec of(Fault fault) {
    return builder(fault).build();
  }

  /** {@return what the fault does to a call} */
  public Fault fault() {
    return fault;
  }

  /** {@return when the armed fault fires} */
  public FaultTrigger trigger() {
    return trigger;
  }

  /** {@return the delay before the fault is armed; zero for at once} */
  public Duration startAfter() {
    return startAfter;
  }

  /** {@return how long the fault stays armed; empty for until cleared} */
  public Optional<Duration> duration() {
    return Optional.ofNullable(duration);
  }

  /** {@return whether the fault outlives a restart of the instance} */
  public Scope scope() {
    return scope;
  }

  /** {@return a new builder holding this spec's values} */
  public Builder toBuilder() {
    Builder b = new Builder(fault);
    b.trigger = trigger;
    b.startAfter = startAfter;
    b.duration = duration;
    b.scope = scope;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaultSpec s && fault.equals(s.fault) && trigger.equals(s.trigger)
        && startAfter.equals(s.startAfter) && Objects.equals(duration, s.duration) && scope == s.scope;
  }

  @Override
  public int hashCode() {
    return Objects.hash(fault, trigger, startAfter, duration, scope);
  }

  @Override
  public String toString() {
    return fault + ", " + trigger
        + (startAfter.isZero() ? "" : ", after " + startAfter.toMillis() + "ms")
        + (duration == null ? "" : ", for " + duration.toMillis() + "ms")
        + (scope == Scope.COMPONENT ? ", across restarts" : "");
  }

  /** Builder of {@link FaultSpec}. Not thread-safe. */
  public static final class Builder {
    private final Fault fault;
    private FaultTrigger trigger = FaultTrigger.always();
    private Duration startAfter = Duration.ZERO;
    private Duration duration;
    private Scope scope = Scope.INSTANCE;

    private Builder(Fault fault) {
      if (fault == null) {
        throw new IllegalArgumentException("fault must not be null");
      }
      this.fault = fault;
    }

    /**
     * When the armed fault fires. Default {@link FaultTrigger#always()}; {@link FaultTrigger#now()} needs a crash.
     *
     * @param trigger when the armed fault fires
     * @return this builder
     */
    public Builder trigger(FaultTrigger trigger) {
      if (trigger == null) {
        throw new IllegalArgumentException("trigger must not be null");
      }
      this.trigger = trigger;
      return this;
    }

    /**
     * Arm the fault this long after {@code inject} (on the injector's scheduler). Default 0; within [0, 1 day].
     *
     * @param startAfter arm the fault this long after {@code inject} (on the injector's scheduler)
     * @return this builder
     */
    public Builder startAfter(Duration startAfter) {
      this.startAfter = within("startAfter", startAfter, true);
      return this;
    }

    /**
     * Clear the fault this long after it is armed. Default: until cleared; within (0, 1 day].
     *
     * @param duration clear the fault this long after it is armed
     * @return this builder
     */
    public Builder duration(Duration duration) {
      this.duration = within("duration", duration, false);
      return this;
    }

    /**
     * Whether the fault outlives a restart of the instance. Default {@link Scope#INSTANCE}.
     *
     * @param scope whether the fault outlives a restart of the instance
     * @return this builder
     */
    public Builder scope(Scope scope) {
      if (scope == null) {
        throw new IllegalArgumentException("scope must not be null");
      }
      this.scope = scope;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the immutable spec
     * @throws IllegalArgumentException on a bad combination: trigger {@code now} with a fault other than
     *     crash, or with a duration
     */
    public FaultSpec build() {
      if (trigger.kind() == FaultTrigger.Kind.NOW && fault.kind() != Fault.Kind.CRASH) {
        throw new IllegalArgumentException("trigger now needs a crash fault (no call to delay or fail), was " + fault);
      }
      if (trigger.kind() == FaultTrigger.Kind.NOW && duration != null) {
        throw new IllegalArgumentException("trigger now fires once at the arming; duration must not be set, was "
            + duration);
      }
      return new FaultSpec(this);
    }

    private static Duration within(String field, Duration d, boolean zeroAllowed) {
      if (d == null) {
        throw new IllegalArgumentException(field + " must not be null");
      }
      if (d.isNegative() || (!zeroAllowed && d.isZero()) || d.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(field + " must be within " + (zeroAllowed ? "[0, " : "(0, ")
            + MAX_DURATION + "], was " + d);
      }
      return d;
    }
  }
}
