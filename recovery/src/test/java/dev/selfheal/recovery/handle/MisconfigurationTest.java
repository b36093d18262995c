package dev.selfheal.recovery.handle;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.recovery.annotation.Bulkhead;
import dev.selfheal.recovery.annotation.CircuitBreaker;
import dev.selfheal.recovery.annotation.Fallback;
import dev.selfheal.recovery.annotation.Retry;
import org.junit.jupiter.api.Test;

/** Each misconfiguration fails at supervise time, naming the class, the method, the annotation and the problem. */
class MisconfigurationTest {

  public interface WrongFallbackReturn {
    @Fallback(fallbackMethod = "zero")
    String name();

    default int zero() {
      return 0;
    }
  }

  public interface WrongFallbackParameters {
    @Fallback(fallbackMethod = "other")
    String name(String id);

    default String other(int id) {
      return "";
    }
  }

  public interface AbstractFallback {
    @Fallback(fallbackMethod = "other")
    String name();

    String other();
  }

  public interface NegativeRatio {
    @CircuitBreaker(failureRatio = -0.5)
    String call();
  }

  public interface NegativeVolume {
    @CircuitBreaker(requestVolumeThreshold = -1)
    String call();
  }

  public interface NegativeBulkhead {
    @Bulkhead(-3)
    String call();
  }

  public interface Twice {
    @Retry
    String call();
  }

  public interface Narrow {
    String call();
  }

  /** An implementation whose annotation would never apply: helper() is not on the interface. */
  public static class Wide implements Narrow {
    @Override
    public String call() {
      return "";
    }

    @Retry
    public String helper() {
      return "";
    }
  }

  private static <T> void supervise(Class<T> type, HandleOptions options) {
    SupervisorSpec.builder("app").supervise(type, () -> null, options);
  }

  private static <T> void supervise(Class<T> type) {
    supervise(type, HandleOptions.ofDefaults());
  }

  @Test
  void a_fallback_returning_an_incompatible_type() {
    assertThatThrownBy(() -> supervise(WrongFallbackReturn.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(WrongFallbackReturn.class.getName() + ".name: @Fallback(fallbackMethod) must return"
            + " java.lang.String (the signature must be zero() or zero(Throwable) returning java.lang.String),"
            + " was 'zero' returning int");
  }

  @Test
  void a_fallback_with_other_parameters() {
    assertThatThrownBy(() -> supervise(WrongFallbackParameters.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(WrongFallbackParameters.class.getName() + ".name: @Fallback(fallbackMethod) names"
            + " no method other(String) or other(String, Throwable) returning java.lang.String");
  }

  @Test
  void a_fallback_that_needs_an_instance() {
    assertThatThrownBy(() -> supervise(AbstractFallback.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(AbstractFallback.class.getName() + ".name: @Fallback(fallbackMethod) must be a"
            + " default or static method");
  }

  @Test
  void a_negative_failure_ratio() {
    assertThatThrownBy(() -> supervise(NegativeRatio.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(NegativeRatio.class.getName() + ".call: @CircuitBreaker(failureRatio) must be in (0, 1],"
            + " was -0.5");
  }

  @Test
  void a_negative_request_volume_threshold() {
    assertThatThrownBy(() -> supervise(NegativeVolume.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(NegativeVolume.class.getName() + ".call: @CircuitBreaker(requestVolumeThreshold) must be >= 1,"
            + " was -1");
  }

  @Test
  void a_negative_bulkhead() {
    assertThatThrownBy(() -> supervise(NegativeBulkhead.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(NegativeBulkhead.class.getName() + ".call: @Bulkhead(value) must be >= 1, was -3");
  }

  @Test
  void an_annotation_on_a_method_that_is_not_on_the_interface() {
    assertThatThrownBy(() -> supervise(Narrow.class, HandleOptions.builder().implementation(Wide.class).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(Wide.class.getName() + ".helper: @Retry is on a method that is not on the"
            + " supervised interface " + Narrow.class.getName());
  }

  @Test
  void policies_declared_twice() {
    assertThatThrownBy(() -> supervise(Twice.class, HandleOptions.builder()
        .intercept("call", (inv, args) -> inv.proceed(args)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(Twice.class.getName() + ".call: policies are declared twice");
  }
}
