package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every refusal a caller can see through a pipeline is a {@link CallNotPermittedException} naming the policy,
 * and every refusing policy's config turns its stack trace on and off with the same switch (off by default).
 */
class RefusalVocabularyTest {

  @ParameterizedTest(name = "writableStackTrace={0}")
  @ValueSource(booleans = {false, true})
  void each_refusal_is_a_call_not_permitted_with_the_configured_stack_trace(boolean writable) {
    CircuitBreaker breaker = CircuitBreaker.of("pay",
        CircuitBreakerConfig.ofDefaults().toBuilder().writableStackTrace(writable).build());
    breaker.transitionTo(CircuitBreaker.State.FORCED_OPEN);
    assertRefused(Pipeline.<String>builder().circuitBreaker(breaker).build(), "pay", CircuitOpenException.class,
        writable);

    Bulkhead bulkhead = Bulkhead.of("pool",
        BulkheadConfig.builder().maxConcurrentCalls(1).maxWait(Duration.ZERO).writableStackTrace(writable).build());
    assertThat(bulkhead.tryAcquire()).isTrue();
    assertRefused(Pipeline.<String>builder().bulkhead(bulkhead).build(), "pool", BulkheadFullException.class,
        writable);

    RateLimiter limiter = RateLimiter.of("api", RateLimiterConfig.builder().permitsPerPeriod(1)
        .period(Duration.ofDays(1)).burst(1).writableStackTrace(writable).build());
    Pipeline<String> limited = Pipeline.<String>builder().rateLimiter(limiter).build();
    assertThat(limited.get(() -> "first")).isEqualTo("first");
    assertRefused(limited, "api", RateLimitExceededException.class, writable);

    AdaptiveLimiter adaptive = AdaptiveLimiter.of("adaptive", AdaptiveLimiterConfig.builder()
        .initialLimit(1).minLimit(1).maxLimit(1).writableStackTrace(writable).build());
    assertThat(adaptive.tryAcquire()).isNotNegative();
    assertRefused(Pipeline.<String>builder().adaptiveLimiter(adaptive).build(), "adaptive",
        BulkheadFullException.class, writable);
  }

  @Test
  void refusals_carry_no_stack_trace_by_default() {
    assertThat(CircuitBreakerConfig.ofDefaults().writableStackTrace()).isFalse();
    assertThat(BulkheadConfig.ofDefaults().writableStackTrace()).isFalse();
    assertThat(RateLimiterConfig.ofDefaults().writableStackTrace()).isFalse();
    assertThat(AdaptiveLimiterConfig.ofDefaults().writableStackTrace()).isFalse();
  }

  @ParameterizedTest(name = "writableStackTrace={0}")
  @ValueSource(booleans = {false, true})
  void a_timeout_is_a_failure_not_a_refusal_with_the_same_stack_trace_switch(boolean writable) {
    CountDownLatch never = new CountDownLatch(1);
    try (Timeout timeout = Timeout.of("slow",
        TimeoutConfig.builder().timeout(Duration.ofMillis(20)).writableStackTrace(writable).build())) {
      Throwable thrown = catchThrowable(() -> Pipeline.<String>builder().timeout(timeout).build().get(() -> {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return "late";
      }));
      assertThat(thrown).isInstanceOf(TimeoutExceededException.class)
          .isNotInstanceOf(CallNotPermittedException.class);
      assertThat(thrown.getStackTrace().length > 0).isEqualTo(writable);
    }
    assertThat(TimeoutConfig.ofDefaults().writableStackTrace()).isTrue();
    assertThat(TimeoutConfig.ofDefaults().toBuilder().writableStackTrace(false).build().toBuilder().build()
        .writableStackTrace()).isFalse();
  }

  private static void assertRefused(Pipeline<String> pipeline, String policy,
      Class<? extends CallNotPermittedException> type, boolean writable) {
    Throwable thrown = catchThrowable(() -> pipeline.get(() -> "ran"));
    assertThat(thrown).isInstanceOf(type).isInstanceOf(CallNotPermittedException.class);
    assertThat(((CallNotPermittedException) thrown).policy()).isEqualTo(policy);
    assertThat(thrown.getStackTrace().length > 0).as("stack trace filled").isEqualTo(writable);
  }
}
