package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.event.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Invariant: 16 racing threads never hold more permits than the cap in force (the maximum, or an operator
 * override), and every permit comes back.
 */
class AdaptiveLimiterStressTest {
  private static final int THREADS = 16;
  private static final int CALLS = 20_000;

  private static int race(AdaptiveLimiter l) throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int id = i;
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        for (int c = 0; c < CALLS; c++) {
          long token = l.tryAcquire();
          if (token == AdaptiveLimiter.REJECTED) {
            continue;
          }
          int now = inside.incrementAndGet();
          maxInside.accumulateAndGet(now, Math::max);
          inside.decrementAndGet();
          switch ((c + id) % 3) {
            case 0: l.onSuccess(token); break;
            case 1: l.onDropped(token); break;
            default: l.onIgnore(token);
          }
        }
      }, "selfheal-test-race-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(l.inFlight()).isZero();
    return maxInside.get();
  }

  @Test
  void theMaximumIsAHardCap() throws Exception {
    AdaptiveLimiter l = AdaptiveLimiter.of("race", AdaptiveLimiterConfig.builder().initialLimit(4).maxLimit(6)
        .windowSamples(4).build());
    assertThat(race(l)).isLessThanOrEqualTo(6);
    assertThat(l.limit()).isBetween(1, 6);
  }

  @Test
  void anOverrideIsAHardCapToo() throws Exception {
    AdaptiveLimiter l = AdaptiveLimiter.of("race", AdaptiveLimiterConfig.builder().initialLimit(50).build());
    l.overrideLimit(3, Actor.operator("test"));
    assertThat(race(l)).isLessThanOrEqualTo(3);
  }

  @Test
  void samplingKeepsTheCap() throws Exception {
    AdaptiveLimiter l = AdaptiveLimiter.of("race", AdaptiveLimiterConfig.builder().initialLimit(4).maxLimit(6)
        .windowSamples(4).latencySampling(4).build());
    assertThat(race(l)).isLessThanOrEqualTo(6);
  }
}
