package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthSourceProvider;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.fake.FakeCircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class RecoveryRegistryTest {
  private final ManualTicker ticker = new ManualTicker();

  @Test
  void returnsTheSameInstanceByNameAndJournalsCreation() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).exposeHealth(false).build()) {
      List<RecoveryEvent> events = new ArrayList<>();
      registry.events().subscribe(RecoveryEvent.class, events::add);
      Bulkhead a = registry.bulkhead("a");
      assertThat(registry.bulkhead("a")).isSameAs(a);
      assertThat(registry.findBulkhead("a")).containsSame(a);
      assertThat(registry.findRetry("a")).isEmpty();
      assertThat(registry.retry("r")).isSameAs(registry.retry("r"));
      assertThat(registry.rateLimiter("l")).isSameAs(registry.findRateLimiter("l").orElseThrow());
      assertThat(registry.timeout("t")).isSameAs(registry.findTimeout("t").orElseThrow());
      CircuitBreaker cb = registry.circuitBreaker("cb", n -> new FakeCircuitBreaker(n, 1, false));
      assertThat(registry.circuitBreaker("cb", n -> {
        throw new AssertionError("not called again");
      })).isSameAs(cb);
      assertThat(events).containsExactly(new RecoveryEvent.InstanceAdded("bulkhead", "a"),
          new RecoveryEvent.InstanceAdded("retry", "r"), new RecoveryEvent.InstanceAdded("ratelimiter", "l"),
          new RecoveryEvent.InstanceAdded("timeout", "t"), new RecoveryEvent.InstanceAdded("circuitbreaker", "cb"));
      assertThat(registry.journal().tail()).extracting(r -> r.kind()).containsExactly("bulkhead.add", "retry.add",
          "ratelimiter.add", "timeout.add", "circuit.add");
      assertThat(registry.remove("timeout", "t", Actor.operator("bob"))).isTrue();
      assertThat(registry.findTimeout("t")).isEmpty();
      assertThatThrownBy(() -> registry.remove("nope", "t", Actor.automatic()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
  }

  @Test
  void evictsIdleInstancesOnTheTickerButNeverABusyBulkhead() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).exposeHealth(false)
        .evictIdleAfter(Duration.ofMinutes(10)).build()) {
      Bulkhead idle = registry.bulkhead("tenant-1");
      Bulkhead busy = registry.bulkhead("tenant-2");
      busy.tryAcquire();
      registry.retry("tenant-3");
      ticker.advance(Duration.ofMinutes(9));
      registry.retry("tenant-3"); // used: stays
      ticker.advance(Duration.ofMinutes(1));
      assertThat(registry.evictIdle()).isEqualTo(1);
      assertThat(registry.findBulkhead("tenant-1")).isEmpty();
      assertThat(registry.findBulkhead("tenant-2")).containsSame(busy);
      assertThat(registry.findRetry("tenant-3")).isPresent();
      assertThat(registry.bulkhead("tenant-1")).isNotSameAs(idle);
      assertThat(registry.journal().tail()).anySatisfy(r -> {
        assertThat(r.kind()).isEqualTo("bulkhead.evict");
        assertThat(r.cause()).isEqualTo("idle");
      });
    }
  }

  @Test
  void staysBoundedByDroppingTheLeastRecentlyUsed() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).exposeHealth(false)
        .maxInstancesPerKind(3).build()) {
      for (int i = 0; i < 100; i++) {
        registry.rateLimiter("key-" + i);
        ticker.advance(Duration.ofMillis(1));
        registry.rateLimiter("key-0"); // kept warm
        ticker.advance(Duration.ofMillis(1));
        assertThat(registry.rateLimiters()).hasSizeLessThanOrEqualTo(3);
      }
      assertThat(registry.findRateLimiter("key-0")).isPresent();
      assertThat(registry.findRateLimiter("key-99")).isPresent();
      assertThat(registry.findRateLimiter("key-50")).isEmpty();
    }
  }

  @Test
  void healthIsFoundThroughServiceLoaderUntilClose() {
    RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).build();
    Bulkhead bulkhead = registry.bulkhead("bh-health", BulkheadConfig.builder().maxConcurrentCalls(1)
        .critical(true).build());
    FakeCircuitBreaker breaker = (FakeCircuitBreaker) registry.circuitBreaker("cb-health",
        n -> new FakeCircuitBreaker(n, 1, false));
    HealthSource other = new HealthSource() {
      @Override
      public String name() {
        return "other-health";
      }

      @Override
      public HealthReport health() {
        return HealthReport.down("x");
      }
    };
    registry.register(other);
    HealthSourceProvider provider = ServiceLoader.load(HealthSourceProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p instanceof RecoveryHealthSources).findFirst().orElseThrow();
    assertThat(new ArrayList<HealthSource>(provider.healthSources())).extracting(HealthSource::name)
        .contains("bulkhead:" + bulkhead.name(), "circuit:cb-health", "other-health");
    bulkhead.tryAcquire();
    breaker.tryAcquirePermission();
    breaker.onError(0, new IllegalStateException()); // threshold 1: opens
    assertThat(bulkhead.health().status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(bulkhead.critical()).isTrue();
    assertThat(breaker.critical()).isFalse();
    // the provider's views report the policies' own health and criticality
    assertThat(new ArrayList<HealthSource>(provider.healthSources()))
        .filteredOn(h -> h.name().equals("bulkhead:" + bulkhead.name())).singleElement()
        .satisfies(h -> {
          assertThat(h.health().status()).isEqualTo(HealthStatus.DEGRADED);
          assertThat(h.critical()).isTrue();
        });
    registry.close();
    assertThat(new ArrayList<HealthSource>(provider.healthSources())).extracting(HealthSource::name)
        .doesNotContain("bulkhead:" + bulkhead.name(), "circuit:cb-health", "other-health");
  }
}
