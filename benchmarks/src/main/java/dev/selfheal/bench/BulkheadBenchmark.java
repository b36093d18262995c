package dev.selfheal.bench;

import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.Pipeline;
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
 * The bulkhead's success path, one instance shared by all benchmark threads (run with {@code -t 1} and
 * {@code -t 2}): acquire, call a trivial supplier, release.
 *
 * <ul>
 *   <li>{@code baseline}: the supplier called directly.
 *   <li>{@code selfhealTryAcquire}: our {@code tryAcquire()} / {@code release()} by hand.
 *   <li>{@code selfhealPipeline}: a {@link Pipeline} holding only the bulkhead.
 *   <li>{@code resilience4j}: Resilience4j 2.4.0's semaphore {@code Bulkhead.decorateSupplier}.
 * </ul>
 *
 * <p>Expected: ours no slower than Resilience4j at 1 and 2 threads (both are one CAS to acquire and one to
 * release; Resilience4j also publishes through its event processor and uses a fair {@code Semaphore}), and
 * 0 B/op with {@code -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BulkheadBenchmark extends SupplierBenchmark {
  private Bulkhead bulkhead;
  private Pipeline<Integer> pipeline;
  private Supplier<Integer> r4jDecorated;

  @Setup
  public void setUp() {
    bulkhead = Bulkhead.of("bench", BulkheadConfig.builder().maxConcurrentCalls(64).build());
    pipeline = Pipeline.<Integer>builder().bulkhead(Bulkhead.of("bench-pipeline",
        BulkheadConfig.builder().maxConcurrentCalls(64).build())).build();
    io.github.resilience4j.bulkhead.Bulkhead r4j = io.github.resilience4j.bulkhead.Bulkhead.of("bench",
        io.github.resilience4j.bulkhead.BulkheadConfig.custom().maxConcurrentCalls(64)
            .maxWaitDuration(Duration.ZERO).build());
    r4jDecorated = io.github.resilience4j.bulkhead.Bulkhead.decorateSupplier(r4j, work);
  }

  @Benchmark
  public Integer selfhealTryAcquire() {
    return throughBulkhead(bulkhead);
  }

  @Benchmark
  public Integer selfhealPipeline() {
    return pipeline.get(work);
  }

  @Benchmark
  public Integer resilience4j() {
    return r4jDecorated.get();
  }
}
