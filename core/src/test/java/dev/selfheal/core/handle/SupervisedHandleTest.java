package dev.selfheal.core.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildContext;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.ComponentUnavailableException;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.Harness;
import dev.selfheal.core.Shutdown;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.annotation.Supervised;
import dev.selfheal.core.event.JournalRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SupervisedHandleTest {

  @Supervised(id = "greeter", fatal = IllegalStateException.class)
  public interface Greeter {
    String greet(String who) throws IOException;

    default String greetTwice(String who) throws IOException {
      return greet(who) + greet(who);
    }
  }

  /** Records its lifecycle so a test can tell which instance served a call. */
  static final class Instance implements Greeter, Component {
    static final AtomicInteger CREATED = new AtomicInteger();
    final int number = CREATED.incrementAndGet();
    final ChildContext ctx;
    volatile CountDownLatch blockInGreet;
    volatile CountDownLatch inGreet = new CountDownLatch(1);
    volatile boolean stopped;

    Instance(ChildContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public String greet(String who) throws IOException {
      if (who.equals("io")) {
        throw new IOException("disk");
      }
      if (who.equals("fatal")) {
        throw new IllegalStateException("corrupt");
      }
      if (who.equals("error")) {
        throw new AssertionError("broken invariant");
      }
      inGreet.countDown();
      CountDownLatch b = blockInGreet;
      if (b != null) {
        try {
          b.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (stopped) {
        throw new AssertionError("called after stop");
      }
      return "hi " + who + " from #" + ctx.generation();
    }

    @Override
    public void start() {}

    @Override
    public void stop() {
      stopped = true;
    }
  }

  private final List<Instance> instances = new CopyOnWriteArrayList<>();

  private Greeter superviseInto(SupervisorSpec.Builder b, HandleOptions options) {
    return b.supervise(Greeter.class, ctx -> {
      Instance i = new Instance(ctx);
      instances.add(i);
      return i;
    }, options);
  }

  @Test
  void routes_calls_to_the_current_instance_across_restarts() throws Exception {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app").intensity(10, Duration.ofSeconds(1));
    Greeter g = superviseInto(b, HandleOptions.ofDefaults());
    try (Harness h = new Harness(b.build()).start()) {
      assertThat(g.greet("ann")).isEqualTo("hi ann from #1");
      h.crashAndAwaitRestart("app/greeter");
      assertThat(g.greet("bob")).isEqualTo("hi bob from #2");
      assertThat(g.greetTwice("c")).isEqualTo("hi c from #2hi c from #2");
    }
  }

  @Test
  void an_ordinary_exception_reaches_the_caller_and_heals_nothing() {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    Greeter g = superviseInto(b, HandleOptions.ofDefaults());
    try (Harness h = new Harness(b.build()).start()) {
      assertThatThrownBy(() -> g.greet("io")).isInstanceOf(IOException.class).hasMessage("disk");
      assertThat(h.generation("app/greeter")).isEqualTo(1);
      assertThat(h.records("child.restart")).isEmpty();
    }
  }

  @Test
  void a_fatal_exception_reaches_the_caller_and_restarts_the_instance_with_the_reason_journaled() throws Exception {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    Greeter g = superviseInto(b, HandleOptions.ofDefaults());
    try (Harness h = new Harness(b.build()).start()) {
      assertThatThrownBy(() -> g.greet("fatal")).isInstanceOf(IllegalStateException.class).hasMessage("corrupt");
      h.awaitRunning("app/greeter", 2);
      assertThat(g.greet("ann")).isEqualTo("hi ann from #2");
      assertThat(h.journal.tail()).extracting(JournalRecord::cause)
          .anyMatch(c -> c.contains("greet() threw java.lang.IllegalStateException: corrupt"));
    }
  }

  @Test
  void an_error_is_fatal_by_default_and_not_when_errors_fatal_is_off() {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app").intensity(10, Duration.ofSeconds(1));
    Greeter g = superviseInto(b, HandleOptions.ofDefaults());
    try (Harness h = new Harness(b.build()).start()) {
      assertThatThrownBy(() -> g.greet("error")).isInstanceOf(AssertionError.class);
      h.awaitRunning("app/greeter", 2);
    }
    SupervisorSpec.Builder b2 = SupervisorSpec.builder("app");
    Greeter g2 = superviseInto(b2, HandleOptions.builder().errorsFatal(false).build());
    try (Harness h = new Harness(b2.build()).start()) {
      assertThatThrownBy(() -> g2.greet("error")).isInstanceOf(AssertionError.class);
      assertThat(h.generation("app/greeter")).isEqualTo(1);
    }
  }

  @Test
  void a_call_in_flight_finishes_on_the_old_instance_before_its_stop_runs() throws Exception {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    Greeter g = superviseInto(b, HandleOptions.builder().shutdown(Shutdown.timeout(Duration.ofSeconds(10))).build());
    try (Harness h = new Harness(b.build()).start()) {
      Instance first = instances.get(0);
      first.blockInGreet = new CountDownLatch(1);
      CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
        try {
          return g.greet("slow");
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      });
      assertThat(first.inGreet.await(10, TimeUnit.SECONDS)).isTrue();
      h.crash("app/greeter");
      // the restart is announced before it is carried out, and snapshots never show its transient STOPPING
      org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> h.journal.tail().stream()
          .anyMatch(r -> r.path().equals("app/greeter") && r.kind().equals("child.restart")));
      assertThat(first.stopped).isFalse(); // stop() waits for the call in flight
      first.blockInGreet.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("hi slow from #1");
      h.awaitRunning("app/greeter", 2);
      assertThat(first.stopped).isTrue();
      assertThat(g.greet("next")).isEqualTo("hi next from #2");
    }
  }

  @Test
  void with_no_running_instance_a_call_fails_fast_naming_the_component_and_its_state() {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    Greeter g = superviseInto(b, HandleOptions.builder().awaitInstance(Duration.ZERO).build());
    assertThatThrownBy(() -> g.greet("early")).isInstanceOf(ComponentUnavailableException.class)
        .hasMessageContaining("'greeter'").hasMessageContaining("not bound to a tree");
    try (Harness h = new Harness(b.build()).start()) {
      h.tree.stopChild("app/greeter", dev.selfheal.core.event.Actor.operator("test")).join();
      assertThatThrownBy(() -> g.greet("late")).isInstanceOf(ComponentUnavailableException.class)
          .hasMessageContaining("component 'app/greeter' is unavailable (STOPPED)");
    }
  }

  @Test
  void a_call_waits_for_the_next_instance_within_its_bound() throws Exception {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    Greeter g = superviseInto(b, HandleOptions.builder().awaitInstance(Duration.ofSeconds(10)).build());
    try (Harness h = new Harness(b.build()).start()) {
      h.tree.stopChild("app/greeter", dev.selfheal.core.event.Actor.operator("test")).join();
      CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
        try {
          return g.greet("patient");
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      });
      h.tree.restartChild("app/greeter", dev.selfheal.core.event.Actor.operator("test")).join();
      assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("hi patient from #2");
    }
  }

  @Test
  void brutal_kill_closes_the_gate_when_the_stop_is_announced() {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    Greeter g = superviseInto(b, HandleOptions.builder().shutdown(Shutdown.brutalKill())
        .awaitInstance(Duration.ZERO).build());
    try (Harness h = new Harness(b.build()).start()) {
      h.tree.stopChild("app/greeter", dev.selfheal.core.event.Actor.operator("test")).join();
      assertThatThrownBy(() -> g.greet("x")).isInstanceOf(ComponentUnavailableException.class);
      assertThat(instances.get(0).stopped).isFalse(); // brutal_kill: stop() is not called
    }
  }

  @Test
  void equals_hashCode_and_toString_never_reach_an_instance() {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    Greeter g = superviseInto(b, HandleOptions.ofDefaults());
    Greeter other = superviseInto(SupervisorSpec.builder("other"), HandleOptions.ofDefaults());
    assertThat(g).isEqualTo(g).isNotEqualTo(other);
    assertThat(g.hashCode()).isEqualTo(System.identityHashCode(g));
    assertThat(g.toString()).contains(Greeter.class.getName()).contains("no instance yet");
    try (Harness h = new Harness(b.build()).start()) {
      assertThat(g.toString()).contains("at app/greeter").contains("instance #1");
    }
  }

  @Test
  void a_handle_binds_to_one_tree_only() {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    superviseInto(b, HandleOptions.ofDefaults());
    SupervisorSpec spec = b.build();
    try (Harness h = new Harness(spec)) {
      assertThatThrownBy(() -> new Harness(spec)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already bound to a tree");
    }
  }

  public interface Plain {
    int value();
  }

  @Test
  void supervise_on_a_running_tree_by_path_adds_and_starts_the_child() {
    try (Harness h = new Harness(SupervisorSpec.builder("app").build()).start()) {
      AtomicInteger n = new AtomicInteger();
      Plain p = h.tree.supervise("app", Plain.class, ctx -> () -> n.incrementAndGet(), HandleOptions.ofDefaults());
      assertThat(p.value()).isEqualTo(1);
      assertThat(h.node("app/plain").state()).isEqualTo(ChildState.RUNNING);
      await().atMost(Duration.ofSeconds(5)).until(() -> h.tree.currentInstance("app/plain").isPresent());
    }
  }

  /** More methods than the handle's first-called scan holds: the rest are found by identity in a map. */
  public interface Wide {
    int m0();

    int m1();

    int m2();

    int m3();

    int m4();

    int m5();

    int m6();

    int m7();

    int m8();

    int m9();
  }

  @Test
  void every_method_of_a_wide_interface_reaches_its_own_implementation_in_any_order() {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    Wide w = b.supervise(Wide.class, () -> (Wide) java.lang.reflect.Proxy.newProxyInstance(
        Wide.class.getClassLoader(), new Class<?>[] {Wide.class},
        (p, m, a) -> Integer.parseInt(m.getName().substring(1))), HandleOptions.builder().id("wide").build());
    List<java.util.function.IntSupplier> calls = List.of(w::m9, w::m0, w::m5, w::m1, w::m8, w::m2, w::m7,
        w::m3, w::m6, w::m4);
    List<Integer> expected = List.of(9, 0, 5, 1, 8, 2, 7, 3, 6, 4);
    try (Harness h = new Harness(b.build()).start()) {
      for (int round = 0; round < 3; round++) { // learnt in the first round, found again in the next two
        assertThat(calls.stream().map(java.util.function.IntSupplier::getAsInt).toList()).isEqualTo(expected);
      }
    }
  }
}
