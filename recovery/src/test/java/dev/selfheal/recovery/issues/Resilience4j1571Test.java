package dev.selfheal.recovery.issues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.Pipeline;
import dev.selfheal.recovery.fake.CountingBulkhead;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * resilience4j #1569 / PR #1571: an exception thrown by a completion hook made the bulkhead's onComplete run
 * again, releasing twice.
 */
class Resilience4j1571Test {

  @Test
  void aThrowingCompletionHookDoesNotReleaseTwice() {
    CountingBulkhead bulkhead = new CountingBulkhead(Bulkhead.of("b",
        BulkheadConfig.builder().maxConcurrentCalls(1).build()));
    Pipeline<String> pipeline = Pipeline.<String>builder().bulkhead(bulkhead).build();
    CompletableFuture<String> inner = new CompletableFuture<>();
    CompletableFuture<String> f = pipeline.getAsync(() -> inner);
    f.whenComplete((r, t) -> {
      throw new IllegalStateException("hook fails");
    });
    f.thenRun(() -> {
      throw new IllegalStateException("another hook fails");
    });
    inner.complete("done");
    inner.completeExceptionally(new IllegalStateException("late")); // ignored: already complete
    assertThat(bulkhead.acquired).hasValue(1);
    assertThat(bulkhead.released).hasValue(1);
    assertThat(bulkhead.availablePermits()).isEqualTo(1);
  }
}
