package dev.selfheal.probes.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.core.spi.PolicyControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proactive actions beyond restart: a latency anomaly forces the component's breaker open for a trial or sheds
 * load on its bulkhead, through the tree context's policy controls, each undone after its time; dry-run says
 * "would", pause and suspension defer until they lift. The policies are a recording {@link PolicyControl} (the probes module does not
 * depend on the recovery module, which provides the real one).
 */
class ProactiveActionTest {
  static final Duration PERIOD = Duration.ofSeconds(1);
  static final String PATH = "app/svc";

  static final class Svc implements Component {
    @Override
    public void start() {}
  }

  /** One breaker {@code db} and one bulkhead {@code pool} (limit 10), recording every command. */
  static final class Policies implements PolicyControl {
    final List<String> commands = new CopyOnWriteArrayList<>();
    volatile String breaker = "CLOSED";
    volatile int limit = 10;

    @Override
    public List<Policy> policies() {
      return List.of(new Policy(CIRCUIT_BREAKER, "db", breaker, Map.of()),
          new Policy(BULKHEAD, "pool", "ACCEPTING", Map.of("maxConcurrentCalls", limit)));
    }

    @Override
    public Outcome apply(String kind, String name, Action action, int value, Actor actor) {
      commands.add(kind + " " + name + " " + action + (action == Action.SET_LIMIT ? " " + value : "") + " by "
          + actor.name());
      if (kind.equals(CIRCUIT_BREAKER) && name.equals("db")) {
        String target = action == Action.FORCE_OPEN ? "FORCED_OPEN" : "CLOSED";
        if (target.equals(breaker)) {
          return new Outcome(Status.UNCHANGED, breaker, "");
        }
        breaker = target;
        return new Outcome(Status.DONE, breaker, "");
      }
      if (kind.equals(BULKHEAD) && name.equals("pool")) {
        limit = value;
        return new Outcome(Status.DONE, "ACCEPTING", "");
      }
      return Outcome.notFound();
    }
  }

  final ManualTicker ticker = new ManualTicker();
  final ManualScheduler scheduler = new ManualScheduler(ticker);
  final SplittableRandom rnd = new SplittableRandom(5);
  final Policies policies = new Policies();
  SupervisorTree tree;
  MetricWatch watch;

  @BeforeEach
  void newTree() {
    SupervisorSpec spec = SupervisorSpec.builder("app").intensity(3, Duration.ofMinutes(5))
        .child(ChildSpec.service("svc", Svc::new)).build();
    tree = SupervisorTree.builder(spec).ticker(ticker).scheduler(scheduler).build();
    tree.context().addPolicyControl(policies);
  }

  @AfterEach
  void stopAll() {
    if (watch != null) {
      watch.stop();
    }
    tree.stop();
  }

  void start(ProactiveAction... actions) {
    watch = MetricWatch.builder(tree, PATH).recorded("latency").period(PERIOD).warmupSamples(150)
        .onAnomaly(actions).build();
    tree.start();
    watch.start();
  }

  /** 400 periods of calls at about 20 ms, then one at 400 ms: one anomaly. */
  void anomaly() {
    for (int p = 0; p < 401; p++) {
      for (int c = 0; c < 5; c++) {
        watch.record("latency", (p == 400 ? 400 : 20) + rnd.nextDouble() * 2);
      }
      scheduler.advance(PERIOD);
    }
  }

  List<JournalRecord> journal(String kind) {
    return tree.journal().tail().stream().filter(r -> r.kind().equals(kind)).toList();
  }

  @Test
  void anAnomalyForcesTheBreakerOpenForATrialThenClosesIt() {
    start(ProactiveAction.openBreaker("db", Duration.ofSeconds(30)));
    anomaly();

    assertThat(policies.commands).containsExactly("circuitbreaker db FORCE_OPEN by automatic");
    assertThat(policies.breaker).isEqualTo("FORCED_OPEN");
    assertThat(journal("anomaly.detected")).singleElement().satisfies(r -> {
      assertThat(r.decision()).isEqualTo("degraded; force-open circuit breaker 'db' for PT30S: DONE");
      assertThat(r.evidence()).containsEntry("stream", "latency");
    });

    scheduler.advance(Duration.ofSeconds(29));
    assertThat(policies.breaker).isEqualTo("FORCED_OPEN");
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(policies.breaker).isEqualTo("CLOSED");
    assertThat(policies.commands).last().isEqualTo("circuitbreaker db CLOSE by automatic");
    assertThat(journal("anomaly.action.undone")).singleElement().satisfies(r -> {
      assertThat(r.cause()).isEqualTo("end of force-open circuit breaker 'db' for PT30S");
      assertThat(r.decision()).isEqualTo("close circuit breaker 'db': DONE");
    });
  }

