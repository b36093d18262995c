package dev.selfheal.recovery.handle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.recovery.AdaptiveLimiter;
import dev.selfheal.recovery.AdaptiveLimiterConfig;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.Pipeline;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import org.junit.jupiter.api.Test;

/**
 * A pipeline offers a supervised handle's guard its bulkhead's permits as the sync point exactly when that
 * bulkhead is its own and innermost, so that every call reaching the component took a permit with a CAS just
 * before, on the calling thread (see {@code CallInterceptor.syncPoint}).
 */
class PipelineSyncPointTest {
  private static Bulkhead bulkhead() {
    return Bulkhead.of("b", BulkheadConfig.builder().maxConcurrentCalls(2).build());
  }

  @Test
  void our_bulkhead_innermost_is_the_sync_point_whatever_the_outer_layers() {
    assertThat(Pipeline.builder().bulkhead(bulkhead()).build().syncPoint()).isNotNull();
    assertThat(Pipeline.builder().retry(Retry.of("r", RetryConfig.builder().build()))
        .circuitBreaker(CircuitBreaker.ofDefaults("c")).bulkhead(bulkhead()).build().syncPoint()).isNotNull();
  }

  @Test
  void no_bulkhead_or_another_innermost_layer_is_none() {
    assertThat(Pipeline.builder().circuitBreaker(CircuitBreaker.ofDefaults("c")).build().syncPoint()).isNull();
    assertThat(Pipeline.builder().bulkhead(bulkhead())
        .adaptiveLimiter(AdaptiveLimiter.of("a", AdaptiveLimiterConfig.builder().build())).build().syncPoint())
        .as("the adaptive limiter is innermost in the default order").isNull();
    assertThat(Pipeline.builder().explicitOrder().bulkhead(bulkhead())
        .circuitBreaker(CircuitBreaker.ofDefaults("c")).build().syncPoint())
        .as("explicit order: the breaker is innermost").isNull();
  }

  @Test
  void a_foreign_bulkhead_is_none() {
    Bulkhead ours = bulkhead();
    Bulkhead foreign = (Bulkhead) java.lang.reflect.Proxy.newProxyInstance(Bulkhead.class.getClassLoader(),
        new Class<?>[] {Bulkhead.class}, (p, m, a) -> m.invoke(ours, a));
    assertThat(Pipeline.builder().bulkhead(foreign).build().syncPoint()).isNull();
  }

  @Test
  void observing_it_reads_the_permits_and_changes_nothing() {
    Bulkhead b = bulkhead();
    Pipeline<Object> p = Pipeline.builder().bulkhead(b).build();
    assertThat(b.tryAcquire()).isTrue();
    p.syncPoint().observe();
    assertThat(b.availablePermits()).isEqualTo(1);
  }
}
