package dev.selfheal.recovery.lincheck;

import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreaker.State;
import dev.selfheal.recovery.CircuitBreakerConfig;
import java.io.IOException;
import java.time.Duration;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * lincheck model check of the breaker's call protocol and operator transitions: {@code tryAcquirePermission},
 * {@code onSuccess}, {@code onError}, {@code releasePermission}, {@code transitionTo} and {@code state} are
 * linearizable against {@link Model}, a plain sequential breaker written from the rules of
 * {@code CircuitBreakerConfig}'s javadoc for this configuration: window of 2 calls, minimum 2, threshold 50 %,
 * 1 trial, small enough that one stray outcome changes a verdict. It guards the race issue #14 reports (found by
 * lincheck there): a transition to CLOSED that read the new window's starting point before its CAS, so that an
 * outcome of the old phase appeared as a call of the "empty" window and a single failure opened a breaker whose
 * minimum is 2.
 *
 * <p>A whole call (acquire, then its outcome) is deliberately not one operation: a HALF_OPEN trial in flight
 * refuses other calls, which no atomic call could show. The per-call token is covered by {@code RaceStressTest}
 * and {@code CircuitBreakerExactnessTest}.
 */
@Param(name = "target", gen = IntGen.class, conf = "0:2")
public class CircuitBreakerLincheckTest {
  private static final IOException BOOM = new IOException("boom");
  private static final State[] TARGETS = {State.CLOSED, State.OPEN, State.HALF_OPEN};

  private final CircuitBreaker breaker = CircuitBreaker.of("lincheck", CircuitBreakerConfig.builder()
      .ticker(new ManualTicker()) // never advanced: OPEN waits forever, only operators leave it
      .scheduler((task, delayNanos) -> () -> { }) // deadlines a day away never fire: no timer thread to model
      .slidingWindow(2).minimumNumberOfCalls(2).failureRateThreshold(0.5)
      .openFor(Duration.ofDays(1)).permittedCallsInHalfOpen(1).maxWaitInHalfOpen(Duration.ofDays(1))
      .build());

  @Operation
  public boolean tryAcquirePermission() {
    return breaker.tryAcquirePermission();
  }

  @Operation
  public void onSuccess() {
    breaker.onSuccess(0);
  }

  @Operation
  public void onError() {
    breaker.onError(0, BOOM);
  }

  @Operation
  public void releasePermission() {
    breaker.releasePermission();
  }

  @Operation
  public void transitionTo(@Param(name = "target") int target) {
    breaker.transitionTo(TARGETS[target]);
  }

  @Operation
  public State state() {
    return breaker.state();
  }

  @Test
  void linearizable() {
    new ModelCheckingOptions()
        // the window's counter is model-checked on its own (OwnedCellCounterLincheckTest, linearizable): here its
        // operations are atomic steps, so the schedules explored are the breaker's own
        .addGuarantee(ManagedStrategyGuaranteeKt.forClasses("dev.selfheal.recovery.internal.breaker.OwnedCellCounter")
            .allMethods().treatAsAtomic())
        .iterations(10)
        .invocationsPerIteration(100)
        .threads(2)
        .actorsPerThread(3)
        .sequentialSpecification(Model.class)
        .check(CircuitBreakerLincheckTest.class);
  }

  /**
   * The sequential model: window of the last 2 outcomes, minimum 2, threshold 50 %, 1 trial decided at
   * min(2, 1) = 1 outcome; time never moves, so OPEN is left only by an operator. Results without a token apply
   * to the current state: in HALF_OPEN only while a trial is outstanding, in OPEN to nothing.
   */
  public static final class Model {
    private State state = State.CLOSED;
    private final java.util.ArrayDeque<Boolean> window = new java.util.ArrayDeque<>(); // true: a failure
    private int admitted;
    private int completed;

    public boolean tryAcquirePermission() {
      switch (state) {
        case CLOSED:
          return true;
        case HALF_OPEN:
          if (admitted < 1 && completed < 1) {
            admitted++;
            return true;
          }
          return false;
        default:
          return false;
      }
    }

    public void onSuccess() {
      record(false);
    }

    public void onError() {
      record(true);
    }

    private void record(boolean failure) {
      if (state == State.CLOSED) {
        window.addLast(failure);
        if (window.size() > 2) {
          window.removeFirst();
        }
        long failures = window.stream().filter(f -> f).count();
        if (window.size() >= 2 && failures * 2 >= window.size()) {
          state = State.OPEN;
        }
      } else if (state == State.HALF_OPEN && admitted > completed && completed < 1) {
        completed++;
        enter(failure ? State.OPEN : State.CLOSED);
      }
    }

    public void releasePermission() {
      if (state == State.HALF_OPEN && admitted > completed) {
        admitted--;
      }
    }

    public void transitionTo(int target) {
      if (state != TARGETS[target]) {
        enter(TARGETS[target]);
      }
    }

    private void enter(State next) {
      state = next;
      if (next == State.CLOSED) {
        window.clear();
      }
      admitted = 0;
      completed = 0;
    }

    public State state() {
      return state;
    }
  }
}
