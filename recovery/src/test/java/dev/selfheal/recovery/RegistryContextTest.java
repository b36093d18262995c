package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthSourceProvider;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.core.spi.PolicyControlProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** A registry built in a context lives in that context only; one built without is process-wide. */
class RegistryContextTest {
  private static RuntimeContext context() {
    ManualTicker t = new ManualTicker();
    return RuntimeContext.builder().ticker(t).scheduler(new ManualScheduler(t)).build();
  }

  private static <T> T loaded(Class<T> type) {
    return ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p instanceof RecoveryHealthSources).map(type::cast).findFirst().orElseThrow();
  }

  /** What a monitor of {@code ctx} sees: the context's own sources and the provider's answer for it. */
  private static List<String> health(RuntimeContext ctx) {
    List<String> out = new ArrayList<>();
    ctx.healthSources().forEach(s -> out.add(s.name()));
    loaded(HealthSourceProvider.class).healthSources(ctx).forEach(s -> out.add(s.name()));
    return out;
  }

  /** What an endpoint of {@code ctx} lists, as {@code name=STATE}. */
  private static List<String> policies(RuntimeContext ctx) {
    List<PolicyControl> controls = new ArrayList<>(ctx.policyControls());
    controls.addAll(loaded(PolicyControlProvider.class).policyControls(ctx));
    return controls.stream().flatMap(c -> c.policies().stream())
        .filter(p -> p.kind().equals(PolicyControl.CIRCUIT_BREAKER)).map(p -> p.name() + "=" + p.state()).toList();
  }

  @Test
  void two_contexts_with_a_breaker_of_the_same_name_see_only_their_own() {
    RuntimeContext a = context();
    RuntimeContext b = context();
    try (RecoveryRegistry ra = RecoveryRegistry.of(a); RecoveryRegistry rb = RecoveryRegistry.of(b)) {
      CircuitBreaker ca = ra.circuitBreaker("ctx-same", n -> CircuitBreaker.of(n, CircuitBreakerConfig.ofDefaults(),
          ra.journal()));
      rb.circuitBreaker("ctx-same", n -> CircuitBreaker.of(n, CircuitBreakerConfig.ofDefaults(), rb.journal()));
      ca.transitionTo(CircuitBreaker.State.FORCED_OPEN, Actor.operator("test"));

      assertThat(health(a)).containsOnlyOnce("circuit:ctx-same");
      assertThat(health(b)).containsOnlyOnce("circuit:ctx-same");
      assertThat(policies(a)).containsOnlyOnce("ctx-same=FORCED_OPEN").doesNotContain("ctx-same=CLOSED");
      assertThat(policies(b)).containsOnlyOnce("ctx-same=CLOSED").doesNotContain("ctx-same=FORCED_OPEN");
      assertThat(new ArrayList<HealthSource>(loaded(HealthSourceProvider.class).healthSources()))
          .as("not in the process-wide set").extracting(HealthSource::name).doesNotContain("circuit:ctx-same");

      assertThat(ra.journal()).isSameAs(a.journal());
      assertThat(a.journal().tail()).extracting(JournalRecord::path).contains("circuit:ctx-same"); // one name
      assertThat(b.journal().tail()).extracting(JournalRecord::actor).doesNotContain(Actor.operator("test"));
    }
    assertThat(health(a)).as("close leaves the context").doesNotContain("circuit:ctx-same");
    assertThat(policies(a)).isEmpty();
  }

  @Test
  void a_registry_without_a_context_is_shown_in_every_context() {
    RuntimeContext a = context();
    RuntimeContext b = context();
    try (RecoveryRegistry plain = RecoveryRegistry.builder().build()) {
      plain.circuitBreaker("ctx-plain", n -> CircuitBreaker.of(n, CircuitBreakerConfig.ofDefaults()));
      assertThat(health(a)).containsOnlyOnce("circuit:ctx-plain");
      assertThat(health(b)).containsOnlyOnce("circuit:ctx-plain");
      assertThat(plain.context()).isEmpty();
    }
    assertThat(health(a)).doesNotContain("circuit:ctx-plain");
  }

  @Test
  void a_breaker_made_with_of_joins_the_context_it_is_added_to_under_its_one_name() {
    RuntimeContext a = context();
    RuntimeContext b = context();
    CircuitBreaker cb = CircuitBreaker.of("ctx-direct", CircuitBreakerConfig.ofDefaults(), a.journal());
    a.addHealthSource(cb.asHealthSource());
    assertThat(health(a)).as("the name a registry would give it").containsOnlyOnce("circuit:ctx-direct")
        .doesNotContain("ctx-direct");
    assertThat(health(b)).doesNotContain("circuit:ctx-direct");
    cb.transitionTo(CircuitBreaker.State.FORCED_OPEN, Actor.operator("test"));
    assertThat(a.healthSources()).filteredOn(s -> s.name().equals("circuit:ctx-direct"))
        .extracting(s -> s.health().status()).containsExactly(HealthStatus.DOWN);
    assertThat(a.journal().tail()).filteredOn(r -> r.actor().equals(Actor.operator("test")))
        .extracting(JournalRecord::path).containsExactly("circuit:ctx-direct"); // one name
  }

  @Test
  void a_hand_made_policy_and_a_registry_made_one_have_the_same_health_name() {
    RuntimeContext a = context();
    try (RecoveryRegistry registry = RecoveryRegistry.of(a)) {
      registry.circuitBreaker("reg-cb", n -> CircuitBreaker.of(n, CircuitBreakerConfig.ofDefaults(), a.journal()));
      registry.bulkhead("reg-bh");
      registry.adaptiveLimiter("reg-al");
      a.addHealthSource(CircuitBreaker.ofDefaults("hand-cb").asHealthSource());
      a.addHealthSource(Bulkhead.ofDefaults("hand-bh").asHealthSource());
      a.addHealthSource(AdaptiveLimiter.of("hand-al", AdaptiveLimiterConfig.ofDefaults()).asHealthSource());
      assertThat(health(a)).contains("circuit:reg-cb", "bulkhead:reg-bh", "adaptivelimiter:reg-al",
          "circuit:hand-cb", "bulkhead:hand-bh", "adaptivelimiter:hand-al");
    }
  }

  @Test
  void a_context_with_parts_given_again_is_refused_naming_them() {
    assertThatThrownBy(() -> RecoveryRegistry.builder().journal(dev.selfheal.core.event.Journal.inMemory())
        .context(context()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("context").hasMessageContaining("[journal]");
  }

  @Test
  void without_exposed_health_a_context_registry_adds_nothing() {
    RuntimeContext a = context();
    try (RecoveryRegistry r = RecoveryRegistry.builder().context(a).exposeHealth(false).build()) {
      r.circuitBreaker("ctx-hidden", n -> CircuitBreaker.of(n, CircuitBreakerConfig.ofDefaults()));
      assertThat(health(a)).doesNotContain("circuit:ctx-hidden");
      assertThat(policies(a)).isEmpty();
    }
  }
}
