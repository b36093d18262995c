package dev.selfheal.recovery.breaker;

import dev.selfheal.recovery.internal.PolicyMath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.CircuitBreakerConfig.WindowType;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CircuitBreakerConfigTest {

  static Stream<Arguments> invalidFields() {
    return Stream.of(
        bad("failureRateThreshold", "0.0", b -> b.failureRateThreshold(0)),
        bad("failureRateThreshold", "1.5", b -> b.failureRateThreshold(1.5)),
        bad("failureRateThreshold", "NaN", b -> b.failureRateThreshold(Double.NaN)),
        bad("slowCallRateThreshold", "-0.1", b -> b.slowCallDuration(Duration.ofSeconds(1)).slowCallRateThreshold(-0.1)),
        bad("slowCallDuration", "PT-1S", b -> b.slowCallDuration(Duration.ofSeconds(-1))),
        bad("slowCallDuration", "PT48H", b -> b.slowCallDuration(Duration.ofDays(2))),
        bad("windowCalls", "0", b -> b.slidingWindow(0)),
        bad("windowCalls", "-5", b -> b.slidingWindow(-5)),
        bad("windowDuration", "PT0.001S", b -> b.slidingWindow(Duration.ofMillis(1))),
        bad("windowDuration", "PT48H", b -> b.slidingWindow(Duration.ofDays(2))),
        bad("minimumNumberOfCalls", "0", b -> b.minimumNumberOfCalls(0)),
        bad("openFor", "PT0S", b -> b.openFor(Duration.ZERO)),
        bad("openFor", "PT48H", b -> b.openFor(Duration.ofDays(2))),
        bad("openForMultiplier", "0.5", b -> b.openForBackoff(0.5, Duration.ofMinutes(5))),
        bad("openForMultiplier", "Infinity", b -> b.openForBackoff(Double.POSITIVE_INFINITY, Duration.ofMinutes(5))),
        bad("maxOpenFor", "PT0S", b -> b.openForBackoff(2, Duration.ZERO)),
        bad("permittedCallsInHalfOpen", "0", b -> b.permittedCallsInHalfOpen(0)),
        bad("permittedCallsInHalfOpen", "32768", b -> b.permittedCallsInHalfOpen(32_768)),
        bad("maxWaitInHalfOpen", "PT0S", b -> b.maxWaitInHalfOpen(Duration.ZERO)),
        // combinations
        bad("minimumNumberOfCalls (11)", "windowCalls (10)", b -> b.slidingWindow(10).minimumNumberOfCalls(11)),
        bad("slowCallRateThreshold was set to 0.5", "slowCallDuration is zero", b -> b.slowCallRateThreshold(0.5)),
        bad("maxOpenFor (PT30S)", "openFor (PT1M)", b -> b.openForBackoff(2, Duration.ofSeconds(30))),
        bad("maxWaitInHalfOpen (PT5S)", "slowCallDuration (PT10S)",
            b -> b.slowCallDuration(Duration.ofSeconds(10)).maxWaitInHalfOpen(Duration.ofSeconds(5))));
  }

  private static Arguments bad(String field, String value, UnaryOperator<CircuitBreakerConfig.Builder> change) {
    return Arguments.of(field, value, change);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("invalidFields")
  void invalidFieldIsRejectedNamingFieldAndValue(String field, String value,
      UnaryOperator<CircuitBreakerConfig.Builder> change) {
    assertThatThrownBy(() -> change.apply(CircuitBreakerConfig.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(field)
        .hasMessageContaining(value);
  }

  @Test
  void nullsAreRejectedNamingTheField() {
    CircuitBreakerConfig.Builder b = CircuitBreakerConfig.builder();
    assertThatThrownBy(() -> b.ticker(null)).hasMessageContaining("ticker");
    assertThatThrownBy(() -> b.openFor(null)).hasMessageContaining("openFor");
    assertThatThrownBy(() -> b.recordExceptions(null)).hasMessageContaining("recordExceptions");
    assertThatThrownBy(() -> b.ignoreExceptions(null)).hasMessageContaining("ignoreExceptions");
    assertThatThrownBy(() -> b.recordResult(null)).hasMessageContaining("recordResult");
  }

  @Test
  void defaultsAreDocumentedValues() {
    CircuitBreakerConfig c = CircuitBreakerConfig.ofDefaults();
    assertThat(c.failureRateThreshold()).isEqualTo(0.5);
    assertThat(c.slowCallDetection()).isFalse();
    assertThat(c.windowType()).isEqualTo(WindowType.COUNT_BASED);
    assertThat(c.windowCalls()).isEqualTo(100);
    assertThat(c.minimumNumberOfCalls()).isEqualTo(100);
    assertThat(c.openFor()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.openForMultiplier()).isEqualTo(1.0);
    assertThat(c.maxOpenFor()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.permittedCallsInHalfOpen()).isEqualTo(10);
    assertThat(c.maxWaitInHalfOpen()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.writableStackTrace()).isFalse();
    assertThat(c.critical()).isFalse();
    assertThat(c.ticker()).isSameAs(Ticker.system());
    assertThat(c.recordExceptions().test(new RuntimeException())).isTrue();
    assertThat(c.ignoreExceptions().test(new RuntimeException())).isFalse();
    assertThat(c.recordResult().test(null)).isFalse();
  }

  @Test
  void minimumCallsDefaultFollowsASmallerCountWindow() {
    assertThat(CircuitBreakerConfig.builder().slidingWindow(20).build().minimumNumberOfCalls()).isEqualTo(20);
    CircuitBreakerConfig small = CircuitBreakerConfig.builder().slidingWindow(20).build();
    assertThat(small.toBuilder().slidingWindow(500).build().minimumNumberOfCalls()).isEqualTo(100);
  }

  @Test
  void toBuilderRoundTripsAndConfigsAreIndependent() {
    CircuitBreakerConfig a = CircuitBreakerConfig.builder().failureRateThreshold(0.3).critical(true).build();
    CircuitBreakerConfig b = a.toBuilder().failureRateThreshold(0.7).build();
    assertThat(a.failureRateThreshold()).isEqualTo(0.3);
    assertThat(b.failureRateThreshold()).isEqualTo(0.7);
    assertThat(b.critical()).isTrue();
    assertThat(a.toBuilder().build().toString()).isEqualTo(a.toString());
  }

  @Test
  void openWaitGrowsGeometricallyUpToItsCapWithoutOverflow() {
    CircuitBreakerConfig c = CircuitBreakerConfig.builder().openFor(Duration.ofSeconds(1))
        .openForBackoff(3, Duration.ofSeconds(20)).build();
    assertThat(PolicyMath.openForNanos(c, 1)).isEqualTo(1_000_000_000L);
    assertThat(PolicyMath.openForNanos(c, 2)).isEqualTo(3_000_000_000L);
    assertThat(PolicyMath.openForNanos(c, 3)).isEqualTo(9_000_000_000L);
    assertThat(PolicyMath.openForNanos(c, 4)).isEqualTo(20_000_000_000L);
    assertThat(PolicyMath.openForNanos(c, Integer.MAX_VALUE)).isEqualTo(20_000_000_000L);
  }
}
