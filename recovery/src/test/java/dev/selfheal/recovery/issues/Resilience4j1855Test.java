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

/**
 * resilience4j #1855 / #2368: an interrupt during the wait between attempts, with retryOnResult, threw a
 * NullPointerException. The last result is returned instead, with the interrupt flag set.
 */
class Resilience4j1855Test {

  @Test
  void interruptWithRetryOnResultReturnsTheLastResult() throws Exception {
    Retry retry = Retry.of("r", RetryConfig.builder().maxAttempts(5).fixedBackoff(Duration.ofHours(1))
        .retryOnResult("pending"::equals).build());
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<Object> out = new AtomicReference<>();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean flagAfter = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      try {
        out.set(retry.call(() -> {
          attempts.incrementAndGet();
          return "pending";
        }));
      } catch (Throwable t) {
        thrown.set(t);
      }
      flagAfter.set(Thread.interrupted());
    }, "selfheal-test-caller");
    caller.start();
    await().until(() -> attempts.get() == 1 && caller.getState() == Thread.State.TIMED_WAITING);
    caller.interrupt();
    caller.join(10_000);
    assertThat(thrown.get()).isNull();
    assertThat(out).hasValue("pending");
    assertThat(attempts).hasValue(1);
    assertThat(flagAfter).isTrue();
  }
}