  @Test
  void anAnomalyShedsLoadAndTheLimitComesBack() {
    start(ProactiveAction.shedLoad("pool", 2, Duration.ofMinutes(1)));
    anomaly();
    assertThat(policies.limit).isEqualTo(2);
    assertThat(journal("anomaly.detected")).singleElement().satisfies(r -> assertThat(r.decision())
        .isEqualTo("degraded; set bulkhead 'pool' limit to 2: DONE"));

    scheduler.advance(Duration.ofMinutes(1));
    assertThat(policies.limit).isEqualTo(10);
    assertThat(policies.commands).containsExactly("bulkhead pool SET_LIMIT 2 by automatic",
        "bulkhead pool SET_LIMIT 10 by automatic");
  }

  @Test
  void inDryRunNothingIsAppliedAndTheJournalSaysWould() {
    start(ProactiveAction.openBreaker("db", Duration.ofSeconds(30)), ProactiveAction.shedLoad("pool", 2,
        Duration.ofMinutes(1)));
    tree.dryRun(true, Actor.operator("test"));
    anomaly();
    scheduler.advance(Duration.ofMinutes(2));

    assertThat(policies.commands).isEmpty();
    assertThat(journal("anomaly.detected")).singleElement().satisfies(r -> assertThat(r.decision())
        .isEqualTo("degraded; would force-open circuit breaker 'db' for PT30S; would set bulkhead 'pool' limit"
            + " to 2 for PT1M"));
    assertThat(journal("anomaly.action.undone")).isEmpty();
  }

  @Test
  void whilePausedTheActionIsDeferredAndTakenOnResume() {
    start(ProactiveAction.openBreaker("db", Duration.ofSeconds(30)));
    tree.pause(Actor.operator("test"));
    anomaly();
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(policies.commands).isEmpty();
    assertThat(journal("anomaly.detected")).singleElement().satisfies(r -> assertThat(r.decision())
        .isEqualTo("degraded; force-open circuit breaker 'db' for PT30S deferred: healing paused"));
    assertThat(journal("anomaly.action.resumed")).isEmpty();

    tree.resume(Actor.operator("test"));
    scheduler.advance(PERIOD);
    assertThat(policies.commands).containsExactly("circuitbreaker db FORCE_OPEN by automatic");
    assertThat(journal("anomaly.action.resumed")).singleElement().satisfies(r -> {
      assertThat(r.cause()).startsWith("deferred force-open circuit breaker 'db' for PT30S after: anomaly on latency");
      assertThat(r.decision()).isEqualTo("force-open circuit breaker 'db' for PT30S: DONE");
    });
    scheduler.advance(Duration.ofSeconds(30));
    assertThat(policies.breaker).isEqualTo("CLOSED");
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(journal("anomaly.action.resumed")).hasSize(1);
  }

  @Test
  void aDeferredActionWhoseWarningIsOverIsDropped() {
    start(ProactiveAction.shedLoad("pool", 2, Duration.ofMinutes(1)));
    tree.pause(Actor.operator("test"));
    anomaly();
    scheduler.advance(Duration.ofMinutes(6)); // past degradedFor (5 min): the component is UP again
    assertThat(watch.health().status()).isEqualTo(HealthStatus.UP);
    tree.resume(Actor.operator("test"));
    scheduler.advance(PERIOD);
    assertThat(policies.commands).isEmpty();
    assertThat(journal("anomaly.action.resumed")).singleElement().satisfies(r -> assertThat(r.decision())
        .isEqualTo("set bulkhead 'pool' limit to 2 for PT1M dropped: the warning is over"));
  }

