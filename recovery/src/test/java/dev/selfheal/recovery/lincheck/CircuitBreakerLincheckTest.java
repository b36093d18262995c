package dev.selfheal.recovery.lincheck;

import dev.selfheal.core.spi.ManualTicker;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreaker.State;
import dev.selfheal.recovery.CircuitBreakerConfig;
import java.io.IOException;
import java.time.Duration;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * lincheck model check of the breaker's call protocol and operator transitions: {@code tryAcquirePermission},
 * {@code onSuccess}, {@code onError}, {@code releasePermission}, {@code transitionTo} and {@code state} are
 * linearizable against the breaker run sequentially (the sequential model is the breaker itself: its rules are the
 * specification). A whole call (acquire, then its outcome) is deliberately not one operation: a HALF_OPEN trial in
 * flight refuses other calls, which no atomic call could show. The per-call token is covered by
 * {@code CircuitBreakerStressTest} and {@code CircuitBreakerExactnessTest}. Window of 2 calls, minimum 2, threshold 50 %, 1 trial: small
 * enough that one stray outcome changes a verdict. It found the transition to CLOSED that read the new window's
 * starting point before its CAS (an outcome of the old phase then appeared as a call of the "empty" window, and a
 * single failure opened a breaker whose minimum is 2).
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
        .iterations(10)
        .invocationsPerIteration(200)
        .threads(2)
        .actorsPerThread(3)
        .check(CircuitBreakerLincheckTest.class);
  }
}
