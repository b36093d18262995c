package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.recovery.Fallback;
import dev.selfheal.recovery.Pipeline;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import dev.selfheal.recovery.chaos.Experiment;
import dev.selfheal.recovery.chaos.ExperimentResult;
import dev.selfheal.recovery.chaos.ExperimentRunner;
import dev.selfheal.recovery.chaos.Fault;
import dev.selfheal.recovery.chaos.FaultInjection;
import dev.selfheal.recovery.chaos.FaultInjector;
import dev.selfheal.recovery.chaos.FaultSpec;
import dev.selfheal.recovery.chaos.FaultTrigger;
import dev.selfheal.recovery.chaos.LoadGenerator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The README's fault-injection snippet, compiled and run: keep the two in sync. */
class ChaosReadmeTest {

  static final class Gateway implements Component {
    @Override
    public void start() {}

    @Override
    public void stop() {}

    String charge() {
      return "receipt";
    }
  }

  @Test
  void theSnippetInjectsMeasuresAndHeals() {
    Actor actor = Actor.operator("ana");
    Gateway gateway = new Gateway();
    try (SupervisorTree tree = SupervisorTree.builder(SupervisorSpec.builder("shop")
        .intensity(10, Duration.ofSeconds(1)) // 5 crashes in a row must not exceed it (OTP's default is 1 in 5 s)
        .child(ChildSpec.service("payments", Gateway::new)).build()).build()) {
      tree.start();
      Retry retry = Retry.of("payments", RetryConfig.builder().maxAttempts(3).fixedBackoff(Duration.ZERO).build());

      // --- README snippet starts here
      FaultInjector faults = FaultInjector.builder("payments")
          .component(tree, "shop/payments")                 // a crash reports this instance failed
          .build();
      Supplier<String> charge = faults.decorate(gateway::charge);  // off: one acquire read per call
      Pipeline<String> pipeline = Pipeline.<String>builder()
          .fallback(Fallback.ofValue("pending"))
          .retry(retry)
          .build();

      FaultInjection fault = faults.inject(FaultSpec.builder(Fault.exception("gateway 503"))
          .trigger(FaultTrigger.probability(0.2))            // or everyNth(n), firstCalls(n), now()
          .duration(Duration.ofSeconds(2))                   // cleared after 2 s; startAfter(d) delays it
          .build(), actor);                                  // journaled: fault.armed, fault.fired, fault.cleared
      String receipt = pipeline.get(charge);                 // innermost: retry and fallback see the fault
      fault.clear(actor);

      try (LoadGenerator load = LoadGenerator.builder("payments", () -> pipeline.get(charge))
          .ratePerSecond(200).build()) {                     // its own selfheal-load-payments-N threads
        load.start();
        ExperimentRunner runner = ExperimentRunner.builder(tree.journal()).load(load).build();
        AtomicLong crashed = new AtomicLong();
        ExperimentResult result = runner.run(Experiment.builder("crash payments")
            .inject(() -> {
              crashed.set(Experiment.runningGeneration(tree, "shop/payments"));
              return faults.inject(FaultSpec.builder(Fault.crash()).trigger(FaultTrigger.now()).build(), actor);
            })
            .serving(() -> Experiment.runningGeneration(tree, "shop/payments") > crashed.get())  // a newer instance
            .repetitions(5)
            .timeout(Duration.ofSeconds(5))                  // per repetition: fire, detect, serve again
            .build());
        result.describe(10).forEach(System.out::println);  // detection, recovery, healing actions, lost requests
        // --- README snippet ends here

        assertThat(receipt).isIn("receipt", "pending");
        assertThat(result.recovered()).isEqualTo(5);
        assertThat(result.restarts()).isEqualTo(5);
        assertThat(result.requestsLost()).isZero();
      }
    }
  }
}
