package dev.selfheal.recovery.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.event.SupervisorEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An injector bound to a component of a real tree: crashes heal through the supervisor, traceably. */
class ComponentFaultTest {
  private static final Actor ANA = Actor.operator("ana");

  /** A service whose calls pass its component's injector. */
  static final class Inventory implements Component {
    static final AtomicReference<FaultInjector> FAULTS = new AtomicReference<>();

    @Override
    public void start() {}

    @Override
    public void stop() {}

    String stock() {
      return FAULTS.get().get(() -> "42");
    }
  }

  private final SupervisorTree tree = SupervisorTree.builder(SupervisorSpec.builder("shop")
      .child(ChildSpec.service("inventory", Inventory::new)).build()).build();
  private final FaultInjector faults = FaultInjector.builder("shop/inventory").component(tree, "shop/inventory").build();

  @AfterEach
  void stop() {
    tree.stop();
  }

  private long generation() {
    return tree.currentInstance("shop/inventory").map(SupervisorEvent.ChildStarted::generation).orElse(-1L);
  }

  private Inventory instance() {
    return (Inventory) tree.currentInstance("shop/inventory").orElseThrow().instance();
  }

  @Test
  void crashNow_restartsTheInstance_andTheHealingRecordNamesTheFault() {
    Inventory.FAULTS.set(faults);
    tree.start();
    FaultInjection f = faults.inject(FaultSpec.builder(Fault.crash()).trigger(FaultTrigger.now()).build(), ANA);
    await().until(() -> generation() == 2);
    Optional<JournalRecord> restart = tree.journal().tail().stream()
        .filter(r -> r.kind().equals("child.restart")).findFirst();
    assertThat(restart).isPresent();
    assertThat(FaultRecordKind.faultId(restart.get())).contains(f.id());
    assertThat(instance().stock()).isEqualTo("42");
  }

  @Test
  void instanceScopedHang_endsWhenTheInstanceIsReplaced_andTheNewInstanceServes() {
    Inventory.FAULTS.set(faults);
    tree.start();
    FaultInjection f = faults.inject(FaultSpec.of(Fault.hang()), ANA);
    assertThat(f.generation()).hasValue(1);
    Inventory hungInstance = instance();
    CompletableFuture<String> hung = CompletableFuture.supplyAsync(() -> {
      try {
        return hungInstance.stock();
      } catch (InjectedFaultException e) {
        return "failed";
      }
    });
    await().until(() -> f.fired() == 1);
    tree.reportFailure("shop/inventory", 1, "liveness failed"); // what a liveness probe would do
    assertThat(hung.join()).isEqualTo("failed");
    await().until(() -> generation() == 2);
    assertThat(f.state()).isEqualTo(FaultInjection.State.CLEARED);
    assertThat(f.clearedBecause()).isEqualTo("instance generation 1 replaced by 2");
    assertThat(instance().stock()).isEqualTo("42");
  }

  @Test
  void componentScopedFault_survivesARestart() {
    Inventory.FAULTS.set(faults);
    tree.start();
    FaultInjection f = faults.inject(FaultSpec.builder(Fault.exception("disk full"))
        .scope(FaultSpec.Scope.COMPONENT).build(), ANA);
    tree.reportFailure("shop/inventory", 1, "test");
    await().until(() -> generation() == 2);
    assertThat(f.state()).isEqualTo(FaultInjection.State.ARMED);
    List<String> kinds = tree.journal().tail().stream().map(JournalRecord::kind).toList();
    assertThat(kinds).doesNotContain("fault.cleared");
  }
}
