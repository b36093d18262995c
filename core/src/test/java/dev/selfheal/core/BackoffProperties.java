package dev.selfheal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackoffProperties {

  @Property
  void delay_is_within_jittered_base_and_max_and_never_negative(
      @ForAll @LongRange(min = 1, max = 10_000) long initialMs,
      @ForAll @LongRange(min = 0, max = 1_000_000) long extraMs,
      @ForAll @DoubleRange(min = 1.0, max = 10.0) double multiplier,
      @ForAll @DoubleRange(min = 0.0, max = 1.0) double jitter,
      @ForAll @IntRange(min = -5, max = Integer.MAX_VALUE) int attempt,
      @ForAll @DoubleRange(min = 0.0, max = 1.0, maxIncluded = false) double random) {
    Backoff b = Backoff.exponential(Duration.ofMillis(initialMs), Duration.ofMillis(initialMs + extraMs))
        .withMultiplier(multiplier).withJitter(jitter);
    long d = b.delayNanos(attempt, random);
    long max = b.max().toNanos();
    long noJitter = b.withJitter(0).delayNanos(attempt, random);
    assertThat(d).isBetween(0L, max);
    assertThat(noJitter).isBetween(b.initial().toNanos(), max);
    assertThat((double) d).isGreaterThanOrEqualTo(Math.floor(noJitter * (1 - jitter)) - 1);
    assertThat(d).isLessThanOrEqualTo(noJitter);
  }

  @Property
  void without_jitter_the_delay_never_decreases_with_the_attempt(
      @ForAll @LongRange(min = 1, max = 10_000) long initialMs,
      @ForAll @DoubleRange(min = 1.0, max = 4.0) double multiplier,
      @ForAll @IntRange(min = 1, max = 10_000) int attempt) {
    Backoff b = Backoff.exponential(Duration.ofMillis(initialMs), Duration.ofHours(1)).withMultiplier(multiplier)
        .withJitter(0);
    assertThat(b.delayNanos(attempt + 1, 0)).isGreaterThanOrEqualTo(b.delayNanos(attempt, 0));
  }
}
