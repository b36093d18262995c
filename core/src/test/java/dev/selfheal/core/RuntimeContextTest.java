package dev.selfheal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import org.junit.jupiter.api.Test;

/** A tree and what shares its runtime: one context, built once, given or built by the tree. */
class RuntimeContextTest {
  private static SupervisorSpec spec(String name) {
    return SupervisorSpec.builder(name).child(ChildSpec.service("db", () -> () -> {})).build();
  }

  record Source(String name) implements HealthSource {
    @Override
    public HealthReport health() {
      return HealthReport.up();
    }
  }

  @Test
  void a_tree_without_a_context_builds_one_from_its_own_parts() {
    ManualTicker ticker = new ManualTicker();
    try (SupervisorTree tree = SupervisorTree.builder(spec("app")).ticker(ticker).build()) {
      RuntimeContext ctx = tree.context();
      assertThat(tree.context()).as("built once").isSameAs(ctx);
      assertThat(ctx.ticker()).isSameAs(ticker);
      assertThat(ctx.scheduler()).isSameAs(tree.scheduler());
      assertThat(ctx.journal()).isSameAs(tree.journal());
      assertThat(ctx.events()).isSameAs(tree.events());
      assertThat(ctx.healthSources()).isEmpty();
    }
  }

  @Test
  void a_tree_given_a_context_runs_on_its_parts_and_journals_there() {
    ManualTicker ticker = new ManualTicker();
    Journal journal = Journal.inMemory();
    EventBus events = new EventBus();
    RuntimeContext ctx = RuntimeContext.builder().ticker(ticker).scheduler(new ManualScheduler(ticker))
        .journal(journal).events(events).build();
    try (SupervisorTree tree = SupervisorTree.builder(spec("app")).context(ctx).build()) {
      assertThat(tree.context()).isSameAs(ctx);
      assertThat(tree.ticker()).isSameAs(ticker);
      assertThat(tree.journal()).isSameAs(journal);
      assertThat(tree.events()).isSameAs(events);
      tree.start();
      tree.forceRestartChild("app/db", Actor.operator("test")).join();
      assertThat(journal.tail()).as("the tree journals into the context's journal").isNotEmpty();
    }
  }

  @Test
  void two_trees_have_two_contexts_and_never_share_members() {
    try (SupervisorTree a = SupervisorTree.builder(spec("a")).build();
         SupervisorTree b = SupervisorTree.builder(spec("b")).build()) {
      a.context().addHealthSource(new Source("circuit:payments"));
      assertThat(a.context().healthSources()).extracting(HealthSource::name).containsExactly("circuit:payments");
      assertThat(b.context().healthSources()).isEmpty();
    }
  }

  @Test
  void membership_listeners_hear_each_addition_and_removal_once_and_one_that_throws_stops_nothing() {
    RuntimeContext ctx = RuntimeContext.builder().scheduler(new ManualScheduler(new ManualTicker())).build();
    java.util.concurrent.atomic.AtomicInteger heard = new java.util.concurrent.atomic.AtomicInteger();
    ctx.onMembershipChange(() -> {
      throw new IllegalStateException("listener bug");
    });
    RuntimeContext.Registration listening = ctx.onMembershipChange(heard::incrementAndGet);
    RuntimeContext.Registration source = ctx.addHealthSource(new Source("circuit:payments"));
    assertThat(heard).hasValue(1);
    assertThat(ctx.healthSources()).hasSize(1);
    source.close();
    source.close(); // idempotent: no second change
    assertThat(heard).hasValue(2);
    listening.close();
    ctx.addHealthSource(new Source("circuit:other"));
    assertThat(heard).hasValue(2);
  }

  @Test
  void a_context_with_its_parts_given_again_is_refused_naming_them() {
    ManualTicker ticker = new ManualTicker();
    RuntimeContext ctx = RuntimeContext.builder().scheduler(new ManualScheduler(ticker)).build();
    assertThatThrownBy(() -> SupervisorTree.builder(spec("app")).ticker(ticker).journal(Journal.inMemory())
        .context(ctx).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("context")
        .hasMessageContaining("[ticker, journal]");
    assertThatThrownBy(() -> RuntimeContext.builder().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheduler");
  }
  @Test
  void a_scope_adds_to_the_context_and_takes_all_of_it_out_when_closed() {
    ManualTicker ticker = new ManualTicker();
    RuntimeContext ctx = RuntimeContext.builder().ticker(ticker).scheduler(new ManualScheduler(ticker)).build();
    ctx.addHealthSource(new Source("outside"));
    RuntimeContext.Scope scope = ctx.openScope();
    RuntimeContext view = scope.context();
    assertThat(view.ticker()).isSameAs(ticker);
    assertThat(view.journal()).isSameAs(ctx.journal());
    RuntimeContext.Registration one = view.addHealthSource(new Source("one"));
    view.addHealthSource(new Source("two"));
    int[] changes = {0};
    ctx.onMembershipChange(() -> changes[0]++);
    assertThat(ctx.healthSources()).extracting(HealthSource::name).containsExactly("outside", "one", "two");

    one.close();
    one.close(); // once, however often: the second close takes out nothing more
    assertThat(ctx.healthSources()).extracting(HealthSource::name).containsExactly("outside", "two");
    scope.close();
    assertThat(ctx.healthSources()).extracting(HealthSource::name).containsExactly("outside");
    assertThat(changes[0]).isEqualTo(2);

    view.addHealthSource(new Source("late")); // after the close: joins nothing, so nothing leaks
    scope.close();
    assertThat(ctx.healthSources()).extracting(HealthSource::name).containsExactly("outside");
  }

  @Test
  void the_same_source_added_twice_is_taken_out_once_per_registration() {
    ManualTicker ticker = new ManualTicker();
    RuntimeContext ctx = RuntimeContext.builder().ticker(ticker).scheduler(new ManualScheduler(ticker)).build();
    Source s = new Source("twice");
    RuntimeContext.Registration first = ctx.addHealthSource(s);
    ctx.addHealthSource(s);
    first.close();
    first.close();
    assertThat(ctx.healthSources()).extracting(HealthSource::name).containsExactly("twice");
  }
}
