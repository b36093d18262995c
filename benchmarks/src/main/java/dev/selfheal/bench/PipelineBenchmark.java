package dev.selfheal.bench;

import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.Pipeline;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Retry + circuit breaker + bulkhead around a trivial supplier, success path, one pipeline shared by all
 * threads.
 *
 * <ul>
 *   <li>{@code baseline}: the supplier called directly.
 *   <li>{@code selfheal}: our {@link Pipeline} (default order: retry, breaker, bulkhead).
 *   <li>{@code resilience4j}: Resilience4j 2.4.0's decorators composed the way its {@code Decorators} builder
 *       does: {@code Retry(CircuitBreaker(Bulkhead(supplier)))}.
 * </ul>
 *
 * <p>Expected: ours at most half of Resilience4j's time, 0 B/op. Both sides use their breaker's defaults
 * (a count-based window of 100 calls).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBenchmark extends SupplierBenchmark {
  private Pipeline<Integer> pipeline;
  private Supplier<Integer> r4jDecorated;

  /** The breaker under test: ours with its defaults (COUNT_BASED window of 100 calls, no slow-call detection). */
  static CircuitBreaker newBreaker() {
    return CircuitBreaker.ofDefaults("bench");
  }

  @Setup
  public void setUp() {
    pipeline = Pipeline.<Integer>builder()
        .retry(Retry.of("bench", RetryConfig.builder().maxAttempts(3).fixedBackoff(Duration.ofMillis(100)).build()))
        .circuitBreaker(newBreaker())
        .bulkhead(Bulkhead.of("bench", BulkheadConfig.builder().maxConcurrentCalls(64).build()))
        .build();

    io.github.resilience4j.bulkhead.Bulkhead bh = io.github.resilience4j.bulkhead.Bulkhead.of("bench",
        io.github.resilience4j.bulkhead.BulkheadConfig.custom().maxConcurrentCalls(64)
            .maxWaitDuration(Duration.ZERO).build());
    io.github.resilience4j.circuitbreaker.CircuitBreaker cb =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("bench");
    io.github.resilience4j.retry.Retry retry = io.github.resilience4j.retry.Retry.of("bench",
        io.github.resilience4j.retry.RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(100))
            .build());
    Supplier<Integer> s = io.github.resilience4j.bulkhead.Bulkhead.decorateSupplier(bh, work);
    s = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(cb, s);
    r4jDecorated = io.github.resilience4j.retry.Retry.decorateSupplier(retry, s);
  }

  @Benchmark
  public Integer selfheal() {
    return pipeline.get(work);
  }

  @Benchmark
  public Integer resilience4j() {
    return r4jDecorated.get();
  }
}
