package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.test.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveLimiterTest {
  private final ManualTicker ticker = new ManualTicker();

  private AdaptiveLimiter limiter(AdaptiveLimiterConfig config) {
    return AdaptiveLimiter.of("svc", config, ticker);
  }

  /**
   * A closed loop against a server with {@code workers} workers and 10 ms of service: each round admits as
   * many calls as the limit allows (the offered load always exceeds it), then completes them after 10 ms times
   * {@code max(1, n / workers)}, which is what FIFO queueing does to their mean latency.
   */
  private static void rounds(AdaptiveLimiter l, ManualTicker ticker, int workers, int rounds, int offered) {
    for (int r = 0; r < rounds; r++) {
      List<Long> tokens = new ArrayList<>();
      for (int i = 0; i < offered; i++) {
        long t = l.tryAcquire();
        if (t != AdaptiveLimiter.REJECTED) {
          tokens.add(t);
        }
      }
      long latency = (long) (10_000_000L * Math.max(1.0, (double) tokens.size() / workers));
      ticker.advanceNanos(latency);
      for (long t : tokens) {
        l.onSuccess(t);
      }
    }
  }

  @Test
  void admitsUpToTheLimitAndRefusesBeyond() {
    AdaptiveLimiter l = limiter(AdaptiveLimiterConfig.builder().initialLimit(3).build());
    long a = l.tryAcquire();
    long b = l.tryAcquire();
    long c = l.tryAcquire();
    assertThat(l.tryAcquire()).isEqualTo(AdaptiveLimiter.REJECTED);
    assertThat(l.health().status()).isEqualTo(HealthStatus.DEGRADED);
    l.onSuccess(a);
    l.onDropped(b);
    l.onIgnore(c);
    assertThat(l.inFlight()).isZero();
    assertThat(l.health().status()).isEqualTo(HealthStatus.UP);
    assertThat(l.metrics().rejected()).isEqualTo(1);
    assertThat(l.metrics().dropped()).isEqualTo(1);
  }

  @Test
  void aDoubleReleaseIsRefusedAndLeavesTheCountAlone() {
    AdaptiveLimiter l = limiter(AdaptiveLimiterConfig.ofDefaults());
    long t = l.tryAcquire();
    l.onSuccess(t);
    assertThatThrownBy(() -> l.onIgnore(t)).isInstanceOf(IllegalStateException.class).hasMessageContaining("svc");
    assertThat(l.inFlight()).isZero();
  }

  @Test
  void slowStartDoublesWhileNothingQueues() {
    AdaptiveLimiter l = limiter(AdaptiveLimiterConfig.builder().initialLimit(4).build());
    rounds(l, ticker, 1000, 40, 500);
    assertThat(l.limit()).isGreaterThanOrEqualTo(256); // from 4, with no queue at any limit
    // queueing against real capacity is judged in the simulator (benchmarks: AdaptiveTargetsTest)
  }

  @Test
  void aStopTheWorldPauseDoesNotCollapseTheLimit() {
    AdaptiveLimiter l = limiter(AdaptiveLimiterConfig.builder().initialLimit(8).maxLimit(64).build());
    rounds(l, ticker, 1000, 60, 200);
    int before = l.limit();
    assertThat(before).isEqualTo(64);
    List<Long> tokens = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      tokens.add(l.tryAcquire());
    }
    ticker.advance(Duration.ofMillis(10));
    l.onSuccess(tokens.remove(0));
    ticker.advance(Duration.ofMillis(400)); // the pause: nothing completes
    for (long t : tokens) {
      l.onSuccess(t);
    }
    rounds(l, ticker, 1000, 20, 200);
    assertThat(l.metrics().pauses()).isEqualTo(1);
    assertThat(l.limit()).isEqualTo(before);
  }

  @Test
  void anAppLimitedServiceKeepsItsLimit() {
    AdaptiveLimiter l = limiter(AdaptiveLimiterConfig.builder().initialLimit(20).build());
    rounds(l, ticker, 16, 300, 2); // two calls per round: the limit is never reached
    assertThat(l.limit()).isEqualTo(20);
  }

  @Test
  void dropsShrinkTheLimit() {
    AdaptiveLimiter l = limiter(AdaptiveLimiterConfig.builder().initialLimit(40).build());
    for (int r = 0; r < 5; r++) {
      List<Long> tokens = new ArrayList<>();
      for (long t; (t = l.tryAcquire()) != AdaptiveLimiter.REJECTED; ) {
        tokens.add(t);
      }
      ticker.advance(Duration.ofSeconds(2));
      tokens.forEach(l::onDropped);
    }
    assertThat(l.limit()).isLessThan(10);
    assertThat(l.limit()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anOverridePinsTheLimitIsJournaledAndPublishedAndCanBeCleared() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).exposeHealth(false).build()) {
      AdaptiveLimiter l = registry.adaptiveLimiter("svc", AdaptiveLimiterConfig.builder().initialLimit(10).build());
      List<AdaptiveLimiter.LimitChanged> events = new ArrayList<>();
      registry.events().subscribe(AdaptiveLimiter.LimitChanged.class, events::add);
      l.overrideLimit(2, Actor.operator("alice"));
      assertThat(l.limit()).isEqualTo(2);
      l.tryAcquire();
      l.tryAcquire();
      assertThat(l.tryAcquire()).isEqualTo(AdaptiveLimiter.REJECTED);
      assertThat(l.metrics().overridden()).isTrue();
      l.clearOverride(Actor.operator("alice"));
      assertThat(l.limit()).isEqualTo(10);
      assertThat(events).extracting(AdaptiveLimiter.LimitChanged::reason)
          .containsExactly("OVERRIDE", "OVERRIDE_CLEARED");
      assertThat(registry.journal().tail()).anySatisfy(r -> assertThat(r.toString()).contains("alice"));
      assertThatThrownBy(() -> l.overrideLimit(0, Actor.operator("bob"))).hasMessageContaining("was 0");
    }
  }

  @Test
  void limitChangesArePublishedAtABoundedRate() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).exposeHealth(false).build()) {
      AdaptiveLimiter l = registry.adaptiveLimiter("svc",
          AdaptiveLimiterConfig.builder().initialLimit(2).eventInterval(Duration.ofSeconds(1)).build());
      List<AdaptiveLimiter.LimitChanged> events = new ArrayList<>();
      registry.events().subscribe(AdaptiveLimiter.LimitChanged.class, events::add);
      rounds(l, ticker, 1000, 100, 2000); // 100 rounds of 10 ms: 1 s, many limit changes
      assertThat(l.limit()).isGreaterThan(100);
      assertThat(events).hasSizeBetween(1, 2);
      assertThat(events.get(0).actor().isAutomatic()).isTrue();
    }
  }

  @Test
  void configValidationNamesTheFieldAndTheValue() {
    assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().minLimit(0).build()).hasMessageContaining("minLimit")
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().maxLimit(5).minLimit(6).initialLimit(6).build())
        .hasMessageContaining("maxLimit").hasMessageContaining("was 5");
    assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().initialLimit(2000).build())
        .hasMessageContaining("initialLimit").hasMessageContaining("was 2000");
    assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().windowSamples(1).build())
        .hasMessageContaining("windowSamples");
    assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().maxWindow(Duration.ZERO).build())
        .hasMessageContaining("maxWindow");
    assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().dropOn(null).build()).hasMessageContaining("dropOn");
    AdaptiveLimiterConfig c = AdaptiveLimiterConfig.builder().minLimit(2).maxLimit(50).build();
    assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
  }

  @Test
  void inAPipelineItSitsInnermostAndReleasesOncePerCall() throws Exception {
    AdaptiveLimiter l = limiter(AdaptiveLimiterConfig.builder().initialLimit(1).build());
    Bulkhead bulkhead = Bulkhead.ofDefaults("b");
    Pipeline<String> p = Pipeline.<String>builder().adaptiveLimiter(l).bulkhead(bulkhead).build();
    assertThat(p.order()).containsExactly("bulkhead", "adaptivelimiter");
    assertThat(p.get(() -> {
      assertThat(l.tryAcquire()).isEqualTo(AdaptiveLimiter.REJECTED); // the call holds the only permit
      return "ok";
    })).isEqualTo("ok");
    assertThatThrownBy(() -> p.get(() -> {
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    assertThatThrownBy(() -> p.call(() -> {
      throw new java.util.concurrent.TimeoutException("slow");
    })).isInstanceOf(java.util.concurrent.TimeoutException.class);
    assertThat(l.inFlight()).isZero();
    assertThat(l.metrics().dropped()).isEqualTo(1); // only the timeout was a drop
    java.util.concurrent.CompletableFuture<String> never = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<String> f = p.getAsync(() -> never);
    assertThat(l.inFlight()).isEqualTo(1);
    f.cancel(true);
    assertThat(l.inFlight()).isZero();
    assertThat(p.getAsync(() -> java.util.concurrent.CompletableFuture.completedFuture("a")).get()).isEqualTo("a");
    assertThat(l.inFlight()).isZero();
  }

  @Test
  void theRegistryListsItAsAHealthSourceAndCanRemoveIt() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).exposeHealth(false).build()) {
      AdaptiveLimiter l = registry.adaptiveLimiter("db");
      assertThat(registry.adaptiveLimiter("db")).isSameAs(l);
      assertThat(registry.healthSources()).extracting(dev.selfheal.core.spi.HealthSource::name)
          .contains("adaptivelimiter:db");
      assertThat(registry.remove("adaptivelimiter", "db", Actor.operator("ops"))).isTrue();
      assertThat(registry.findAdaptiveLimiter("db")).isEmpty();
    }
  }

  private interface Db {
    String query(String sql);
  }

  @Test
  void readmeSnippet() {
    Db db = sql -> "row";
    try (RecoveryRegistry registry = RecoveryRegistry.builder().exposeHealth(false).build()) {
      AdaptiveLimiter limiter = registry.adaptiveLimiter("db", AdaptiveLimiterConfig.builder()
          .minLimit(2).maxLimit(500).build());
      Pipeline<String> pipeline = Pipeline.<String>builder()
          .timeout(registry.timeout("db", TimeoutConfig.of(Duration.ofSeconds(1))))
          .adaptiveLimiter(limiter)
          .build();
      String row = pipeline.get(() -> db.query("select 1"));
      assertThat(row).isEqualTo("row");
      assertThat(limiter.limit()).isEqualTo(20);
      assertThat(pipeline.order()).containsExactly("timeout", "adaptivelimiter");
    }
  }

  @Test
  void withLatencySamplingUnsampledCallsOnlyTakeAndReturnPermits() {
    AdaptiveLimiter l = limiter(AdaptiveLimiterConfig.builder().initialLimit(4).latencySampling(8).build());
    rounds(l, ticker, 1000, 400, 500);
    assertThat(l.limit()).isGreaterThanOrEqualTo(8); // still adapts (slow start)
    assertThat(l.inFlight()).isZero();
    long t = l.tryAcquire();
    l.onDropped(t);
    assertThat(l.metrics().dropped()).isEqualTo(1);
    assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().latencySampling(0).build())
        .hasMessageContaining("latencySampling").hasMessageContaining("was 0");
  }

  /** Counts the limiter's ticker reads: what sampling saves. */
  private static final class CountingTicker implements dev.selfheal.core.spi.Ticker {
    long now;
    long reads;

    @Override
    public long read() {
      reads++;
      return now;
    }
  }

  /** Runs {@code calls} sequential calls of {@code nanos} each and returns the ticker reads per call. */
  private static double readsPerCall(AdaptiveLimiter l, CountingTicker ticker, int calls, long nanos) {
    long before = ticker.reads;
    for (int i = 0; i < calls; i++) {
      long t = l.tryAcquire();
      ticker.now += nanos;
      l.onSuccess(t);
    }
    return (double) (ticker.reads - before) / calls;
  }

  @Test
  void byDefaultSlowCallsAreAllSampledAndShortCallsAtHighRatesOneInUpTo64() {
    CountingTicker slow = new CountingTicker();
    AdaptiveLimiter a = AdaptiveLimiter.of("slow", AdaptiveLimiterConfig.ofDefaults(), slow,
        new java.util.SplittableRandom(1));
    assertThat(readsPerCall(a, slow, 20_000, 10_000_000L)).isEqualTo(2.0); // 10 ms calls: every one sampled

    CountingTicker fast = new CountingTicker();
    AdaptiveLimiter b = AdaptiveLimiter.of("fast", AdaptiveLimiterConfig.ofDefaults(), fast,
        new java.util.SplittableRandom(1));
    readsPerCall(b, fast, 200_000, 100); // 100 ns calls: a 1 ms window holds 10,000 of them
    assertThat(readsPerCall(b, fast, 200_000, 100)).isBetween(1.5 / 64, 2.5 / 64);

    CountingTicker every = new CountingTicker();
    AdaptiveLimiter c = AdaptiveLimiter.of("every", AdaptiveLimiterConfig.builder().latencySampling(1).build(),
        every);
    assertThat(readsPerCall(c, every, 200_000, 100)).isEqualTo(2.0);
  }
}
