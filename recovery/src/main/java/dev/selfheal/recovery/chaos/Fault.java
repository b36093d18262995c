package dev.selfheal.recovery.chaos;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FaultInjector} does to a call or a component when its trigger fires.
 *
 * <ul>
 *   <li>{@link #exception(String)}: the call throws an {@link InjectedFaultException} instead of running,
 *       as if the dependency had failed.
 *   <li>{@link #latency(Duration)}: the call waits, then runs (a slow dependency).
 *   <li>{@link #hang()}: the call blocks until the injection ends (cleared, its duration over, or the
 *       instance it was armed against replaced), or until the calling thread is interrupted; then it throws
 *       an {@link InjectedFaultException}. {@link #hang(Duration)} bounds the block, then runs the call.
 *   <li>{@link #crash()}: the component instance is declared failed (through the injector's crash action,
 *       by default {@link dev.selfheal.core.SupervisorTree#reportFailure}) and the call throws an
 *       {@link InjectedFaultException}, as a call to a process that died would.
 * </ul>
 *
 * <p>This class is immutable and thread-safe.
 */
public final class Fault {

  /** The kinds of fault. */
  public enum Kind {
    /** The call throws: {@link #exception(String)}. */
    EXCEPTION,
    /** The call waits, then runs: {@link #latency(Duration)}. */
    LATENCY,
    /** The call blocks: {@link #hang(Duration)}. */
    HANG,
    /** The instance is declared failed: {@link #crash()}. */
    CRASH;

    /**
     * The lower-case name used in journal records and by {@link ChaosControl}.
     *
     * @return the label
     */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The longest latency or bounded hang accepted: one hour. */
  public static final Duration MAX_DELAY = Duration.ofHours(1);

  private final Kind kind;
  private final Duration delay;
  private final String message;

  private Fault(Kind kind, Duration delay, String message) {
    this.kind = kind;
    this.delay = delay;
    this.message = message;
  }

  /**
   * The call throws an {@link InjectedFaultException} with {@code message}; not null, not blank.
   *
   * @param message the exception's message
   * @return the fault
   */
  public static Fault exception(String message) {
    Objects.requireNonNull(message, "message");
    if (message.isBlank()) {
      throw new IllegalArgumentException("message must not be blank, was '" + message + "'");
    }
    return new Fault(Kind.EXCEPTION, Duration.ZERO, message);
  }

  /**
   * The call waits {@code delay} (in (0, 1 h]), then runs.
   *
   * @param delay the added wait
   * @return the fault
   */
  public static Fault latency(Duration delay) {
    return new Fault(Kind.LATENCY, checkDelay("delay", delay), "latency " + delay.toMillis() + "ms injected");
  }

  /** {@return a hang: the call blocks until the injection ends or the thread is interrupted, then throws} */
  public static Fault hang() {
    return new Fault(Kind.HANG, Duration.ZERO, "hang injected");
  }

  /**
   * The call blocks at most {@code max} (in (0, 1 h]) or until the injection ends, then runs.
   *
   * @param max the longest block
   * @return the fault
   */
  public static Fault hang(Duration max) {
    return new Fault(Kind.HANG, checkDelay("max", max), "hang injected (at most " + max.toMillis() + "ms)");
  }

  /** {@return a crash: the component instance is declared failed and the call throws} */
  public static Fault crash() {
    return new Fault(Kind.CRASH, Duration.ZERO, "crash injected");
  }

  private static Duration checkDelay(String field, Duration d) {
    if (d == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException(field + " must be within (0, " + MAX_DELAY + "], was " + d);
    }
    return d;
  }

  /** {@return what kind of fault this is} */
  public Kind kind() {
    return kind;
  }

  /** {@return the latency, or the bound of a bounded hang; zero for the other kinds and for an unbounded hang} */
  public Duration delay() {
    return delay;
  }

  /** {@return the message of the exception a call receives, and the reason in the journal} */
  public String message() {
    return message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fault f && kind == f.kind && delay.equals(f.delay) && message.equals(f.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, delay, message);
  }

  @Override
  public String toString() {
    return kind.label() + (delay.isZero() ? "" : " " + delay.toMillis() + "ms")
        + (kind == Kind.EXCEPTION ? " '" + message + "'" : "");
  }
}
