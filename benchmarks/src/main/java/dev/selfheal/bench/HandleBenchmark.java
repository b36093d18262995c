package dev.selfheal.bench;

import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.Pipeline;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A supervised handle's cost on the success path, one handle (and one pipeline) shared by all threads; run
 * with {@code -t 1} and {@code -t 2}, and {@code -prof gc}.
 *
 * <ul>
 *   <li>{@code direct} / {@code directArg}: the interface called on the instance itself.
 *   <li>{@code handle} / {@code handleArg}: the same call through a handle with no policy (a JDK proxy, the
 *       method looked up by identity, the in-flight guard: one fence on entry, a release store on exit, and
 *       the call through a class spun by {@code LambdaMetafactory}). {@code handleArg}
 *       passes one argument, for which the proxy allocates an {@code Object[]}.
 *   <li>{@code pipeline}: breaker + bulkhead called directly ({@code Pipeline.get}) around the direct call.
 *   <li>{@code handlePolicies}: the same breaker + bulkhead given to the handle as its interceptor.
 * </ul>
 *
 * <p>Targets of issue #7: {@code handle} at most 3 ns above {@code direct}, {@code handlePolicies} at most
 * 5 ns above {@code pipeline}, 0 B/op, at 1 and 2 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HandleBenchmark {
  private static final Integer VALUE = 42;

  /** The supervised interface. */
  public interface Service {
    Integer value();

    Integer echo(Integer x);
  }

  static final class Impl implements Service {
    @Override
    public Integer value() {
      return VALUE;
    }

    @Override
    public Integer echo(Integer x) {
      return x;
    }
  }

  private final Integer arg = 7;
  private Service direct;
  private Service handle;
  private Service handlePolicies;
  private Pipeline<Object> pipeline;
  private Supplier<Object> directCall;
  private SupervisorTree tree;

  @Setup
  public void setUp() {
    direct = new Impl();
    pipeline = Pipeline.builder().circuitBreaker(CircuitBreaker.ofDefaults("bench"))
        .bulkhead(Bulkhead.of("bench", BulkheadConfig.builder().maxConcurrentCalls(64).build())).build();
    Pipeline<Object> handlePipeline = Pipeline.builder().circuitBreaker(CircuitBreaker.ofDefaults("bench-h"))
        .bulkhead(Bulkhead.of("bench-h", BulkheadConfig.builder().maxConcurrentCalls(64).build())).build();
    Service d = direct;
    directCall = d::value;
    SupervisorSpec.Builder spec = SupervisorSpec.builder("bench");
    handle = spec.supervise(Service.class, Impl::new, HandleOptions.builder().id("plain").build());
    handlePolicies = spec.supervise(Service.class, Impl::new, HandleOptions.builder().id("guarded")
        .interceptAll(handlePipeline).build());
    tree = SupervisorTree.builder(spec.build()).build();
    tree.start();
  }

  @TearDown
  public void tearDown() {
    tree.stop();
  }

  @Benchmark
  public Integer direct() {
    return direct.value();
  }

  @Benchmark
  public Integer directArg() {
    return direct.echo(arg);
  }

  @Benchmark
  public Integer handle() {
    return handle.value();
  }

  @Benchmark
  public Integer handleArg() {
    return handle.echo(arg);
  }

  @Benchmark
  public Object pipeline() {
    return pipeline.get(directCall);
  }

  @Benchmark
  public Integer handlePolicies() {
    return handlePolicies.value();
  }
}
