package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code reconfigure(config)} without an actor is journaled as {@code operator:api} on every policy. */
class ReconfigureActorTest {

  @Test
  void every_policy_journals_an_actorless_reconfigure_as_the_api_operator() {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().exposeHealth(false).build()) {
      CircuitBreaker breaker = registry.circuitBreaker("cb1",
          name -> CircuitBreaker.of(name, CircuitBreakerConfig.ofDefaults(), registry.journal()));
      breaker.reconfigure(breaker.config().toBuilder().critical(true).build());
      Bulkhead bulkhead = registry.bulkhead("bh1");
      bulkhead.reconfigure(bulkhead.config().toBuilder().maxConcurrentCalls(3).build());
      RateLimiter limiter = registry.rateLimiter("rl1");
      limiter.reconfigure(limiter.config().toBuilder().burst(3).build());
      Retry retry = registry.retry("rt1");
      retry.reconfigure(retry.config().toBuilder().maxAttempts(2).build());
      Timeout timeout = registry.timeout("to1");
      timeout.reconfigure(timeout.config().toBuilder().writableStackTrace(false).build());

      List<JournalRecord> tail = registry.journal().tail();
      for (String name : List.of("cb1", "bh1", "rl1", "rt1", "to1")) {
        assertThat(tail).as(name).anySatisfy(r -> {
          assertThat(r.path()).endsWith(name);
          assertThat(r.kind()).containsAnyOf("reconfigure", "config");
          assertThat(r.actor()).isEqualTo(Actor.operator("api"));
        });
      }
    }
  }
}
