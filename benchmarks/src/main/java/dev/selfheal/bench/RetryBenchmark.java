package dev.selfheal.bench;

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
 * The retry's success path (the first attempt succeeds), one instance shared by all threads.
 *
 * <ul>
 *   <li>{@code baseline}: the supplier called directly.
 *   <li>{@code selfheal}: {@code Retry.get(supplier)}.
 *   <li>{@code selfhealPipeline}: a {@link Pipeline} holding only the retry.
 *   <li>{@code resilience4j}: Resilience4j 2.4.0's {@code Retry.decorateSupplier} (it allocates a retry
 *       context per call, about 48 B/op).
 * </ul>
 *
 * <p>Expected: ours no slower than Resilience4j, and 0 B/op with {@code -prof gc} (the attempt number lives
 * on the stack; one {@code LongAdder} counts the success).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RetryBenchmark extends SupplierBenchmark {
  private Retry retry;
  private Pipeline<Integer> pipeline;
  private Supplier<Integer> r4jDecorated;

  @Setup
  public void setUp() {
    RetryConfig config = RetryConfig.builder().maxAttempts(3).fixedBackoff(Duration.ofMillis(100)).build();
    retry = Retry.of("bench", config);
    pipeline = Pipeline.<Integer>builder().retry(Retry.of("bench-pipeline", config)).build();
    io.github.resilience4j.retry.Retry r4j = io.github.resilience4j.retry.Retry.of("bench",
        io.github.resilience4j.retry.RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(100))
            .build());
    r4jDecorated = io.github.resilience4j.retry.Retry.decorateSupplier(r4j, work);
  }

  @Benchmark
  public Integer selfheal() {
    return retry.get(work);
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
