package dev.selfheal.recovery.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** resilience4j #1856 / PR #1859: an interrupt during the backoff was swallowed. */
class Resilience4j1856Test {

  @Test
  void interruptDuringBackoffStopsRetryingAndKeepsTheFlag() throws Exception {
    Retry retry = Retry.of("r", RetryConfig.builder().maxAttempts(5).fixedBackoff(Duration.ofHours(1)).build());
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean flagAfter = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      try {
        retry.run(() -> {
          attempts.incrementAndGet();
          throw new IllegalStateException("down");
        });
      } catch (Throwable t) {
        thrown.set(t);
      }
      flagAfter.set(Thread.currentThread().isInterrupted());
    }, "selfheal-test-caller");
    caller.start();
    await().until(() -> attempts.get() == 1 && caller.getState() == Thread.State.TIMED_WAITING);
    caller.interrupt();
    caller.join(10_000);
    assertThat(attempts).hasValue(1);
    assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessage("down");
    assertThat(thrown.get().getSuppressed()).singleElement().isInstanceOf(InterruptedException.class);
    assertThat(flagAfter).isTrue();
  }
}
