package dev.selfheal.bench.sim;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.GradientLimit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The anchor configurations of ADAPTIVE-LIMITS.md section 4.7, Netflix concurrency-limits 0.5.4 used as a
 * library (never copied): a {@code SimpleLimiter} whose {@code nanoClock} is the simulation's virtual clock.
 *
 * <p>{@code VegasLimit} and {@code GradientLimit} draw probe jitter from {@code ThreadLocalRandom}, which cannot
 * be seeded: their runs are not byte-identical on rerun (the report marks them {@code ~}).
 */
public final class NetflixLimiters {
  private NetflixLimiters() {}

  /** Whether the anchor's runs are reproducible (no {@code ThreadLocalRandom}). */
  public static boolean deterministic(String name) {
    return !name.contains("vegas") && !name.contains("gradient1");
  }

  /** The anchors for a scenario whose client deadline is {@code deadlineNanos}. */
  public static List<SimLimiter.Factory> anchors(long deadlineNanos) {
    return List.of(
        of("g2-windowed", () -> WindowedLimit.newBuilder().build(Gradient2Limit.newDefault())),
        of("g2-windowed-min1", () -> WindowedLimit.newBuilder().build(Gradient2Limit.newBuilder().minLimit(1).build())),
        of("vegas", VegasLimit::newDefault),
        of("vegas-windowed", () -> WindowedLimit.newBuilder().build(VegasLimit.newDefault())),
        of("gradient1-windowed", () -> WindowedLimit.newBuilder().build(GradientLimit.newDefault())),
        of("aimd", () -> AIMDLimit.newBuilder().timeout(deadlineNanos, TimeUnit.NANOSECONDS).build()));
  }

  static SimLimiter.Factory of(String name, Supplier<Limit> limit) {
    return SimLimiter.named(name, clock -> {
      Limit l = limit.get();
      SimpleLimiter<Void> limiter = SimpleLimiter.newBuilder().named(name).limit(l).nanoClock(clock).build();
      return new SimLimiter() {
        @Override
        public Permit tryAcquire(long now) {
          Optional<Limiter.Listener> listener = limiter.acquire(null);
          if (listener.isEmpty()) {
            return null;
          }
          Limiter.Listener li = listener.get();
          return new Permit() {
            @Override
            public void success(long t) {
              li.onSuccess();
            }

            @Override
            public void dropped(long t) {
              li.onDropped();
            }

            @Override
            public void ignore(long t) {
              li.onIgnore();
            }
          };
        }

        @Override
        public int limit() {
          return l.getLimit();
        }
      };
    });
  }
}
