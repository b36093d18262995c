package dev.selfheal.bench;

import dev.selfheal.recovery.Bulkhead;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * What the policy benchmarks share: the guarded work (a supplier returning a cached {@code Integer}, so it
 * allocates nothing), the baseline that calls it without any guard, and the work behind a bulkhead's
 * {@code tryAcquire} + {@code release}, the fixed-bulkhead row several benchmarks compare against.
 */
public abstract class SupplierBenchmark {
  private static final Integer VALUE = 42;

  /** The work every variant guards. */
  protected final Supplier<Integer> work = () -> VALUE;

  @Benchmark
  public Integer baseline() {
    return work.get();
  }

  /** The work through {@code bulkhead}'s permit protocol, refused when it is full. */
  protected final Integer throughBulkhead(Bulkhead bulkhead) {
    if (!bulkhead.tryAcquire()) {
      throw bulkhead.newFullException();
    }
    try {
      return work.get();
    } finally {
      bulkhead.release();
    }
  }
}
