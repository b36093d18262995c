package dev.selfheal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.Journal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input is refused at build time with an IllegalArgumentException naming the field and the value. */
class ConfigValidationTest {
  private static Component noop() {
    return () -> {};
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a/b", "with space", "-leading"})
  void child_ids_must_be_path_segments(String id) {
    assertThatThrownBy(() -> ChildSpec.service(id, ConfigValidationTest::noop))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("child id").hasMessageContaining("'" + id + "'");
  }

  @Test
  void null_ids_and_names() {
    assertThatThrownBy(() -> ChildSpec.service(null, ConfigValidationTest::noop))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("child id must not be null");
    assertThatThrownBy(() -> SupervisorSpec.builder(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("supervisor name").hasMessageContaining("' '");
  }

  @Test
  void duplicate_child_ids() {
    SupervisorSpec.Builder b = SupervisorSpec.builder("sup")
        .child(ChildSpec.service("db", ConfigValidationTest::noop))
        .child(ChildSpec.service("db", ConfigValidationTest::noop));
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate child id 'db' in supervisor 'sup'");
  }

  @Test
  void intensity() {
    assertThatThrownBy(() -> RestartIntensity.of(-1, Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRestarts must be >= 0, was -1");
    assertThatThrownBy(() -> RestartIntensity.of(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("period must be > 0, was PT0S");
    assertThatThrownBy(() -> RestartIntensity.of(1, Duration.ofSeconds(-3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("period must be > 0, was PT-3S");
    assertThat(RestartIntensity.ofDefaults()).isEqualTo(RestartIntensity.of(1, Duration.ofSeconds(5)));
  }

  @Test
  void shutdown_and_start_timeout() {
    assertThatThrownBy(() -> Shutdown.timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdown timeout must be > 0").hasMessageContaining("PT0S");
    assertThatThrownBy(() -> ChildSpec.service("a", ConfigValidationTest::noop).startTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("startTimeout must be > 0, was PT-0.001S");
    assertThatThrownBy(() -> ChildSpec.worker("w", () -> ctx -> {}).startTimeout(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("services only");
    assertThatThrownBy(() -> ChildSpec.service("a", ConfigValidationTest::noop).dependsOn("a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot depend on itself");
  }

  @Test
  void defaults_follow_otp() {
    ChildSpec worker = ChildSpec.worker("w", () -> ctx -> {}).build();
    ChildSpec sup = ChildSpec.supervisor(SupervisorSpec.builder("s").build()).build();
    assertThat(worker.restartType()).isEqualTo(RestartType.PERMANENT);
    assertThat(worker.shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(5)));
    assertThat(sup.shutdown()).isEqualTo(Shutdown.infinity());
    assertThat(SupervisorSpec.builder("s").build().strategy()).isEqualTo(RestartStrategy.ONE_FOR_ONE);
  }

  @Test
  void backoff() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("backoff initial must be > 0, was PT0S");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("backoff max must be >= initial (PT2S), was PT1S");
    Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThatThrownBy(() -> b.withJitter(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backoff jitter must be within [0, 1], was 1.5");
    assertThatThrownBy(() -> b.withMultiplier(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiplier").hasMessageContaining("NaN");
    assertThatThrownBy(() -> b.resetAfter(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backoff resetAfter must be > 0, was PT0S");
  }

  @Test
  void journal_and_actor() {
    assertThatThrownBy(() -> Journal.builder().capacity(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be >= 1, was 0");
    assertThatThrownBy(() -> Actor.operator(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operator name");
    assertThatThrownBy(() -> SupervisorTree.builder(SupervisorSpec.builder("s").build()).stopTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("stopTimeout must be > 0, was PT0S");
  }
}
