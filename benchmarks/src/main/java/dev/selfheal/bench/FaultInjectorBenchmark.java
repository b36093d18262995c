package dev.selfheal.bench;

import dev.selfheal.core.event.Actor;
import dev.selfheal.recovery.chaos.Fault;
import dev.selfheal.recovery.chaos.FaultInjector;
import dev.selfheal.recovery.chaos.FaultSpec;
import dev.selfheal.recovery.chaos.FaultTrigger;
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
 * What fault injection costs a call, one injector shared by all threads.
 *
 * <ul>
 *   <li>{@code baseline}: the supplier called directly.
 *   <li>{@code off}: the supplier behind an injector with nothing armed (the production state).
 *   <li>{@code armedNotFiring}: a fault armed whose trigger does not fire on these calls (every
 *       {@code Long.MAX_VALUE}-th call): the cost of counting calls while an experiment runs.
 * </ul>
 *
 * <p>Expected: {@code off} within a nanosecond of {@code baseline} (one acquire read, a plain load on x86)
 * and 0 B/op; {@code armedNotFiring} one shared atomic increment (contended at 2 threads), 0 B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FaultInjectorBenchmark extends SupplierBenchmark {
  private Supplier<Integer> off;
  private Supplier<Integer> armed;

  @Setup
  public void setUp() {
    off = FaultInjector.builder("bench-off").build().decorate(work);
    FaultInjector faults = FaultInjector.builder("bench-armed").build();
    faults.inject(FaultSpec.builder(Fault.exception("never")).trigger(FaultTrigger.everyNth(Long.MAX_VALUE)).build(),
        Actor.automatic());
    armed = faults.decorate(work);
  }

  @Benchmark
  public Integer off() {
    return off.get();
  }

  @Benchmark
  public Integer armedNotFiring() {
    return armed.get();
  }
}
