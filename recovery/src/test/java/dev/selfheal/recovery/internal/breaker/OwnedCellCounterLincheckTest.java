package dev.selfheal.recovery.internal.breaker;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * lincheck model check: {@link OwnedCellCounter}'s {@code increment}, {@code incrementVolatile} and {@code sum} are
 * linearizable against a plain counter, with three threads on a counter of 8 slots (each thread owns a cell, or
 * shares the adder when two home slots collide).
 */
public class OwnedCellCounterLincheckTest {
  private final OwnedCellCounter counter = new OwnedCellCounter(8);

  @Operation
  public void increment() {
    counter.increment();
  }

  @Operation
  public void incrementVolatile() {
    counter.incrementVolatile();
  }

  @Operation
  public long sum() {
    return counter.sum();
  }

  @Test
  void linearizableAgainstACounter() {
    new ModelCheckingOptions()
        .iterations(10)
        .invocationsPerIteration(100)
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(Model.class)
        .check(OwnedCellCounterLincheckTest.class);
  }

  /** The sequential model. */
  public static final class Model {
    private long count;

    public void increment() {
      count++;
    }

    public void incrementVolatile() {
      count++;
    }

    public long sum() {
      return count;
    }
  }
}
