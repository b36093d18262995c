package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildState;
import org.junit.jupiter.api.Test;

/** The demo that README's run command starts really crashes, restarts, escalates and heals. */
class DemoTest {

  @Test
  void the_demo_heals_a_crash_and_an_escalation() throws InterruptedException {
    ChildSnapshot tree = Demo.run(false);
    assertThat(tree.find("shop/order-poller").generation()).isEqualTo(2);
    assertThat(tree.find("shop/payments").generation()).as("restarted by the root after escalating").isEqualTo(2);
    assertThat(tree.find("shop/payments/gateway").state()).isEqualTo(ChildState.RUNNING);
    assertThat(tree.find("shop/db").generation()).isEqualTo(1);
  }
}
