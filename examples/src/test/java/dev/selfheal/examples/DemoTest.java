package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildState;
import dev.selfheal.probes.HealthEndpointConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  @Test
  void an_empty_token_means_no_token_and_commands_answer_403() {
    List<String> said = new ArrayList<>();
    HealthEndpointConfig config = Demo.serveConfig(Map.of("SELFHEAL_TOKEN", ""), said::add);
    assertThat(config.tokens()).isEmpty();
    assertThat(said).containsExactly(
        "SELFHEAL_TOKEN is empty: no operator token, commands and reads of the tree and journal answer 403");
    assertThat(Demo.serveConfig(Map.of(), said::add).tokens()).isEmpty();
  }

  @Test
  void a_short_token_is_a_clear_message_naming_the_16_character_minimum() {
    assertThatThrownBy(() -> Demo.serveConfig(Map.of("SELFHEAL_TOKEN", "short"), s -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SELFHEAL_TOKEN is refused: token 'ops' must be 16 to 4096 characters long, was 5 characters;"
            + " use at least 16 visible ASCII characters, such as the output of 'openssl rand -hex 16',"
            + " or leave it empty for no token");
    HealthEndpointConfig ok = Demo.serveConfig(Map.of("SELFHEAL_TOKEN", "0123456789abcdef",
        "SELFHEAL_BIND_ADDRESS", "0.0.0.0"), s -> {});
    assertThat(ok.tokens()).containsOnlyKeys("ops");
    assertThat(ok.bindAddress()).isEqualTo("0.0.0.0");
  }
}
