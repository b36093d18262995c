package dev.selfheal.recovery.breaker;

import static dev.selfheal.recovery.breaker.Breakers.small;
import static dev.selfheal.recovery.breaker.Breakers.trip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The call path allocates nothing: 100,000 calls on one thread must not allocate even one object per thousand
 * calls (measured with HotSpot's per-thread allocation counter; skipped where it is unavailable). JMH's
 * {@code -prof gc} in CircuitBreakerBenchmark gives the exact figure (0 B/op).
 */
class CircuitBreakerAllocationTest {
  private static final int CALLS = 100_000;
  private final ManualTicker ticker = new ManualTicker();

  private static long allocatedBytes(Runnable body) {
    var bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    var hotspot = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(hotspot.isThreadAllocatedMemorySupported() && hotspot.isThreadAllocatedMemoryEnabled());
    long id = Thread.currentThread().getId();
    body.run(); // warm up: class loading, lazy initialisation
    long before = hotspot.getThreadAllocatedBytes(id);
    body.run();
    return hotspot.getThreadAllocatedBytes(id) - before;
  }

  private static Runnable successes(CircuitBreaker cb) {
    return () -> {
      for (int i = 0; i < CALLS; i++) {
        if (cb.tryAcquirePermission()) {
          cb.onSuccess(0);
        }
      }
    };
  }

  @Test
  void countWindowSuccessPathAllocatesNothing() {
    CircuitBreaker cb = CircuitBreaker.of("a", small(ticker).build());
    assertThat(allocatedBytes(successes(cb))).isLessThan(CALLS / 1000 * 16);
  }

  @Test
  void timeWindowSuccessPathAllocatesNothing() {
    CircuitBreaker cb = CircuitBreaker.of("a", CircuitBreakerConfig.builder().ticker(ticker)
        .slidingWindow(Duration.ofSeconds(10)).build());
    assertThat(allocatedBytes(successes(cb))).isLessThan(CALLS / 1000 * 16);
  }

  @Test
  void rejectionInOpenAllocatesNothing() {
    CircuitBreaker cb = CircuitBreaker.of("a", small(ticker).build());
    trip(cb);
    assertThat(allocatedBytes(successes(cb))).isLessThan(CALLS / 1000 * 16);
    assertThat(cb.metrics().rejectedCalls()).isEqualTo(2L * CALLS);
  }
}
