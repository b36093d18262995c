package dev.selfheal.recovery;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.recovery.internal.Environment;
import dev.selfheal.recovery.internal.PolicyHealth;
import dev.selfheal.recovery.internal.SemaphoreBulkhead;
import java.time.Duration;

/**
 * Limits how many calls run at once. Permits never leak and are never released twice: the {@link Pipeline}
 * releases in a {@code finally} (sync) or once per call through a guarded flag (async), and
 * {@link #release()} refuses to push the available count above the maximum.
 *
 * <p>Health ({@link #health()}, and as a health source {@link #asHealthSource()}, named with the one name its
 * journal records and registry use): UP while a permit is free, DEGRADED while saturated (every permit taken). Only a bulkhead
 * configured {@link BulkheadConfig#critical() critical} may pull readiness down.
 *
 * <p>Implementations are thread-safe. {@link #tryAcquire()} and {@link #release()} are lock-free and
 * allocate nothing; waiting ({@link #tryAcquire(Duration)}) takes a lock only while a permit is missing.
 */
public interface Bulkhead {

  /**
   * A bulkhead outside any registry (system ticker, its own event bus and journal).
   *
   * @param name the bulkhead's name
   * @param config its settings
   * @return the bulkhead
   */
  static Bulkhead of(String name, BulkheadConfig config) {
    return new SemaphoreBulkhead(name, config, Environment.standalone());
  }

  /**
   * {@link #of} with {@link BulkheadConfig#ofDefaults()}.
   *
   * @param name the bulkhead's name
   * @return the bulkhead
   */
  static Bulkhead ofDefaults(String name) {
    return of(name, BulkheadConfig.ofDefaults());
  }

  /** {@return the bulkhead's name, unique within its registry, such as {@code db}} */
  String name();

  /**
   * {@return the bulkhead's health verdict now (the rules: the class javadoc); never changes its state}
   */
  HealthReport health();

  /** {@return whether the bulkhead's health may pull readiness down, as configured. Defaults to {@code false}} */
  default boolean critical() {
    return false;
  }

  /**
   * This bulkhead as a health source, named {@code bulkhead:<name>}: the name its journal records and its registry
   * give it too, however it was made (add it to a context with {@code context.addHealthSource(x.asHealthSource())}).
   * Its verdict: UP while a permit is free, DEGRADED while saturated.
   * It may pull readiness down only when {@link #critical()}. Two views of one instance are equal.
   *
   * @return the health source view of this bulkhead
   */
  default HealthSource asHealthSource() {
    return PolicyHealth.of(this);
  }

  /** {@return the configuration in force} */
  BulkheadConfig config();

  /**
   * Takes a permit if one is free. Never blocks. A {@code true} obliges one {@link #release()}.
   *
   * @return whether a permit was taken
   */
  boolean tryAcquire();

  /**
   * Takes a permit, waiting at most {@code maxWait} for one. A waiter that gave up never receives a permit
   * later (permits are never handed to waiters; waiters take them).
   *
   * @param maxWait the longest wait
   * @return whether a permit was taken
   * @throws InterruptedException if interrupted while waiting (no permit is held then)
   */
  boolean tryAcquire(Duration maxWait) throws InterruptedException;

  /**
   * Returns a permit taken by a successful acquire.
   *
   * @throws IllegalStateException if no permit is held (a double release), leaving the count unchanged
   */
  void release();

  /**
   * Takes a permit if one is free and returns an idempotent handle: closing it twice releases once. Allocates
   * a handle; {@link #tryAcquire()} with {@link #release()} does not.
   *
   * @return the handle, or {@code null} when the bulkhead is full
   */
  Permit tryAcquirePermit();

  /** {@return free permits now, in {@code [0, maxConcurrentCalls]} (negative never; racy snapshot)} */
  int availablePermits();

  /** {@return calls that got a permit} */
  long permittedCalls();

  /** {@return calls refused for want of a permit} */
  long rejectedCalls();

  /**
   * Permits and counters in one record (the shape every policy's {@code metrics()} has). Never takes a permit.
   *
   * @return the bulkhead's metrics now
   */
  default BulkheadMetrics metrics() {
    return new BulkheadMetrics(availablePermits(), config().maxConcurrentCalls(), permittedCalls(), rejectedCalls());
  }

  /** {@return the exception to throw for a refused call} */
  BulkheadFullException newFullException();

  /**
   * Takes a new configuration at run time, keeping the permits in use. Raising the maximum wakes waiters;
   * lowering it lets calls in flight finish (no new permits until they drop below the new maximum).
   * Publishes a {@link RecoveryEvent.ConfigChanged} and journals the change.
   *
   * @param config the new settings
   * @param actor who changes them, for the journal
   */
  void reconfigure(BulkheadConfig config, Actor actor);

  /**
   * {@link #reconfigure(BulkheadConfig, Actor)} by {@code Actor.operator("api")}, as on every policy.
   *
   * @param config the new settings
   */
  default void reconfigure(BulkheadConfig config) {
    reconfigure(config, ApiActor.API);
  }

  /** An idempotent permit handle. */
  interface Permit extends AutoCloseable {
    /** Releases the permit the first time; later calls do nothing. */
    @Override
    void close();
  }
}
