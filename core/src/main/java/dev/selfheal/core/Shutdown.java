package dev.selfheal.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a child gets to stop (OTP's {@code shutdown} child-spec key).
 *
 * <ul>
 *   <li>{@link #brutalKill()}: the child is interrupted at once and abandoned if it does not react.</li>
 *   <li>{@link #timeout(Duration)}: the child is asked to stop and gets that long; then it is
 *       interrupted and abandoned. The default for services and workers is 5 seconds, as in OTP.</li>
 *   <li>{@link #infinity()}: the supervisor waits as long as it takes. The default for child
 *       supervisors, so that a subtree can shut down fully.</li>
 * </ul>
 *
 * <p>Instances are immutable.
 */
public final class Shutdown {
  private static final Shutdown BRUTAL_KILL = new Shutdown(Duration.ZERO, false);
  private static final Shutdown INFINITY = new Shutdown(null, true);
  private static final Shutdown DEFAULT_WORKER = new Shutdown(Duration.ofSeconds(5), false);

  private final Duration timeout;
  private final boolean infinite;

  private Shutdown(Duration timeout, boolean infinite) {
    this.timeout = timeout;
    this.infinite = infinite;
  }

  /** {@return OTP's {@code brutal_kill}: the child is interrupted and not waited for} */
  public static Shutdown brutalKill() {
    return BRUTAL_KILL;
  }

  /** {@return OTP's {@code infinity}: the child is waited for as long as it takes (the default of supervisors)} */
  public static Shutdown infinity() {
    return INFINITY;
  }

  /**
   * A graceful stop bounded by {@code timeout}; must be positive (use {@link #brutalKill()} for zero).
   *
   * @param timeout how long a child may take to stop before it is killed
   * @return the shutdown
   */
  public static Shutdown timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("shutdown timeout must be > 0 (use Shutdown.brutalKill() for none), was " + timeout);
    }
    return new Shutdown(timeout, false);
  }

  static Shutdown defaultFor(ChildKind kind) {
    return kind == ChildKind.SUPERVISOR ? INFINITY : DEFAULT_WORKER;
  }

  /** {@return whether this is {@link #brutalKill()}} */
  public boolean isBrutalKill() {
    return !infinite && timeout.isZero();
  }

  /** {@return whether this is {@link #infinity()}} */
  public boolean isInfinity() {
    return infinite;
  }

  /**
   * The bound; zero for brutal kill; {@code null} for infinity.
   *
   * @return the bound, or null
   */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shutdown s && s.infinite == infinite && Objects.equals(s.timeout, timeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeout, infinite);
  }

  @Override
  public String toString() {
    return infinite ? "infinity" : isBrutalKill() ? "brutal_kill" : timeout.toString();
  }
}
