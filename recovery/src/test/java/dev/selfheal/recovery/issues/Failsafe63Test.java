package dev.selfheal.recovery.issues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * failsafe #63: the interrupt flag was not restored, so an outer retry around a nested one could not be
 * interrupted.
 */
class Failsafe63Test {

  @Test
  void anInterruptedInnerCallStopsTheOuterRetry() {
    RetryConfig config = RetryConfig.builder().maxAttempts(5).fixedBackoff(Duration.ZERO).build();
    Retry outer = Retry.of("outer", config);
    Retry inner = Retry.of("inner", config);
    AtomicInteger innerAttempts = new AtomicInteger();
    AtomicInteger outerAttempts = new AtomicInteger();
    try {
      outer.call(() -> {
        outerAttempts.incrementAndGet();
        return inner.call(() -> {
          innerAttempts.incrementAndGet();
          throw new InterruptedException("interrupted inside");
        });
      });
    } catch (Exception e) {
      assertThat(e).isInstanceOf(InterruptedException.class);
    }
    assertThat(Thread.interrupted()).as("flag restored").isTrue();
    assertThat(innerAttempts).hasValue(1);
    assertThat(outerAttempts).hasValue(1);
  }
}
