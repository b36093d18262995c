package dev.selfheal.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Diagnosis;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Lifecycle;
import dev.selfheal.core.NamedSource;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Diagnosis reads the tree's context as it is at each decision: a health source that joins it after the tree
 * started (a registry's breaker, a monitor's probe) is a dependency from then on; one that left is not.
 */
class LateHealthSourceTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private final Lifecycle lc = new Lifecycle();
  private final AtomicReference<HealthReport> payments = new AtomicReference<>(HealthReport.down("circuit open"));

  private HealthSource source(String name) {
    return new NamedSource(name, payments::get);
  }

  private Harness harness(Diagnosis diagnosis) {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(10, HOUR)
        .child(lc.service("checkout").dependsOnHealth("circuit:payments")).build();
    return new Harness(spec, t -> t.actorExecutor(Runnable::run).diagnosis(diagnosis));
  }

  @Test
  void a_source_registered_after_the_tree_started_is_picked_up_and_one_that_left_is_not() {
    try (Harness h = harness(Diagnosis.builder().expectHealthSource("circuit:payments").build()).start()) {
      h.crash("app/checkout"); // not there yet: not down, OTP restarts
      assertThat(h.generation("app/checkout")).isEqualTo(2);
      assertThat(h.records("child.hold")).isEmpty();

      RuntimeContext.Registration joined = h.tree.context().addHealthSource(source("circuit:payments"));
      h.crash("app/checkout");
      assertThat(h.node("app/checkout").state()).isEqualTo(ChildState.HELD);
      assertThat(h.generation("app/checkout")).isEqualTo(2);
      assertThat(h.records("child.hold")).singleElement().satisfies(r -> assertThat(r.evidence())
          .containsEntry("dependency", "circuit:payments").containsEntry("signal", "health DOWN: circuit open"));
      payments.set(HealthReport.up());
      h.advance(Duration.ofSeconds(1));
      assertThat(h.node("app/checkout").state()).isEqualTo(ChildState.RUNNING);

      payments.set(HealthReport.down("circuit open again"));
      joined.close();
      h.crash("app/checkout"); // it left the context: no evidence any more, OTP restarts
      assertThat(h.generation("app/checkout")).isEqualTo(3);
      assertThat(h.records("child.hold")).hasSize(1);
    }
  }

  @Test
  void a_source_of_a_provider_that_throws_is_skipped_without_stopping_the_decision() {
    try (Harness h = harness(Diagnosis.builder().expectHealthSource("circuit:payments").build()).start()) {
      h.tree.context().addHealthSources(() -> {
        throw new IllegalStateException("registry closed");
      });
      h.tree.context().addHealthSources(() -> List.of(source("circuit:payments")));
      h.crash("app/checkout");
      assertThat(h.node("app/checkout").state()).isEqualTo(ChildState.HELD);
      assertThat(h.records("supervisor.internal-error")).isEmpty();
    }
  }

  @Test
  void a_source_whose_health_throws_counts_as_down() {
    HealthSource broken = new NamedSource("circuit:payments", () -> {
      throw new IllegalStateException("no state");
    });
    try (Harness h = harness(Diagnosis.builder().healthSource(broken).build()).start()) {
      h.crash("app/checkout");
      assertThat(h.node("app/checkout").state()).isEqualTo(ChildState.HELD);
      assertThat(h.records("child.hold")).singleElement().satisfies(r -> assertThat(r.evidence().get("signal"))
          .isEqualTo("health DOWN: health() threw java.lang.IllegalStateException: no state"));
    }
  }

  @Test
  void a_name_neither_given_nor_expected_is_still_refused_and_expected_names_are_validated() {
    SupervisorSpec spec = SupervisorSpec.builder("app").child(lc.service("checkout").dependsOnHealth("circuit:pay"))
        .build();
    assertThatThrownBy(() -> new Harness(spec, t -> t.diagnosis(Diagnosis.builder()
        .expectHealthSource("circuit:payments").build()))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("depends on health source 'circuit:pay', which no source is named after (known:"
            + " [circuit:payments])");
    assertThatThrownBy(() -> Diagnosis.builder().expectHealthSource(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expectHealthSource: name must not be blank, was ' '");
  }

  @Test
  void a_child_added_at_run_time_may_name_a_source_the_context_has_now() throws Exception {
    try (Harness h = harness(Diagnosis.builder().expectHealthSource("circuit:payments").build()).start()) {
      h.tree.context().addHealthSource(source("queue:orders"));
      Actor op = Actor.operator("alice");
      assertThat(h.tree.startChild("app", lc.service("worker").dependsOnHealth("queue:orders").build(), op).get())
          .isEqualTo(ChildOutcome.OK);
      assertThatThrownBy(() -> h.tree.startChild("app", lc.service("late").dependsOnHealth("queue:x").build(), op))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("child 'app/late' depends on health"
              + " source 'queue:x', which no source is named after");
      h.crash("app/worker");
      assertThat(h.node("app/worker").state()).isEqualTo(ChildState.HELD);
    }
  }
}
