package dev.selfheal.recovery.issues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.Pipeline;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** resilience4j #332: an async call cancelled after it started never released its bulkhead permit. */
class Resilience4j332Test {

  @Test
  void cancellingAnAsyncCallReleasesItsPermit() {
    Bulkhead bulkhead = Bulkhead.of("b", BulkheadConfig.builder().maxConcurrentCalls(1).build());
    Pipeline<String> pipeline = Pipeline.<String>builder().bulkhead(bulkhead).build();
    CompletableFuture<String> inner = new CompletableFuture<>();
    CompletableFuture<String> f = pipeline.getAsync(() -> inner);
    assertThat(bulkhead.availablePermits()).isZero();
    f.cancel(true);
    assertThat(inner).isCancelled();
    assertThat(bulkhead.availablePermits()).isEqualTo(1);
  }
}
