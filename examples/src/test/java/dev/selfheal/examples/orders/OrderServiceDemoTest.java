package dev.selfheal.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.recovery.chaos.ExperimentResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chaos demo, scripted short: every fault is healed, no request is lost where the design contains the
 * fault, and the soak heals nothing. Timing targets are for the full run on a quiet machine (README), not
 * asserted here.
 */
class OrderServiceDemoTest {

  @Test
  void theScriptedExperimentHealsEveryFaultAndLosesNoRequest() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<OrderServiceDemo.Outcome> outcomes = OrderServiceDemo.run(
        OrderServiceDemo.Options.parse("--quick", "--reps=10", "--soak-seconds=1", "--rate=100"),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(out); // in the surefire report, to diagnose a failure

    assertThat(outcomes).extracting(o -> o.result().name()).containsExactly("crash inventory (service)",
        "crash fulfilment worker (thread)", "payment gateway fails 300 ms", "hang cache (liveness probe)",
        "worker exceeds subtree intensity", "no-fault soak");
    for (OrderServiceDemo.Outcome o : outcomes) {
      ExperimentResult r = o.result();
      assertThat(r.recovered()).as(r.name() + " healed every repetition\n" + out).isEqualTo(r.runs().size());
      assertThat(r.requestsLost()).as(r.name() + " lost no request\n" + out).isZero();
      assertThat(r.load().sent()).as(r.name() + " ran under load").isPositive();
    }
    ExperimentResult escalation = outcomes.get(4).result();
    assertThat(escalation.actions()).containsKey(
        "supervisor.escalate orders/fulfilment: shutdown: reached max restart intensity (3 in PT1S); stopping children");
    assertThat(outcomes.get(2).result().breakerOpenings()).as(out).isPositive();
    assertThat(outcomes.get(3).result().actions().keySet()).anyMatch(k -> k.startsWith("probe.liveness orders/cache"));
    ExperimentResult soak = outcomes.get(5).result();
    assertThat(soak.restarts()).as("no false positive in the soak\n" + out).isZero();
    assertThat(soak.breakerOpenings()).as("no false positive in the soak\n" + out).isZero();
    assertThat(out).contains("experiment", "recover p99", "[6/6] no-fault soak");
  }

  @Test
  void aBadFlagIsRefusedNamingIt() {
    assertThatThrownBy(() -> OrderServiceDemo.Options.parse("--reps=lots"))
        .hasMessage("--reps must be an integer within [1, 100000], was 'lots'");
    assertThatThrownBy(() -> OrderServiceDemo.Options.parse("--fast")).hasMessageStartingWith("unknown flag '--fast'");
  }
}
