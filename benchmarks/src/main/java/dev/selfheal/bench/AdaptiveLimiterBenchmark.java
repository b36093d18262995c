package dev.selfheal.bench;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import dev.selfheal.recovery.AdaptiveLimiter;
import dev.selfheal.recovery.AdaptiveLimiterConfig;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The adaptive limiter's acquire + release next to the fixed bulkhead's, one instance shared by all benchmark
 * threads (run with {@code -t 1} and {@code -t 2}), around a trivial supplier.
 *
 * <ul>
 *   <li>{@code baseline}: the supplier called directly.
 *   <li>{@code fixedBulkhead}: {@link Bulkhead#of} ({@code SemaphoreBulkhead}): {@code tryAcquire} / {@code release}.
 *   <li>{@code adaptive}: {@link AdaptiveLimiter} in its default configuration: {@code tryAcquire} /
 *       {@code onSuccess}. At these rates (a window of two latencies holds thousands of calls) it samples one
 *       call in 64; only a sampled call reads the ticker, twice.
 *   <li>{@code adaptiveEveryCall}: the same with {@code latencySampling(1)}: every call reads the ticker twice.
 *   <li>{@code netflix}: concurrency-limits 0.5.4's {@code SimpleLimiter} with the README's windowed Gradient2.
 * </ul>
 *
 * <p>Expected (issue #11): {@code adaptive} within 1.5x of {@code fixedBulkhead} at 1 and 2 threads, and 0 B/op
 * with {@code -prof gc}; Netflix allocates a listener per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AdaptiveLimiterBenchmark extends SupplierBenchmark {
  private Bulkhead bulkhead;
  private AdaptiveLimiter adaptive;
  private AdaptiveLimiter everyCall;
  private SimpleLimiter<Void> netflix;

  @Setup
  public void setUp() {
    bulkhead = Bulkhead.of("bench", BulkheadConfig.builder().maxConcurrentCalls(64).build());
    adaptive = AdaptiveLimiter.of("bench", AdaptiveLimiterConfig.builder().initialLimit(64).minLimit(64)
        .maxLimit(64).build());
    everyCall = AdaptiveLimiter.of("bench-every-call", AdaptiveLimiterConfig.builder().initialLimit(64)
        .minLimit(64).maxLimit(64).latencySampling(1).build());
    netflix = SimpleLimiter.newBuilder().limit(WindowedLimit.newBuilder().build(Gradient2Limit.newBuilder()
        .initialLimit(64).minLimit(64).maxConcurrency(64).build())).build();
  }

  @Benchmark
  public Integer fixedBulkhead() {
    return throughBulkhead(bulkhead);
  }

  @Benchmark
  public Integer adaptive() {
    return guarded(adaptive);
  }

  @Benchmark
  public Integer adaptiveEveryCall() {
    return guarded(everyCall);
  }

  private Integer guarded(AdaptiveLimiter limiter) {
    long token = limiter.tryAcquire();
    if (token == AdaptiveLimiter.REJECTED) {
      throw limiter.newFullException();
    }
    Integer r;
    try {
      r = work.get();
    } catch (RuntimeException e) {
      limiter.onIgnore(token);
      throw e;
    }
    limiter.onSuccess(token);
    return r;
  }

  @Benchmark
  public Integer netflix() {
    Optional<Limiter.Listener> l = netflix.acquire(null);
    if (l.isEmpty()) {
      throw new IllegalStateException("limit reached");
    }
    Integer r = work.get();
    l.get().onSuccess();
    return r;
  }
}
