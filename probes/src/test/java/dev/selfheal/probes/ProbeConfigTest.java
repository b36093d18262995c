package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProbeConfigTest {

  @ParameterizedTest
  @EnumSource(ProbeKind.class)
  void defaultsAreKubernetes(ProbeKind kind) {
    ProbeConfig c = ProbeConfig.ofDefaults(kind);
    assertThat(c.kind()).isEqualTo(kind);
    assertThat(c.initialDelay()).isEqualTo(Duration.ZERO);
    assertThat(c.period()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.successThreshold()).isEqualTo(1);
    assertThat(c.failureThreshold()).isEqualTo(3);
  }

  @Test
  void toBuilderRoundTrips() {
    ProbeConfig c = ProbeConfig.builder(ProbeKind.READINESS).initialDelay(Duration.ofMillis(5))
        .period(Duration.ofSeconds(2)).timeout(Duration.ofMillis(300)).successThreshold(2).failureThreshold(5).build();
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c.toBuilder().failureThreshold(6).build()).isNotEqualTo(c);
    assertThat(c.toString()).contains("READINESS", "successThreshold=2", "failureThreshold=5");
  }

  static void rejects(ProbeKind kind, UnaryOperator<ProbeConfig.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(ProbeConfig.builder(kind)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void badValuesNameTheFieldAndTheValue() {
    rejects(ProbeKind.LIVENESS, b -> b.initialDelay(Duration.ofSeconds(-1)), "initialDelay must be >= 0, was PT-1S");
    rejects(ProbeKind.LIVENESS, b -> b.period(Duration.ZERO), "period must be > 0, was PT0S");
    rejects(ProbeKind.LIVENESS, b -> b.period(Duration.ofMillis(-5)), "period must be > 0, was PT-0.005S");
    rejects(ProbeKind.READINESS, b -> b.timeout(Duration.ZERO), "timeout must be > 0, was PT0S");
    rejects(ProbeKind.READINESS, b -> b.successThreshold(0), "successThreshold must be >= 1, was 0");
    rejects(ProbeKind.READINESS, b -> b.failureThreshold(0), "failureThreshold must be >= 1, was 0");
    rejects(ProbeKind.STARTUP, b -> b.failureThreshold(-3), "failureThreshold must be >= 1, was -3");
  }

  @Test
  void livenessAndStartupNeedSuccessThresholdOne() {
    rejects(ProbeKind.LIVENESS, b -> b.successThreshold(2),
        "successThreshold must be 1 for a LIVENESS probe (as in Kubernetes), was 2");
    rejects(ProbeKind.STARTUP, b -> b.successThreshold(3),
        "successThreshold must be 1 for a STARTUP probe (as in Kubernetes), was 3");
    assertThat(ProbeConfig.builder(ProbeKind.READINESS).successThreshold(3).build().successThreshold()).isEqualTo(3);
  }

  @Test
  void nullsAreRefusedEarly() {
    assertThatThrownBy(() -> ProbeConfig.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("kind");
    assertThatThrownBy(() -> ProbeConfig.builder(ProbeKind.LIVENESS).period(null))
        .isInstanceOf(NullPointerException.class).hasMessage("period");
  }

  @Test
  void probeSpecChecksPathKindAndDuplicates() {
    assertThatThrownBy(() -> ProbeSpec.liveness("/app/db", Object.class, o -> ProbeResult.up()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("path must be a tree path such as 'app/db', was '/app/db'");
    assertThatThrownBy(() -> ProbeSpec.liveness("app//db", Object.class, o -> ProbeResult.up()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'app//db'");
    assertThatThrownBy(() -> ProbeSpec.liveness("app/db", Object.class, o -> ProbeResult.up())
        .config(ProbeConfig.ofDefaults(ProbeKind.READINESS)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("config.kind must be LIVENESS for this probe, was READINESS");

    ProbeSpec<Object> spec = ProbeSpec.readiness("app/db", Object.class, o -> ProbeResult.up()).critical(false).build();
    assertThat(spec.kind()).isEqualTo(ProbeKind.READINESS);
    assertThat(spec.critical()).isFalse();
    assertThat(spec.toBuilder().build().critical()).isFalse();
    FakeTree tree = new FakeTree();
    assertThatThrownBy(() -> HealthMonitor.builder(tree).probe(spec).probe(spec.toBuilder().critical(true).build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("probe must be unique per kind and path: a second READINESS probe was given for 'app/db'");
    assertThatThrownBy(() -> HealthMonitor.builder(tree).probeThreads(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("probeThreads must be in [1, 64], was 0");
  }

  @Test
  void endpointConfigValidation() {
    HealthEndpointConfig d = HealthEndpointConfig.ofDefaults();
    assertThat(d.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(d.port()).isEqualTo(8081);
    assertThat(d.bearerToken()).isEmpty();
    assertThat(HealthEndpointConfig.builder().port(0).build().port()).isZero();
    HealthEndpointConfig withToken = HealthEndpointConfig.builder().bearerToken("0123456789abcdef").build();
    assertThat(withToken.toString()).doesNotContain("0123456789abcdef").contains("tokens=[default]");
    assertThat(withToken.toBuilder().build().bearerToken()).hasValue("0123456789abcdef");

    assertThatThrownBy(() -> HealthEndpointConfig.builder().port(65_536).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port must be in [0, 65535], was 65536");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().port(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port must be in [0, 65535], was -1");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().bindAddress(" ").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bindAddress must not be blank, was ' '");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().bearerToken("short").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token 'default' must be 16 to 4096 characters long, was 5 characters");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().bearerToken("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token 'default' must be 16 to 4096 characters long, was 0 characters (for no token, configure none)");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().bearerToken("has a space in it!!").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token 'default' must be visible ASCII, had character code 32 at index 3");
    HealthEndpointConfig named = HealthEndpointConfig.builder().token("alice", "alice-secret-0123456789")
        .token("ci.bot", "ci-secret-0123456789abc").build();
    assertThat(named.tokens()).containsOnlyKeys("alice", "ci.bot");
    assertThat(named.toString()).contains("tokens=[alice, ci.bot]").doesNotContain("secret");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().token("alice", "alice-secret-0123456789")
        .token("alice", "other-secret-0123456789").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("token name must be unique, 'alice' was given twice");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().token("a", "same-secret-0123456789")
        .token("b", "same-secret-0123456789").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tokens must differ from each other, two names share one secret");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().token("no spaces", "some-secret-0123456789").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("token name must be 1 to 64 characters");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().maxConnections(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxConnections must be in [16, 65536], was 1");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().backlog(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("backlog must be in [1, 65535], was 0");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().maxHeaderBytes(100).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxHeaderBytes must be in [1024, 65536], was 100");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().requestLineTimeout(Duration.ofSeconds(3))
        .headerTimeout(Duration.ofSeconds(2)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("headerTimeout must be >= requestLineTimeout (PT3S), was PT2S");
    HealthEndpointConfig tuned = HealthEndpointConfig.builder().backlog(4096).bodyTimeout(Duration.ofSeconds(1))
        .publicReads(true).build();
    assertThat(tuned.toBuilder().build().toString()).isEqualTo(tuned.toString());
    assertThatThrownBy(() -> HealthEndpointConfig.builder().handlerThreads(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("handlerThreads must be in [1, 32], was 0");
    assertThatThrownBy(() -> HealthEndpointConfig.builder().commandTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("commandTimeout must be in [1ms, 1m], was PT0S");
  }
}