  @Test
  void aSuspendedComponentsActionWaitsForTheSuspensionToLiftAndDryRunStillHolds() {
    start(ProactiveAction.openBreaker("db", Duration.ofSeconds(30)));
    tree.suspend(PATH, Actor.operator("test"), "test", null);
    anomaly();
    assertThat(journal("anomaly.detected")).singleElement().satisfies(r -> assertThat(r.decision())
        .isEqualTo("degraded; force-open circuit breaker 'db' for PT30S deferred: healing suspended"));
    tree.dryRun(true, Actor.operator("test"));
    tree.liftSuspension(PATH, Actor.operator("test"));
    scheduler.advance(PERIOD);
    assertThat(policies.commands).isEmpty();
    assertThat(journal("anomaly.action.resumed")).singleElement().satisfies(r -> assertThat(r.decision())
        .isEqualTo("would force-open circuit breaker 'db' for PT30S"));
  }

  @Test
  void anUnknownPolicyIsJournaledAsNotFound() {
    start(ProactiveAction.openBreaker("nope", Duration.ofSeconds(30)));
    anomaly();
    assertThat(policies.commands).isEmpty();
    assertThat(journal("anomaly.detected")).singleElement().satisfies(r -> assertThat(r.decision())
        .isEqualTo("degraded; force-open circuit breaker 'nope' for PT30S: NOT_FOUND"));
  }

  @Test
  void stoppingTheWatchUndoesWhatItApplied() {
    start(ProactiveAction.openBreaker("db", Duration.ofMinutes(10)));
    anomaly();
    assertThat(policies.breaker).isEqualTo("FORCED_OPEN");
    watch.stop();
    assertThat(policies.breaker).isEqualTo("CLOSED");
    scheduler.advance(Duration.ofMinutes(11));
    assertThat(policies.commands).containsExactly("circuitbreaker db FORCE_OPEN by automatic",
        "circuitbreaker db CLOSE by automatic");
  }

  @Test
  void aBreakerAnOperatorForcedOpenIsNotClosedByTheWatch() {
    policies.breaker = "FORCED_OPEN";
    start(ProactiveAction.openBreaker("db", Duration.ofSeconds(30)));
    anomaly();
    scheduler.advance(Duration.ofMinutes(1));
    watch.stop();
    assertThat(policies.breaker).isEqualTo("FORCED_OPEN");
    assertThat(policies.commands).containsExactly("circuitbreaker db FORCE_OPEN by automatic");
    assertThat(journal("anomaly.detected")).singleElement().satisfies(r -> assertThat(r.decision())
        .isEqualTo("degraded; force-open circuit breaker 'db' for PT30S: UNCHANGED"));
    assertThat(journal("anomaly.action.undone")).isEmpty();
  }

  @Test
  void restartAndCommandsGoTogether() {
    start(ProactiveAction.restart(), ProactiveAction.openBreaker("db", Duration.ofSeconds(30)));
    anomaly();
    assertThat(journal("anomaly.detected")).singleElement().satisfies(r -> assertThat(r.decision())
        .isEqualTo("degraded; proactive restart requested; force-open circuit breaker 'db' for PT30S: DONE"));
  }

  @Test
  void actionsValidateTheirFields() {
    assertThatThrownBy(() -> ProactiveAction.openBreaker(" ", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("breaker must name a policy, was ' '");
    assertThatThrownBy(() -> ProactiveAction.openBreaker("db", Duration.ZERO))
        .hasMessage("openFor must be in (0, 1 day], was PT0S");
    assertThatThrownBy(() -> ProactiveAction.shedLoad("pool", 0, Duration.ofSeconds(1)))
        .hasMessage("limit must be at least 1, was 0");
    assertThatThrownBy(() -> ProactiveAction.shedLoad("pool", 1, Duration.ofDays(2)))
        .hasMessage("duration must be in (0, 1 day], was PT48H");
    List<ProactiveAction> none = new ArrayList<>();
    assertThat(MetricWatch.builder(tree, PATH).recorded("a").onAnomaly(none.toArray(ProactiveAction[]::new))
        .restartOnAnomaly(true).restartOnAnomaly(false).build().streams()).containsExactly("a");
  }
}
