package dev.selfheal.recovery.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.recovery.Timeout;
import dev.selfheal.recovery.TimeoutConfig;
import dev.selfheal.recovery.TimeoutExceededException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * failsafe #263 (#209, #271): a task that ignored interrupts kept the caller blocked forever. The caller gets
 * control back at the deadline; the non-cooperative work keeps its thread until it ends.
 */
class Failsafe263Test {

  @Test
  void callerGetsControlBackEvenIfTheWorkIgnoresInterrupts() {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean finished = new AtomicBoolean();
    try (Timeout timeout = Timeout.of("t", TimeoutConfig.of(Duration.ofMillis(50)))) {
      assertThatThrownBy(() -> timeout.run(() -> {
        while (!stop.get()) {
          Thread.onSpinWait(); // ignores interrupts on purpose
        }
        finished.set(true);
      })).isInstanceOf(TimeoutExceededException.class);
      assertThat(finished).isFalse();
      stop.set(true);
      await().untilTrue(finished);
    }
  }
}
