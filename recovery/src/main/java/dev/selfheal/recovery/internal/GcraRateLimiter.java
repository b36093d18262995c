package dev.selfheal.recovery.internal;

import dev.selfheal.core.event.Actor;
import dev.selfheal.recovery.RateLimitExceededException;
import dev.selfheal.recovery.RateLimiter;
import dev.selfheal.recovery.RateLimiterConfig;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A rate limiter after the generic cell rate algorithm (GCRA): one {@code long}, the theoretical arrival
 * time {@code tat} of the next permit, on the injected ticker.
 *
 * <pre>{@code
 *   T = period / permitsPerPeriod        tolerance = (burst - 1) * T
 *   acquire at now:  start = max(tat, now)
 *                    start - now <= tolerance            -> CAS tat := start + T, permit now
 *                    start - now - tolerance <= maxWait  -> CAS tat := start + T, wait that long
 *                    otherwise                           -> refused at once (never waits past maxWait)
 * }</pre>
 *
 * <p><b>Memory ordering.</b> {@code tat} is read with volatile semantics and moved by {@code compareAndSet},
 * the linearization point of a reservation. {@code params} is one volatile reference to an immutable pair,
 * so a reader sees T and the tolerance of the same configuration.
 *
 * <p><b>Progress.</b> Lock-free: a failed CAS means another caller reserved. Waiting parks the caller on the
 * ticker; it never holds a lock.
 *
 * <p>This class is thread-safe.
 */
public final class GcraRateLimiter implements RateLimiter {
  private static final VarHandle TAT = VarHandles.field(MethodHandles.lookup(), "tat", long.class);

  private final String name;
  private final Environment env;
  private volatile Params params;
  @SuppressWarnings("unused") // accessed through TAT
  private volatile long tat;
  private final LongAdder permitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  public GcraRateLimiter(String name, RateLimiterConfig config, Environment env) {
    this.name = Objects.requireNonNull(name, "name");
    this.env = Objects.requireNonNull(env, "env");
    this.params = new Params(Objects.requireNonNull(config, "config"));
    this.tat = env.ticker().read();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RateLimiterConfig config() {
    return params.config;
  }

  @Override
  public boolean tryAcquire() {
    Params p = params;
    long now = env.ticker().read();
    for (;;) {
      long current = (long) TAT.getVolatile(this);
      long start = Math.max(current, now);
      if (start - now > p.tolerance) {
        rejected.increment();
        return false;
      }
      if (TAT.compareAndSet(this, current, start + p.interval)) {
        permitted.increment();
        return true;
      }
    }
  }

  @Override
  public boolean tryAcquire(Duration maxWait) throws InterruptedException {
    long maxWaitNanos = maxWait.toNanos();
    Params p = params;
    long now = env.ticker().read();
    long reservedUntil;
    long delay;
    for (;;) {
      long current = (long) TAT.getVolatile(this);
      long start = Math.max(current, now);
      delay = start - now - p.tolerance;
      if (delay > maxWaitNanos) {
        rejected.increment();
        return false; // decided before waiting: the wait is never overrun
      }
      reservedUntil = start + p.interval;
      if (TAT.compareAndSet(this, current, reservedUntil)) {
        break;
      }
    }
    if (delay > 0) {
      try {
        Waits.parkUntil(env.ticker(), now + delay);
      } catch (InterruptedException e) {
        // give the reservation back unless someone reserved after it (then it is simply spent)
        TAT.compareAndSet(this, reservedUntil, reservedUntil - p.interval);
        rejected.increment();
        throw e;
      }
    }
    permitted.increment();
    return true;
  }

  @Override
  public long permittedCalls() {
    return permitted.sum();
  }

  @Override
  public long rejectedCalls() {
    return rejected.sum();
  }

  @Override
  public int availablePermits() {
    Params p = params;
    long now = env.ticker().read();
    long ahead = Math.max((long) TAT.getVolatile(this), now) - now; // how far reservations run past now
    if (ahead > p.tolerance) {
      return 0;
    }
    // the k-th permit taken now starts ahead + (k-1) * interval past now, and must stay within the tolerance
    return (int) Math.min(p.config.burst(), (p.tolerance - ahead) / p.interval + 1);
  }

  @Override
  public RateLimitExceededException newExceededException() {
    return new RateLimitExceededException(name, params.config.writableStackTrace());
  }

  @Override
  public void reconfigure(RateLimiterConfig newConfig, Actor actor) {
    env.reconfigure(PolicyKind.RATE_LIMITER, name, this, newConfig, actor, c -> {
      RateLimiterConfig old = params.config;
      params = new Params(c);
      return old;
    });
  }


  @Override
  public String toString() {
    return "RateLimiter{name=" + name + ", config=" + params.config + "}";
  }

  private static final class Params {
    final RateLimiterConfig config;
    final long interval;
    final long tolerance;

    Params(RateLimiterConfig config) {
      this.config = config;
      this.interval = PolicyMath.intervalNanos(config);
      this.tolerance = Math.multiplyHigh(config.burst() - 1L, interval) != 0 ? Long.MAX_VALUE / 4
          : Math.min(Long.MAX_VALUE / 4, (config.burst() - 1L) * interval);
    }
  }
}
