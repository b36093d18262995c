package dev.selfheal.recovery.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.test.ManualTicker;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreaker.State;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.CircuitBreakerMetrics;
import dev.selfheal.recovery.internal.breaker.StripedCircuitBreaker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Model-based properties: the window's counts equal a naive list model, call by call; random operation sequences
 * never admit more than N trials at once.
 */
class CircuitBreakerProperties {
  private static final long SLOW = Duration.ofSeconds(1).toNanos();
  private static final IOException BOOM = new IOException("boom");

  /** Outcome codes: bit 0 = failure, bit 1 = slow. */
  private static void call(CircuitBreaker cb, int outcome) {
    assertThat(cb.tryAcquirePermission()).isTrue();
    long duration = (outcome & 2) != 0 ? 2 * SLOW : 0;
    if ((outcome & 1) != 0) {
      cb.onError(duration, BOOM);
    } else {
      cb.onSuccess(duration);
    }
  }

  @Property(tries = 300)
  void countWindowEqualsNaiveListModel(@ForAll @IntRange(min = 1, max = 300) int size,
      @ForAll @Size(max = 700) List<@IntRange(min = 0, max = 3) Integer> outcomes) {
    CircuitBreaker cb = CircuitBreaker.of("p", CircuitBreakerConfig.builder().ticker(new ManualTicker())
        .slidingWindow(size).slowCallDuration(Duration.ofNanos(SLOW)).build());
    cb.transitionTo(State.METRICS_ONLY); // never opens, keeps the window
    List<Integer> model = new ArrayList<>();
    long bucket = size <= 64 ? 1 : (size + 63) / 64; // the documented bucket size
    for (int outcome : outcomes) {
      call(cb, outcome);
      model.add(outcome);
      int p = model.size();
      long first = ((Math.max(1, p - size + 1) - 1) / bucket) * bucket + 1; // first position in the window
      List<Integer> window = model.subList((int) first - 1, p);
      CircuitBreakerMetrics m = cb.metrics();
      assertThat(m.callsInWindow()).isEqualTo(window.size());
      assertThat(m.callsInWindow()).isBetween((long) Math.min(p, size), (long) Math.min(p, size + bucket - 1));
      assertThat(m.failuresInWindow()).isEqualTo(window.stream().filter(o -> (o & 1) != 0).count());
      assertThat(m.slowCallsInWindow()).isEqualTo(window.stream().filter(o -> (o & 2) != 0).count());
    }
  }

  @Property(tries = 300)
  void timeWindowEqualsNaiveListModel(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 2500) Integer> gapsMillis,
      @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 3) Integer> outcomes) {
    ManualTicker ticker = new ManualTicker();
    long origin = ticker.read();
    Duration duration = Duration.ofSeconds(10); // 10 buckets of 1 s
    CircuitBreaker cb = CircuitBreaker.of("p", CircuitBreakerConfig.builder().ticker(ticker)
        .slidingWindow(duration).slowCallDuration(Duration.ofNanos(SLOW)).build());
    cb.transitionTo(State.METRICS_ONLY);
    List<long[]> model = new ArrayList<>(); // {bucket, outcome}
    int steps = Math.min(gapsMillis.size(), outcomes.size());
    for (int i = 0; i < steps; i++) {
      ticker.advance(Duration.ofMillis(gapsMillis.get(i)));
      long now = (ticker.read() - origin) / 1_000_000_000L;
      call(cb, outcomes.get(i));
      model.add(new long[] {now, outcomes.get(i)});
      List<long[]> window = model.stream().filter(c -> c[0] > now - 10).toList();
      CircuitBreakerMetrics m = cb.metrics();
      assertThat(m.callsInWindow()).as("step %s", i).isEqualTo(window.size());
      assertThat(m.failuresInWindow()).isEqualTo(window.stream().filter(c -> (c[1] & 1) != 0).count());
      assertThat(m.slowCallsInWindow()).isEqualTo(window.stream().filter(c -> (c[1] & 2) != 0).count());
    }
  }

  /**
   * Random acquire / succeed / fail / cancel / ignored-error / time steps: the permits admitted in the current
   * HALF_OPEN period and still outstanding never exceed N. (A late release of a permit taken in an earlier period
   * cannot be told apart from a trial's, and may return a trial permit: the model allows one extra admission per
   * such stale end, as documented on StripedCircuitBreaker.) Reading state, health or metrics never changes anything.
   */
  @Property(tries = 500)
  void neverMoreThanNConcurrentTrials(@ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 7) Integer> ops) {
    ManualTicker ticker = new ManualTicker();
    StripedCircuitBreaker cb = (StripedCircuitBreaker) CircuitBreaker.of("p", CircuitBreakerConfig.builder()
        .ticker(ticker).slidingWindow(4).minimumNumberOfCalls(2).failureRateThreshold(0.5)
        .permittedCallsInHalfOpen(n).openFor(Duration.ofSeconds(5)).maxWaitInHalfOpen(Duration.ofSeconds(20))
        .ignoreExceptions(e -> e instanceof IllegalArgumentException).build());
    List<Long> outstanding = new ArrayList<>(); // epoch at admission, -1 outside HALF_OPEN
    long staleEnds = 0;
    long halfOpenEpoch = -2;
    for (int op : ops) {
      if (op <= 1 || outstanding.isEmpty() && op <= 4) {
        if (cb.tryAcquirePermission()) {
          outstanding.add(cb.state() == State.HALF_OPEN ? cb.epoch() : -1L);
        }
      } else if (op <= 4) {
        long tag = outstanding.remove(outstanding.size() - 1);
        if (cb.state() == State.HALF_OPEN && tag != cb.epoch()) {
          staleEnds++;
        }
        switch (op) {
          case 2 -> cb.onError(0, BOOM);
          case 3 -> cb.onSuccess(0);
          default -> cb.releasePermission();
        }
      } else if (op == 5 && !outstanding.isEmpty()) {
        long tag = outstanding.remove(0);
        if (cb.state() == State.HALF_OPEN && tag != cb.epoch()) {
          staleEnds++;
        }
        cb.onError(0, new IllegalArgumentException("ignored"));
      } else if (op == 6) {
        ticker.advance(Duration.ofSeconds(5));
      } else {
        State before = cb.state();
        long epochBefore = cb.epoch();
        cb.health();
        cb.metrics();
        assertThat(cb.state()).isEqualTo(before);
        assertThat(cb.epoch()).isEqualTo(epochBefore);
      }
      if (cb.state() == State.HALF_OPEN) {
        if (cb.epoch() != halfOpenEpoch) {
          halfOpenEpoch = cb.epoch();
          staleEnds = 0;
        }
        long current = outstanding.stream().filter(t -> t == cb.epoch()).count();
        assertThat(current).isLessThanOrEqualTo(n + staleEnds);
        assertThat(cb.metrics().halfOpenPermitsInUse()).isBetween(0, n);
      }
    }
  }
}
