package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.core.spi.PolicyControl.Action;
import dev.selfheal.core.spi.PolicyControl.Status;
import dev.selfheal.core.spi.PolicyControlProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Operator control of a registry's policies through core's SPI, as the probes endpoint uses it. */
class RegistryPolicyControlTest {
  static final Actor OPS = Actor.operator("http:ops@127.0.0.1");

  @Test
  void listsAndCommandsTheRegistryFoundByServiceLoader() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().ticker(new ManualTicker()).build()) {
      CircuitBreaker cb = registry.circuitBreaker("payments-" + System.nanoTime(), n -> CircuitBreaker.of(n,
          CircuitBreakerConfig.ofDefaults(), registry.journal()));
      Bulkhead b = registry.bulkhead("db-" + System.nanoTime(), BulkheadConfig.builder().maxConcurrentCalls(4).build());
      registry.retry("r");
      registry.rateLimiter("l");
      PolicyControl control = controlOf(cb.name());

      assertThat(control.policies()).extracting(PolicyControl.Policy::kind, PolicyControl.Policy::state)
          .contains(org.assertj.core.groups.Tuple.tuple("circuitbreaker", "CLOSED"),
              org.assertj.core.groups.Tuple.tuple("bulkhead", "ACCEPTING"),
              org.assertj.core.groups.Tuple.tuple("retry", "ACTIVE"),
              org.assertj.core.groups.Tuple.tuple("ratelimiter", "ACTIVE"));
      assertThat(control.policies()).filteredOn(p -> p.name().equals(b.name())).singleElement()
          .satisfies(p -> assertThat(p.metrics()).containsEntry("maxConcurrentCalls", 4).containsEntry("availablePermits", 4));

      String name = cb.name();
      assertThat(control.apply("circuitbreaker", name, Action.FORCE_OPEN, 0, OPS).status()).isEqualTo(Status.DONE);
      assertThat(cb.tryAcquirePermission()).as("forced open rejects calls").isFalse();
      assertThat(control.apply("circuitbreaker", name, Action.FORCE_OPEN, 0, OPS))
          .isEqualTo(new PolicyControl.Outcome(Status.UNCHANGED, "FORCED_OPEN", ""));
      assertThat(control.apply("circuitbreaker", name, Action.DISABLE, 0, OPS).state()).isEqualTo("DISABLED");
      assertThat(control.apply("circuitbreaker", name, Action.CLOSE, 0, OPS).state()).isEqualTo("CLOSED");
      assertThat(control.apply("circuitbreaker", name, Action.RESET, 0, OPS).status()).isEqualTo(Status.DONE);
      assertThat(control.apply("circuitbreaker", name, Action.SET_LIMIT, 3, OPS).status())
          .isEqualTo(Status.NOT_APPLICABLE);
      assertThat(control.apply("circuitbreaker", "ghost", Action.CLOSE, 0, OPS).status()).isEqualTo(Status.NOT_FOUND);

      assertThat(control.apply("bulkhead", b.name(), Action.SET_LIMIT, 2, OPS).status()).isEqualTo(Status.DONE);
      assertThat(b.config().maxConcurrentCalls()).isEqualTo(2);
      assertThat(control.apply("bulkhead", b.name(), Action.SET_LIMIT, 2, OPS).status()).isEqualTo(Status.UNCHANGED);
      PolicyControl.Outcome invalid = control.apply("bulkhead", b.name(), Action.SET_LIMIT, 0, OPS);
      assertThat(invalid.status()).isEqualTo(Status.INVALID);
      assertThat(invalid.message()).contains("maxConcurrentCalls").contains("0");
      assertThat(control.apply("retry", "r", Action.RESET, 0, OPS).status()).isEqualTo(Status.NOT_APPLICABLE);

      assertThat(registry.journal().tail()).filteredOn(r -> r.actor().equals(OPS)).extracting(JournalRecord::kind)
          .as("each applied command journaled with its actor, unchanged ones not").hasSize(5);
    }
  }

  /** The control ServiceLoader's provider returns for the registry holding the breaker {@code name}. */
  static PolicyControl controlOf(String breakerName) {
    List<PolicyControl> found = new ArrayList<>();
    for (PolicyControlProvider p : ServiceLoader.load(PolicyControlProvider.class)) {
      found.addAll(p.policyControls());
    }
    return found.stream().filter(c -> c.policies().stream().anyMatch(p -> p.name().equals(breakerName)))
        .findFirst().orElseThrow();
  }
}
