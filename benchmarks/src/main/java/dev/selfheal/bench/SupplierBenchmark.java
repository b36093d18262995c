package dev.selfheal.bench;

import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * What the policy benchmarks share: the guarded work (a supplier returning a cached {@code Integer}, so it
 * allocates nothing) and the baseline that calls it without any guard.
 */
public abstract class SupplierBenchmark {
  private static final Integer VALUE = 42;

  /** The work every variant guards. */
  protected final Supplier<Integer> work = () -> VALUE;

  @Benchmark
  public Integer baseline() {
    return work.get();
  }
}
