package dev.selfheal.bench;

import dev.failsafe.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The success path of a CLOSED circuit breaker, one instance shared by all benchmark threads: ours next to the
 * peers' and a direct call.
 *
 * <ul>
 *   <li>{@code baseline}: the raw supplier call, no guard (the floor).
 *   <li>{@code selfheal}: {@code tryAcquirePermit()} + call + {@code onSuccess(permit, 0)} on the default config
 *   (COUNT_BASED window of 100, no slow-call detection: no clock read).
 *   <li>{@code selfhealTimeWindow}: the same on a TIME_BASED window of 60 s: adds one {@code System.nanoTime()}
 *   per call (the price of a time window; expected about one nanoTime above {@code selfheal}).
 *   <li>{@code failsafeRaw}: Failsafe 3.3.2's {@code tryAcquirePermit()} + call + {@code recordSuccess()}.
 *   <li>{@code resilience4j}: Resilience4j 2.4.0's {@code CircuitBreaker.decorateSupplier} on its defaults.
 *   <li>{@code longAdder}: the call plus one {@code LongAdder.increment()} on a shared adder, the success path's only
 *   write before {@code OwnedCellCounter}: what one uncontended CAS costs on the machine of the run (the floor the
 *   breaker could not go below while it counted with a {@code LongAdder}).
 * </ul>
 *
 * <p>Run at 1 and 2 threads ({@code -t 1}, {@code -t 2}) with {@code -prof gc}. Expected: {@code selfheal} within a
 * few ns of {@code baseline} and no slower than {@code failsafeRaw} at 1 thread; at 2 threads its per-thread time
 * stays flat (the only write is a striped {@code LongAdder} cell) while Failsafe ({@code synchronized}) and
 * Resilience4j (a locked window, two {@code System.nanoTime()} calls) slow down, so ours is at least 5x
 * Resilience4j's throughput; 0 B/op for {@code selfheal}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CircuitBreakerBenchmark {
  private final Supplier<String> work = () -> "ok";
  private dev.selfheal.recovery.CircuitBreaker selfheal;
  private dev.selfheal.recovery.CircuitBreaker selfhealTimeWindow;
  private CircuitBreaker<Object> failsafe;
  private Supplier<String> resilience4j;
  private final LongAdder adder = new LongAdder();

  @Setup
  public void setUp() {
    selfheal = dev.selfheal.recovery.CircuitBreaker.of("bench", CircuitBreakerConfig.ofDefaults());
    selfhealTimeWindow = dev.selfheal.recovery.CircuitBreaker.of("bench-time",
        CircuitBreakerConfig.builder().slidingWindow(Duration.ofSeconds(60)).build());
    failsafe = CircuitBreaker.builder().withFailureThreshold(50, 100).withDelay(Duration.ofSeconds(60)).build();
    resilience4j = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(
        CircuitBreakerRegistry.ofDefaults().circuitBreaker("bench"), work);
  }

  @Benchmark
  public String baseline() {
    return work.get();
  }

  @Benchmark
  public String selfheal() {
    return guarded(selfheal);
  }

  @Benchmark
  public String selfhealTimeWindow() {
    return guarded(selfhealTimeWindow);
  }

  /** The low-level protocol with the per-call token around the supplier, as the pipeline runs it. */
  private String guarded(dev.selfheal.recovery.CircuitBreaker cb) {
    long permit = cb.tryAcquirePermit();
    if (permit == dev.selfheal.recovery.CircuitBreaker.NO_PERMIT) {
      throw cb.newOpenException();
    }
    String result = work.get();
    cb.onSuccess(permit, 0);
    return result;
  }

  @Benchmark
  public String failsafeRaw() {
    CircuitBreaker<Object> cb = failsafe;
    if (!cb.tryAcquirePermit()) {
      throw new IllegalStateException("open");
    }
    String result = work.get();
    cb.recordSuccess();
    return result;
  }

  @Benchmark
  public String resilience4j() {
    return resilience4j.get();
  }

  @Benchmark
  public String longAdder() {
    String result = work.get();
    adder.increment();
    return result;
  }
}
