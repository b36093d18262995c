package dev.selfheal.recovery.lincheck;

import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * lincheck model check: the bulkhead's {@code tryAcquire}, {@code release} and {@code availablePermits} are
 * linearizable against a plain counter bounded by {@code [0, max]}. It found the refused double release that drove
 * the count to -1 for an instant, letting a third {@code tryAcquire} in on a bulkhead of 2.
 */
public class BulkheadLincheckTest {
  static final int MAX = 2;

  private final Bulkhead bulkhead = Bulkhead.of("lincheck", BulkheadConfig.builder().maxConcurrentCalls(MAX).build());

  @Operation
  public boolean tryAcquire() {
    return bulkhead.tryAcquire();
  }

  /** True if a permit was returned, false if the release was refused (none held). */
  @Operation
  public boolean release() {
    try {
      bulkhead.release();
      return true;
    } catch (IllegalStateException refused) {
      return false;
    }
  }

  @Operation
  public int availablePermits() {
    return bulkhead.availablePermits();
  }

  @Test
  void linearizableAgainstABoundedCounter() {
    new ModelCheckingOptions()
        .iterations(10)
        .invocationsPerIteration(100)
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(Model.class)
        .check(BulkheadLincheckTest.class);
  }

  /** The sequential model: permits in use, in {@code [0, MAX]}. */
  public static final class Model {
    private int used;

    public boolean tryAcquire() {
      if (used >= MAX) {
        return false;
      }
      used++;
      return true;
    }

    public boolean release() {
      if (used == 0) {
        return false;
      }
      used--;
      return true;
    }

    public int availablePermits() {
      return MAX - used;
    }
  }
}
