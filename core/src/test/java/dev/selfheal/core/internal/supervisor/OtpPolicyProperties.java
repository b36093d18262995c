package dev.selfheal.core.internal.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.FailureReport;
import dev.selfheal.core.RestartStrategy;
import dev.selfheal.core.RestartType;
import dev.selfheal.core.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The pure decision function, with no threads: random signal sequences against a simple model of OTP's
 * rules, and dry-run against the live run of the same sequence.
 */
class OtpPolicyProperties {
  private static final long SECOND = 1_000_000_000L;
  private final HealingPolicy policy = OtpPolicy.INSTANCE;

  /** A supervisor's state with plain fields, changed by {@link #apply} as the executor would. */
  static final class State implements PolicyState {
    final SupervisorSpec spec;
    final List<ChildRecord> children = new ArrayList<>();
    final RestartWindow live;
    RestartWindow shadow;
    boolean running = true;
    boolean dryRun;
    boolean shadowEscalated;

    State(SupervisorSpec spec) {
      this.spec = spec;
      this.live = new RestartWindow(spec.intensity().maxRestarts(), spec.intensity().period().toNanos());
      this.shadow = live.copy();
      for (ChildSpec c : spec.children()) {
        ChildRecord r = new ChildRecord(c, null);
        r.setState(ChildState.STARTING);
        r.setState(ChildState.RUNNING);
        r.generation = 1;
        children.add(r);
      }
    }

    @Override public SupervisorSpec spec() { return spec; }
    @Override public boolean running() { return running; }
    @Override public boolean paused() { return false; }
    @Override public boolean dryRun() { return dryRun; }
    @Override public RestartWindow window() { return dryRun ? shadow : live; }
    @Override public boolean shadowEscalated() { return shadowEscalated; }
    @Override public dev.selfheal.core.HealingOverride suspension(String id) { return null; }
    @Override public List<ChildRecord> children() { return new ArrayList<>(children); }
    @Override public double random() { return 0.5; }

    @Override
    public ChildRecord child(String id) {
      return children.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    /** What the executor does with {@code d}, minus the lifecycle calls: every start succeeds. */
    void apply(Decision d, long now) {
      if (d instanceof Decision.Restart r) {
        live.record(now);
        child(r.trigger()).consecutiveFailures = r.attempt();
        r.removed().forEach(id -> children.remove(child(id)));
        for (String id : r.group()) {
          ChildRecord c = child(id);
          if (c.state() == ChildState.RUNNING) {
            c.setState(ChildState.STOPPING);
          }
          c.setState(ChildState.STOPPED);
          c.setState(ChildState.STARTING);
          c.setState(ChildState.RUNNING);
          c.generation++;
        }
      } else if (d instanceof Decision.Escalate || d instanceof Decision.SignificantShutdown) {
        running = false;
      } else if (d instanceof Decision.Remove rm) {
        children.remove(child(rm.child()));
      } else if (d instanceof Decision.LeaveStopped l) {
        ChildRecord c = child(l.child());
        c.setState(ChildState.STOPPING);
        c.setState(ChildState.STOPPED);
      } else if (d instanceof Decision.Shadow s) {
        if (s.wouldBe() instanceof Decision.Restart) {
          shadow.record(now);
        } else if (s.wouldBe() instanceof Decision.Escalate) {
          shadowEscalated = true;
        }
      }
    }
  }

