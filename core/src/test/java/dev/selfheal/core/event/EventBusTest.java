package dev.selfheal.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.ExitReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBusTest {

  @Test
  void dispatches_by_type_and_isolates_a_throwing_listener() {
    EventBus bus = new EventBus();
    List<Object> all = new ArrayList<>();
    List<SupervisorEvent.ChildExited> exits = new ArrayList<>();
    bus.subscribe(SupervisorEvent.class, e -> {
      throw new IllegalStateException("bad listener");
    });
    bus.subscribe(SupervisorEvent.class, all::add);
    EventBus.Subscription sub = bus.subscribe(SupervisorEvent.ChildExited.class, exits::add);

    SupervisorEvent.ChildExited exit = new SupervisorEvent.ChildExited("a/b", 1, ExitReason.normal());
    bus.publish(exit);
    bus.publish(new SupervisorEvent.TreeFailed("a", "x"));
    assertThat(all).hasSize(2);
    assertThat(exits).containsExactly(exit);
    assertThat(bus.listenerFailures()).isEqualTo(2);
    assertThat(bus.hasListeners(SupervisorEvent.ChildExited.class)).isTrue();
    assertThat(bus.hasListeners(String.class)).isFalse();

    sub.close();
    bus.publish(exit);
    assertThat(exits).hasSize(1);
  }
}
