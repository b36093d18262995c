package dev.selfheal.core.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.RestartType;
import dev.selfheal.core.Shutdown;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.annotation.Overrides;
import dev.selfheal.core.annotation.Supervised;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code @Supervised}, options and overrides, with their precedence and their misconfigurations. */
class SupervisedSettingsTest {

  @Supervised(id = "store", restart = RestartType.TRANSIENT, shutdownMillis = 2000, backoffInitialMillis = 100,
      backoffMaxMillis = 1000)
  public interface Store {
    String get(String key);
  }

  @Supervised(significant = true)
  public interface Significant {
    void run();
  }

  @Supervised(shutdownMillis = -7)
  public interface BadShutdown {
    void run();
  }

  public interface Unannotated {
    void run();
  }

  private static ChildSpec specOf(Class<?> type, HandleOptions options) {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    supervise(b, type, options);
    return b.build().children().get(0);
  }

  private static <T> void supervise(SupervisorSpec.Builder b, Class<T> type, HandleOptions options) {
    b.supervise(type, () -> null, options);
  }

  @Test
  void the_annotation_gives_the_child_its_parameters() {
    ChildSpec s = specOf(Store.class, HandleOptions.builder().overrides(Overrides.none()).build());
    assertThat(s.id()).isEqualTo("store");
    assertThat(s.restartType()).isEqualTo(RestartType.TRANSIENT);
    assertThat(s.shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(2)));
    assertThat(s.backoff().initial()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void without_the_annotation_the_id_is_the_interface_name_and_the_rest_child_spec_defaults() {
    ChildSpec s = specOf(Unannotated.class, HandleOptions.builder().overrides(Overrides.none()).build());
    assertThat(s.id()).isEqualTo("unannotated");
    assertThat(s.restartType()).isEqualTo(RestartType.PERMANENT);
    assertThat(s.shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(5)));
    assertThat(s.backoff().isNone()).isTrue();
  }

  @Test
  void options_beat_the_annotation_and_overrides_beat_both() {
    HandleOptions options = HandleOptions.builder().restartType(RestartType.TEMPORARY)
        .shutdown(Shutdown.brutalKill()).overrides(Overrides.none()).build();
    ChildSpec s = specOf(Store.class, options);
    assertThat(s.restartType()).isEqualTo(RestartType.TEMPORARY);
    assertThat(s.shutdown().isBrutalKill()).isTrue();

    Overrides ov = Overrides.mapOnly(Map.of(
        Store.class.getName() + "/Supervised/restart", "PERMANENT",
        "Supervised/shutdownMillis", "-1"));
    ChildSpec o = specOf(Store.class, options.toBuilder().overrides(ov).build());
    assertThat(o.restartType()).isEqualTo(RestartType.PERMANENT);
    assertThat(o.shutdown().isInfinity()).isTrue();
  }

  @Test
  void a_system_property_beats_the_map_for_the_same_key_and_a_specific_key_beats_a_global_one() {
    String key = Store.class.getName() + "/Supervised/shutdownMillis";
    System.setProperty(key, "3000");
    try {
      Overrides ov = Overrides.of(Map.of(key, "4000", "Supervised/shutdownMillis", "9000"));
      assertThat(specOf(Store.class, HandleOptions.builder().overrides(ov).build()).shutdown())
          .isEqualTo(Shutdown.timeout(Duration.ofSeconds(3)));
      assertThat(specOf(Store.class, HandleOptions.builder().overrides(Overrides.mapOnly(
          Map.of(key, "4000", "Supervised/shutdownMillis", "9000"))).build()).shutdown())
          .isEqualTo(Shutdown.timeout(Duration.ofSeconds(4)));
    } finally {
      System.clearProperty(key);
    }
  }

  @Test
  void an_override_that_does_not_parse_names_the_key_and_the_value() {
    HandleOptions options = HandleOptions.builder()
        .overrides(Overrides.mapOnly(Map.of("Supervised/shutdownMillis", "soon"))).build();
    assertThatThrownBy(() -> specOf(Store.class, options)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("override Supervised/shutdownMillis must be an integer, was 'soon'");
  }

  @Test
  void significant_is_refused_rather_than_ignored() {
    assertThatThrownBy(() -> specOf(Significant.class, HandleOptions.ofDefaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Significant.class.getName()).hasMessageContaining("@Supervised(significant)");
  }

  @Test
  void a_negative_shutdown_names_the_interface_the_annotation_and_the_value() {
    assertThatThrownBy(() -> specOf(BadShutdown.class, HandleOptions.ofDefaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(BadShutdown.class.getName()
            + ": @Supervised(shutdownMillis) must be > 0, 0 (brutal_kill) or -1 (infinity), was -7");
  }

  @Test
  void a_class_is_not_an_interface() {
    assertThatThrownBy(() -> specOf(String.class, HandleOptions.ofDefaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.String is not an interface");
  }

  @Test
  void fatal_types_can_be_overridden_by_class_name() {
    HandleOptions options = HandleOptions.builder().overrides(Overrides.mapOnly(
        Map.of("Supervised/fatal", "java.lang.IllegalStateException, java.io.UncheckedIOException"))).build();
    specOf(Store.class, options); // parses and loads
    HandleOptions bad = HandleOptions.builder().overrides(Overrides.mapOnly(
        Map.of("Supervised/fatal", "java.lang.String"))).build();
    assertThatThrownBy(() -> specOf(Store.class, bad)).hasMessageContaining("java.lang.String is not a Throwable");
  }
}
