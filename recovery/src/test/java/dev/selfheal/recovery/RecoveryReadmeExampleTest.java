package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The README's recovery snippet, compiled and run. Keep the two in step. */
class RecoveryReadmeExampleTest {

  /** Stands in for a remote inventory service that fails {@code failures} times, then answers. */
  static final class Inventory {
    private final AtomicInteger failures;

    Inventory(int failures) {
      this.failures = new AtomicInteger(failures);
    }

    String fetch(String sku) {
      if (failures.getAndDecrement() > 0) {
        throw new UncheckedIOException(new java.io.IOException("inventory unavailable"));
      }
      return sku + ": 7 in stock";
    }
  }

  static String readme(Inventory inventory) {
    // --- README snippet begins ---
    try (RecoveryRegistry registry = RecoveryRegistry.builder().build()) {
      Retry retry = registry.retry("inventory", RetryConfig.builder()
          .maxAttempts(3)
          .exponentialBackoff(Duration.ofMillis(10), 2.0, Duration.ofMillis(200))
          .jitter(RetryConfig.Jitter.FULL)
          .budget(RetryBudget.of(RetryBudgetConfig.ofDefaults())) // share it between retries
          .build());
      Bulkhead bulkhead = registry.bulkhead("inventory",
          BulkheadConfig.builder().maxConcurrentCalls(20).build());
      Timeout timeout = registry.timeout("inventory", TimeoutConfig.of(Duration.ofSeconds(2)));

      Pipeline<String> pipeline = Pipeline.<String>builder()   // default order, outermost first:
          .fallback(Fallback.ofValue("stock unknown"))          // Fallback, Retry, CircuitBreaker,
          .retry(retry)                                         // RateLimiter, Timeout, Bulkhead
          .timeout(timeout)
          .bulkhead(bulkhead)
          .build();

      return pipeline.get(() -> inventory.fetch("sku-1"));    // build once, call from any thread
    }
    // --- README snippet ends ---
  }

  @Test
  void recoversFromTwoFailures() {
    assertThat(readme(new Inventory(2))).isEqualTo("sku-1: 7 in stock");
  }

  @Test
  void fallsBackWhenRetriesRunOut() {
    assertThat(readme(new Inventory(3))).isEqualTo("stock unknown");
  }
}
