package dev.selfheal.bench;

import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.Pipeline;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 *   <li>{@code pipeline}: breaker + bulkhead called directly ({@code Pipeline.get}) around the direct call;
 *       {@code pipelineApply}: the same through {@code Pipeline.apply(Function, arg)}, the entry a handle's
 *       call takes.
 *   <li>{@code handlePolicies}: the same breaker + bulkhead given to the handle as its interceptor.
 * </ul>
 *
 * <p>The decomposition, each step adding one part of the handle's path to the one before:
 * <ul>
 *   <li>{@code proxyConstant}: a JDK proxy whose handler returns a constant (the proxy's dispatch alone);
 *   <li>{@code proxyCall}: the handler calls the instance (proxy + call through the handler);
 *   <li>{@code proxyLookup}: the handler first finds the method's entry in an {@code IdentityHashMap}, as
 *       the handle did before it scanned its first methods by reference (#7);
 *   <li>{@code fence}: the guard's memory accesses alone on a thread-owned padded cell (volatile store,
 *       volatile read of a flag, release store, opaque read), beside a direct call;
 *   <li>{@code handleSeam}: the handle with a pass-through {@code CallInterceptor} (the interceptor seam);
 *   <li>{@code handleViaMethodHandle}: the no-policy handle of a non-public interface, which core calls
 *       through a method handle (as it does an interface its class loader cannot see).
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

  /** Not public: the handle calls it through a method handle rather than a spun class (see core's Invoker). */
  interface Packaged {
    Integer value();
  }

  static final class Impl implements Service, Packaged {
    @Override
    public Integer value() {
      return VALUE;
    }

    @Override
    public Integer echo(Integer x) {
      return x;
    }
  }

  private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle CLOSED;

  static {
    try {
      CLOSED = MethodHandles.lookup().findVarHandle(Cell.class, "closed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** One thread's padded count and a shared flag: the guard's accesses without its stripes. */
  @State(Scope.Thread)
  public static class Cell {
    final long[] cells = new long[32];
    volatile boolean closed;
  }

  private final Integer arg = 7;
  private Service proxyConstant;
  private Service proxyCall;
  private Service proxyLookup;
  private Service handleSeam;
  private Packaged handleViaMethodHandle;
  private Function<Object, Object> directFunction;
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
    directFunction = a -> d.value();
    proxyConstant = proxy((p, m, a) -> VALUE);
    proxyCall = proxy((p, m, a) -> d.value());
    // keyed by the proxy's own Method objects (getMethods() returns copies), learnt at the first calls
    Map<Method, Service> byIdentity = new IdentityHashMap<>();
    proxyLookup = proxy((p, m, a) -> {
      Service s = byIdentity.get(m);
      return s != null ? s.value() : learn(byIdentity, m, d).value();
    });
    proxyLookup.value();
    SupervisorSpec.Builder spec = SupervisorSpec.builder("bench");
    handle = spec.supervise(Service.class, Impl::new, HandleOptions.builder().id("plain").build());
    handlePolicies = spec.supervise(Service.class, Impl::new, HandleOptions.builder().id("guarded")
        .interceptAll(handlePipeline).build());
    handleViaMethodHandle = spec.supervise(Packaged.class, Impl::new, HandleOptions.builder().id("packaged")
        .build());
    handleSeam = spec.supervise(Service.class, Impl::new, HandleOptions.builder().id("seam")
        .interceptAll((invocation, args) -> invocation.proceed(args)).build());
    tree = SupervisorTree.builder(spec.build()).build();
    tree.start();
  }

  private static synchronized Service learn(Map<Method, Service> byIdentity, Method m, Service s) {
    byIdentity.put(m, s); // only in setUp, before the benchmark threads start
    return s;
  }

  private static Service proxy(java.lang.reflect.InvocationHandler h) {
    return (Service) Proxy.newProxyInstance(Service.class.getClassLoader(), new Class<?>[] {Service.class}, h);
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

  @Benchmark
  public Object pipelineApply() {
    return pipeline.apply(directFunction, arg);
  }

  @Benchmark
  public Integer proxyConstant() {
    return proxyConstant.value();
  }

  @Benchmark
  public Integer proxyCall() {
    return proxyCall.value();
  }

  @Benchmark
  public Integer proxyLookup() {
    return proxyLookup.value();
  }

  @Benchmark
  public Integer fence(Cell c) {
    long n = c.cells[16];
    CELLS.setVolatile(c.cells, 16, n + 1);
    if ((boolean) CLOSED.getVolatile(c)) {
      throw new IllegalStateException();
    }
    Integer r = direct.value();
    CELLS.setRelease(c.cells, 16, n);
    if ((boolean) CLOSED.getOpaque(c)) {
      throw new IllegalStateException();
    }
    return r;
  }

  @Benchmark
  public Integer handleViaMethodHandle() {
    return handleViaMethodHandle.value();
  }

  @Benchmark
  public Integer handleSeam() {
    return handleSeam.value();
  }
}
