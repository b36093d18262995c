package dev.selfheal.recovery;

import dev.selfheal.core.event.Actor;
import dev.selfheal.recovery.internal.Environment;
import dev.selfheal.recovery.internal.GcraRateLimiter;
import java.time.Duration;

/**
 * Spaces calls out to a configured rate, with a burst allowance. Time is read from the injected ticker.
 *
 * <p>A bounded wait honours its limit exactly: the limiter knows, before waiting, when the next permit will be
 * free, so a call that could not get one within its wait is refused at once instead of overrunning the
 * wait (the Resilience4j #2336 trap).
 *
 * <p>Implementations are thread-safe and lock-free.
 */
public interface RateLimiter {

  /**
   * A rate limiter outside any registry (system ticker, its own event bus and journal).
   *
   * @param name the rate limiter's name
   * @param config its settings
   * @return the rate limiter
   */
  static RateLimiter of(String name, RateLimiterConfig config) {
    return new GcraRateLimiter(name, config, Environment.standalone());
  }

  /**
   * {@link #of} with {@link RateLimiterConfig#ofDefaults()}.
   *
   * @param name the rate limiter's name
   * @return the rate limiter
   */
  static RateLimiter ofDefaults(String name) {
    return of(name, RateLimiterConfig.ofDefaults());
  }

  /** {@return the instance's name} */
  String name();

  /** {@return the configuration in force} */
  RateLimiterConfig config();

  /**
   * Takes a permit if one is free now. Never blocks.
   *
   * @return whether a permit was taken
   */
  boolean tryAcquire();

  /**
   * Takes a permit, waiting up to {@code maxWait} for it. Returns {@code false} at once when the next
   * permit is further away than {@code maxWait}.
   *
   * @param maxWait the longest wait
   * @return whether a permit was taken
   * @throws InterruptedException if interrupted while waiting (the reserved permit is given back if no
   *                              later call reserved after it)
   */
  boolean tryAcquire(Duration maxWait) throws InterruptedException;

  /** {@return calls that got a permit} */
  long permittedCalls();

  /** {@return calls refused} */
  long rejectedCalls();

  /**
   * Permits a call could take now without waiting (0 to the configured burst), read from the clock at the
   * time of the call: for metrics and diagnostics, not a promise to the next caller.
   *
   * @return the permits
   */
  int availablePermits();

  /** Permits and counters in one record (the shape every policy's {@code metrics()} has). Never takes a permit. */
  default RateLimiterMetrics metrics() {
    return new RateLimiterMetrics(availablePermits(), permittedCalls(), rejectedCalls());
  }

  /** {@return the exception to throw for a refused call} */
  RateLimitExceededException newExceededException();

  /**
   * Takes a new configuration, keeping the reservations already made. Journaled and published.
   *
   * @param config the new settings
   * @param actor who changes them, for the journal
   */
  void reconfigure(RateLimiterConfig config, Actor actor);

  /**
   * {@link #reconfigure(RateLimiterConfig, Actor)} by {@code Actor.operator("api")}, as on every policy.
   *
   * @param config the new settings
   */
  default void reconfigure(RateLimiterConfig config) {
    reconfigure(config, ApiActor.API);
  }
}