  record Step(int child, ExitReason.Kind kind, int gapSeconds) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of(ExitReason.Kind.class),
        Arbitraries.integers().between(0, 4)).as(Step::new).list().ofMaxSize(25);
  }

  private static SupervisorSpec spec(int maxRestarts, int periodSeconds, RestartStrategy strategy,
      List<RestartType> types) {
    SupervisorSpec.Builder b = SupervisorSpec.builder("sup").strategy(strategy)
        .intensity(maxRestarts, Duration.ofSeconds(periodSeconds));
    for (int i = 0; i < types.size(); i++) {
      b.child(ChildSpec.service("c" + i, () -> (Component) () -> {}).restartType(types.get(i)));
    }
    return b.build();
  }

  private static ExitReason reason(ExitReason.Kind kind) {
    return switch (kind) {
      case NORMAL -> ExitReason.normal();
      case SHUTDOWN -> ExitReason.shutdown();
      case ABNORMAL -> ExitReason.abnormal("boom");
    };
  }

  @Property(tries = 500)
  void random_exits_never_exceed_the_intensity_without_escalating_and_follow_otps_table(
      @ForAll @IntRange(min = 0, max = 4) int maxRestarts,
      @ForAll @IntRange(min = 1, max = 8) int periodSeconds,
      @ForAll RestartStrategy strategy,
      @ForAll @Size(min = 1, max = 4) List<RestartType> types,
      @ForAll("steps") List<Step> steps) {
    State s = new State(spec(maxRestarts, periodSeconds, strategy, types));
    List<Long> model = new ArrayList<>(); // every restart decided, kept forever
    long period = periodSeconds * SECOND;
    long now = 0;
    for (Step step : steps) {
      now += step.gapSeconds() * SECOND;
      if (step.child() >= s.children.size()) {
        continue;
      }
      ChildRecord c = s.children.get(step.child());
      ExitReason reason = reason(step.kind());
      Decision d = policy.decide(s, new Signal.ChildExit(c.id(), c.generation, reason), now);
      if (!s.running || c.state() != ChildState.RUNNING) {
        assertThat(d).isInstanceOf(Decision.Ignore.class);
        continue;
      }
      RestartType type = c.spec.restartType();
      if (!type.restartsAfter(reason)) {
        assertThat(d).isEqualTo(type == RestartType.TEMPORARY ? new Decision.Remove(c.id(), reason)
            : new Decision.LeaveStopped(c.id(), reason));
      } else {
        long t = now;
        long inWindow = model.stream().filter(x -> t - x <= period).count();
        if (inWindow + 1 > maxRestarts) {
          assertThat(d).isEqualTo(new Decision.Escalate(c.id(), "boom".equals(reason.message()) ? "boom"
              : reason.message()));
        } else {
          assertThat(d).isInstanceOf(Decision.Restart.class);
          Decision.Restart r = (Decision.Restart) d;
          assertThat(r.group()).contains(c.id());
          assertThat(r.removed()).doesNotContain(c.id()).allSatisfy(id -> assertThat(r.group()).doesNotContain(id));
          assertThat(r.group().size() + r.removed().size()).isEqualTo(switch (strategy) {
            case ONE_FOR_ONE -> 1;
            case ONE_FOR_ALL -> s.children.size();
            case REST_FOR_ONE -> s.children.size() - s.children.indexOf(c);
          });
          model.add(now);
        }
      }
      s.apply(d, now);
      long t = now;
      assertThat(model.stream().filter(x -> t - x <= period).count()).as("restarts in any window")
          .isLessThanOrEqualTo(maxRestarts);
    }
  }

  /** How a decision reads in the journal, without its wording: the same for a decision and its shadow. */
  private static String announced(Decision d) {
    Decision inner = d instanceof Decision.Shadow s ? s.wouldBe() : d;
    if (inner instanceof Decision.Restart r) {
      return "child.restart " + r.trigger() + " " + r.group() + " " + r.removed() + " " + r.cause();
    }
    if (inner instanceof Decision.Escalate e) {
      return "escalate " + e.offender() + " " + e.cause();
    }
    return inner instanceof Decision.Ignore ? null : inner.toString();
  }

  @Property(tries = 500)
  void dry_run_announces_exactly_what_the_live_run_decides_for_the_same_reports(
      @ForAll @IntRange(min = 0, max = 4) int maxRestarts,
      @ForAll @IntRange(min = 1, max = 8) int periodSeconds,
      @ForAll RestartStrategy strategy,
      @ForAll @Size(min = 1, max = 4) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 1) Integer> transients,
      @ForAll("steps") List<Step> steps) {
    List<RestartType> types = transients.stream()
        .map(t -> t == 0 ? RestartType.PERMANENT : RestartType.TRANSIENT).toList();
    State live = new State(spec(maxRestarts, periodSeconds, strategy, types));
    State dry = new State(spec(maxRestarts, periodSeconds, strategy, types));
    dry.dryRun = true;
    List<String> liveJournal = new ArrayList<>();
    List<String> dryJournal = new ArrayList<>();
    long now = 0;
    for (Step step : steps) {
      now += step.gapSeconds() * SECOND;
      int i = step.child() % types.size();
      // a probe verdict about each run's current instance of the same child
      FailureReport report = FailureReport.of(FailureReport.Source.PROBE, "liveness failed");
      ChildRecord lc = live.children.get(i);
      Decision l = policy.decide(live, new Signal.FailureReported(lc.id(), lc.generation, report), now);
      ChildRecord dc = dry.children.get(i);
      Decision d = policy.decide(dry, new Signal.FailureReported(dc.id(), dc.generation, report), now);
      assertThat(d).isInstanceOf(Decision.Shadow.class);
      live.apply(l, now);
      dry.apply(d, now);
      if (announced(l) != null) {
        liveJournal.add(announced(l));
      }
      if (announced(d) != null) {
        dryJournal.add(announced(d));
      }
    }
    assertThat(dryJournal).isEqualTo(liveJournal);
    assertThat(dry.live.held()).as("nothing counted for real").isZero();
    assertThat(dry.children).allSatisfy(c -> {
      assertThat(c.generation).as("nothing restarted").isEqualTo(1);
      assertThat(c.state()).as("the reported instance keeps serving").isEqualTo(ChildState.RUNNING);
    });
  }
}
