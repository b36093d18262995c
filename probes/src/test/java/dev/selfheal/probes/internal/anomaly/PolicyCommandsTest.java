package dev.selfheal.probes.internal.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.ManualScheduler;
import dev.selfheal.core.spi.ManualTicker;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.probes.anomaly.ProactiveAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The executor applies commands, postpones the undo of a repeated one and restores the first value. */
class PolicyCommandsTest {
  final ManualTicker ticker = new ManualTicker();
  final ManualScheduler scheduler = new ManualScheduler(ticker);
  final RuntimeContext context = RuntimeContext.builder().ticker(ticker).scheduler(scheduler).build();
  final List<PolicyCommands.Applied> undone = new CopyOnWriteArrayList<>();
  final PolicyCommands commands = new PolicyCommands(context, undone::add);
  volatile int limit = 10;

  PolicyCommandsTest() {
    context.addPolicyControl(new PolicyControl() {
      @Override
      public List<Policy> policies() {
        return List.of(new Policy(BULKHEAD, "pool", "ACCEPTING", Map.of(PolicyCommands.LIMIT, limit)));
      }

      @Override
      public Outcome apply(String kind, String name, Action action, int value, Actor actor) {
        if (value == limit) {
          return new Outcome(Status.UNCHANGED, "ACCEPTING", "");
        }
        limit = value;
        return new Outcome(Status.DONE, "ACCEPTING", "");
      }
    });
  }

  static ActionDecision.Command shed(int to, Duration d) {
    return new ActionDecision.Command(ProactiveAction.shedLoad("pool", to, d), PolicyControl.BULKHEAD, "pool",
        PolicyControl.Action.SET_LIMIT, to, d, false);
  }

  @Test
  void aRepeatPostponesTheUndoAndTheFirstLimitComesBack() {
    assertThat(commands.apply(shed(4, Duration.ofSeconds(30))).outcome().status())
        .isEqualTo(PolicyControl.Status.DONE);
    scheduler.advance(Duration.ofSeconds(20));
    assertThat(commands.apply(shed(2, Duration.ofSeconds(30))).outcome().status())
        .isEqualTo(PolicyControl.Status.DONE);
    scheduler.advance(Duration.ofSeconds(20));
    assertThat(limit).as("the first undo was cancelled").isEqualTo(2);
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(limit).as("back to the limit from before the first command").isEqualTo(10);
    assertThat(undone).singleElement().satisfies(u -> assertThat(u.describe())
        .isEqualTo("set bulkhead 'pool' limit to 10: DONE"));
  }

  @Test
  void undoAllRestoresNowAndNothingRunsLater() {
    commands.apply(shed(4, Duration.ofMinutes(5)));
    commands.undoAll();
    assertThat(limit).isEqualTo(10);
    scheduler.advance(Duration.ofMinutes(10));
    assertThat(undone).hasSize(1);
  }

  @Test
  void aLimitAlreadyInPlaceIsNotOursToUndo() {
    limit = 4;
    assertThat(commands.apply(shed(4, Duration.ofSeconds(30))).outcome().status())
        .isEqualTo(PolicyControl.Status.UNCHANGED);
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(limit).isEqualTo(4);
    assertThat(undone).isEmpty();
  }
}
