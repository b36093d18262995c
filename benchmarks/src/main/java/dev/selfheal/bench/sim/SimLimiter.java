package dev.selfheal.bench.sim;

import dev.selfheal.recovery.AdaptiveLimiter;
import dev.selfheal.recovery.AdaptiveLimiterConfig;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The limiter SPI the simulation drives (ADAPTIVE-LIMITS.md section 4.2): {@link #tryAcquire} at the virtual
 * time {@code now}, then exactly one of the permit's {@code success}, {@code dropped}, {@code ignore}.
 */
public interface SimLimiter {

  /** A held permit. */
  interface Permit {
    void success(long now);

    void dropped(long now);

    void ignore(long now);
  }

  /** A permit, or {@code null} when refused. */
  Permit tryAcquire(long now);

  /** The limit in force, for tracing ({@code Integer.MAX_VALUE} when unlimited). */
  int limit();

  /** Builds a fresh limiter per run on the run's virtual clock. */
  interface Factory {
    String name();

    SimLimiter create(LongSupplier clock);
  }

  /** A named factory. */
  static Factory named(String name, java.util.function.Function<LongSupplier, SimLimiter> create) {
    return new Factory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public SimLimiter create(LongSupplier clock) {
        return create.apply(clock);
      }
    };
  }

  /** A fixed limit: the oracle's and the sweeps' limiter. */
  static Factory fixed(String name, int limit) {
    return named(name, clock -> new Counting(() -> limit));
  }

  /**
   * A fixed limit per phase of {@code sc}, {@code limits[i]} from phase i's start on: a limiter that knew the
   * phase (Feasibility). When the limit drops below the calls in flight, none is admitted until enough have
   * completed.
   */
  static Factory perPhase(String name, Scenario sc, int[] limits) {
    int[] l = limits.clone();
    return named(name, clock -> new Counting(() -> l[sc.phaseAt(clock.getAsLong())]));
  }

  /** No limit at all: the lower reference. */
  static Factory unlimited() {
    return fixed("unlimited", Integer.MAX_VALUE);
  }

  /**
   * Ours: {@link AdaptiveLimiter} with the given config, on the virtual clock; its latency sampling draws from a
   * generator seeded alike for every run, so that runs stay byte-identical.
   */
  static Factory adaptive(String name, AdaptiveLimiterConfig config) {
    return named(name, clock -> {
      AdaptiveLimiter l = AdaptiveLimiter.of(name, config, clock::getAsLong, new SplittableRandom(0x11L));
      return new SimLimiter() {
        @Override
        public Permit tryAcquire(long now) {
          long token = l.tryAcquire();
          if (token == AdaptiveLimiter.REJECTED) {
            return null;
          }
          return new Permit() {
            @Override
            public void success(long t) {
              l.onSuccess(token);
            }

            @Override
            public void dropped(long t) {
              l.onDropped(token);
            }

            @Override
            public void ignore(long t) {
              l.onIgnore(token);
            }
          };
        }

        @Override
        public int limit() {
          return l.limit();
        }
      };
    });
  }

  /** A counting semaphore whose maximum is given by a function (of the virtual time, for {@link #perPhase}). */
  final class Counting implements SimLimiter, Permit {
    private final java.util.function.IntSupplier max;
    private int inUse;

    Counting(java.util.function.IntSupplier max) {
      this.max = max;
    }

    @Override
    public Permit tryAcquire(long now) {
      if (inUse >= max.getAsInt()) {
        return null;
      }
      inUse++;
      return this;
    }

    @Override
    public int limit() {
      return max.getAsInt();
    }

    @Override
    public void success(long now) {
      inUse--;
    }

    @Override
    public void dropped(long now) {
      inUse--;
    }

    @Override
    public void ignore(long now) {
      inUse--;
    }
  }
}
