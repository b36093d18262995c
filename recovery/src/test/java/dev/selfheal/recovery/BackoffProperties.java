package dev.selfheal.recovery;

import dev.selfheal.recovery.internal.PolicyMath;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Backoff stays within [minDelay, maxDelay], is never negative and never overflows, for any retry number. */
class BackoffProperties {

  @Provide
  Arbitrary<RetryConfig> configs() {
    Arbitrary<Long> initial = Arbitraries.longs().between(0, Duration.ofHours(1).toNanos());
    Arbitrary<Long> extra = Arbitraries.longs().between(0, Duration.ofHours(23).toNanos());
    Arbitrary<Double> multiplier = Arbitraries.doubles().between(1.0, 1000.0);
    Arbitrary<RetryConfig.Jitter> jitter = Arbitraries.of(RetryConfig.Jitter.class);
    return Combinators.combine(initial, extra, multiplier, jitter).as((i, e, m, j) -> RetryConfig.builder()
        .exponentialBackoff(Duration.ofNanos(i), m, Duration.ofNanos(i + e)).jitter(j).build());
  }

  @Property(tries = 2000)
  void delayWithinBoundsForAnyAttempt(@ForAll("configs") RetryConfig config,
      @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int retry,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long previous,
      @ForAll @DoubleRange(min = 0.0, max = 1.0, maxIncluded = false) double u) {
    long d = PolicyMath.delayNanos(config, retry, previous, u);
    assertThat(d).isNotNegative();
    assertThat(d).isBetween(config.minDelay().toNanos(), config.maxDelay().toNanos());
    assertThat(PolicyMath.nextDelayNanos(config, retry, previous)).isBetween(config.minDelay().toNanos(),
        config.maxDelay().toNanos());
  }

  @Property(tries = 500)
  void baseDelayIsMonotonicAndStartsAtTheInitialDelay(@ForAll("configs") RetryConfig config,
      @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE - 1) int retry) {
    assertThat(PolicyMath.baseDelayNanos(config, 1)).isEqualTo(config.initialDelay().toNanos());
    assertThat(PolicyMath.baseDelayNanos(config, retry + 1)).isGreaterThanOrEqualTo(PolicyMath.baseDelayNanos(config, retry));
  }
}
