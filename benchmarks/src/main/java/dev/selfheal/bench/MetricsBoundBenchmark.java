package dev.selfheal.bench;

import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.Pipeline;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import dev.selfheal.recovery.micrometer.RecoveryMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What binding Micrometer meters costs the call path: the success paths of the breaker, the bulkhead, the
 * retry and the pipeline (retry + breaker + bulkhead), with {@code metrics=unbound} and with
 * {@code metrics=bound} ({@link RecoveryMetrics} on a {@link SimpleMeterRegistry}, and a thread reading every
 * meter every 100 ms, as a busy scraper would).
 *
 * <p>Expected: each {@code bound} variant within 1 ns of its {@code unbound} twin and 0 B/op with
 * {@code -prof gc}: the meters are functions read at scrape time, so the call path is the same code either way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsBoundBenchmark extends SupplierBenchmark {
  @Param({"unbound", "bound"})
  public String metrics;

  private CircuitBreaker breaker;
  private Bulkhead bulkhead;
  private Retry retry;
  private Pipeline<Integer> pipeline;
  private RecoveryMetrics binder;
  private ScheduledExecutorService scraper;
  private volatile double sink; // written by the scraper so that its reads are not optimised away

  @Setup(Level.Trial)
  public void setUp() {
    RetryConfig retryConfig = RetryConfig.builder().maxAttempts(3).fixedBackoff(Duration.ofMillis(100)).build();
    BulkheadConfig bulkheadConfig = BulkheadConfig.builder().maxConcurrentCalls(64).build();
    breaker = CircuitBreaker.ofDefaults("bench");
    bulkhead = Bulkhead.of("bench", bulkheadConfig);
    retry = Retry.of("bench", retryConfig);
    CircuitBreaker pipelineBreaker = CircuitBreaker.ofDefaults("bench-pipeline");
    Bulkhead pipelineBulkhead = Bulkhead.of("bench-pipeline", bulkheadConfig);
    Retry pipelineRetry = Retry.of("bench-pipeline", retryConfig);
    pipeline = Pipeline.<Integer>builder().retry(pipelineRetry).circuitBreaker(pipelineBreaker)
        .bulkhead(pipelineBulkhead).build();
    if (metrics.equals("bound")) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      binder = RecoveryMetrics.of(breaker, bulkhead, retry, pipelineBreaker, pipelineBulkhead, pipelineRetry);
      binder.bindTo(registry);
      scraper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "selfheal-bench-scraper");
        t.setDaemon(true);
        return t;
      });
      scraper.scheduleAtFixedRate(() -> {
        double total = 0;
        for (Meter m : registry.getMeters()) {
          for (Measurement x : m.measure()) {
            total += x.getValue();
          }
        }
        sink = total;
      }, 0, 100, TimeUnit.MILLISECONDS);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (scraper != null) {
      scraper.shutdownNow();
      binder.close();
    }
  }

  @Benchmark
  public Integer breaker() {
    if (!breaker.tryAcquirePermission()) {
      throw breaker.newOpenException();
    }
    Integer result = work.get();
    breaker.onSuccess(0);
    return result;
  }

  @Benchmark
  public Integer bulkhead() {
    return throughBulkhead(bulkhead);
  }

  @Benchmark
  public Integer retry() {
    return retry.get(work);
  }

  @Benchmark
  public Integer pipeline() {
    return pipeline.get(work);
  }
}
