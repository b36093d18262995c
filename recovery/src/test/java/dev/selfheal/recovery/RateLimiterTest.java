package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.fake.Waiter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final ManualTicker ticker = new ManualTicker();
  private final RecoveryRegistry registry = RecoveryRegistry.builder().ticker(ticker).exposeHealth(false).build();

  private RateLimiter limiter(int perSecond, int burst) {
    return registry.rateLimiter("r", RateLimiterConfig.builder().permitsPerPeriod(perSecond)
        .period(Duration.ofSeconds(1)).burst(burst).build());
  }

  @Test
  void burstThenOnePermitPerInterval() {
    RateLimiter r = limiter(10, 3);
    assertThat(r.tryAcquire()).isTrue();
    assertThat(r.tryAcquire()).isTrue();
    assertThat(r.tryAcquire()).isTrue();
    assertThat(r.tryAcquire()).isFalse();
    ticker.advance(Duration.ofMillis(99));
    assertThat(r.tryAcquire()).isFalse();
    ticker.advance(Duration.ofMillis(1));
    assertThat(r.tryAcquire()).isTrue();
    assertThat(r.tryAcquire()).isFalse();
    assertThat(r.permittedCalls()).isEqualTo(4);
    assertThat(r.rejectedCalls()).isEqualTo(3);
  }

  @Test
  void quietSpellRefillsOnlyUpToBurst() {
    RateLimiter r = limiter(10, 2);
    ticker.advance(Duration.ofHours(1));
    int granted = 0;
    while (r.tryAcquire()) {
      granted++;
    }
    assertThat(granted).isEqualTo(2);
  }

  @Test
  void boundedWaitWaitsForTheTickerAndGetsThePermit() throws Exception {
    RateLimiter r = limiter(1, 1);
    assertThat(r.tryAcquire()).isTrue();
    Waiter waiter = Waiter.startParked(() -> r.tryAcquire(Duration.ofSeconds(1)));
    assertThat(waiter.got()).isFalse();
    ticker.advance(Duration.ofSeconds(1));
    assertThat(waiter.join()).isTrue();
  }

  @Test
  void reconfigureChangesTheRate() {
    RateLimiter r = limiter(1, 1);
    assertThat(r.tryAcquire()).isTrue();
    r.reconfigure(r.config().toBuilder().permitsPerPeriod(10).burst(1).build());
    ticker.advance(Duration.ofMillis(1000));
    assertThat(r.tryAcquire()).isTrue();
    ticker.advance(Duration.ofMillis(100));
    assertThat(r.tryAcquire()).isTrue();
    assertThat(registry.journal().tail()).anySatisfy(rec -> assertThat(rec.kind()).isEqualTo("ratelimiter.reconfigure"));
  }
}
