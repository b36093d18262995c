package dev.selfheal.core.internal.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.Backoff;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.Component;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.FailureReport;
import dev.selfheal.core.HealingOverride;
import dev.selfheal.core.RestartStrategy;
import dev.selfheal.core.RestartType;
import dev.selfheal.core.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The pure decision function, with no threads: random signal sequences (exits or probe reports, mixed with
 * operator overrides, their lifts and their expiries, and backoff timers) against a simple model of OTP's
 * rules, and dry-run against the live run of the same sequence.
 */
class OtpPolicyProperties {
  private static final long SECOND = 1_000_000_000L;

  /**
   * A supervisor's state with plain fields, changed by {@link #apply} as the executor would (minus the
   * lifecycle calls: every start succeeds), with the tree's overrides, their expiries and backoff timers on
   * a model clock advanced by {@link #advanceTo}.
   */
  static final class State implements PolicyState {
    final SupervisorSpec spec;
    final List<ChildRecord> children = new ArrayList<>();
    final RestartWindow live;
    RestartWindow shadow;
    boolean running = true;
    boolean dryRun;
    boolean shadowEscalated;
    HealingOverride pause;
    HealingOverride dry;
    final Map<String, HealingOverride> suspensions = new HashMap<>();
    final Map<String, ShadowChild> shadows = new HashMap<>();
    /** Armed override expiries and backoff restarts, by due time. */
    final Map<HealingOverride, Long> expiries = new IdentityHashMap<>();
    final Map<ChildRecord, Long> restartsDue = new IdentityHashMap<>();
    /** When each live restart and escalation was carried out (model time), for the intensity model. */
    final List<Long> restartTimes = new ArrayList<>();
    final List<Long> escalationTimes = new ArrayList<>();

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
    @Override public boolean paused() { return pause != null; }
    @Override public boolean dryRun() { return dryRun || dry != null; }
    @Override public RestartWindow window() { return dryRun() ? shadow : live; }
    @Override public boolean shadowEscalated() { return shadowEscalated; }
    @Override public List<ChildRecord> children() { return new ArrayList<>(children); }
    @Override public double random() { return 0.5; }

    @Override
    public HealingOverride suspension(String id) {
      HealingOverride o = suspensions.get("sup/" + id);
      return o != null ? o : suspensions.get("sup");
    }

    @Override
    public HealingOverride override(HealingOverride.Kind kind, String path) {
      return switch (kind) {
        case PAUSE -> pause;
        case DRY_RUN -> dry;
        case SUSPEND -> suspensions.get(path);
      };
    }

    @Override
    public ShadowChild shadowOf(ChildRecord c) {
      return shadows.computeIfAbsent(c.id(), id -> ShadowChild.of(c));
    }

    @Override
    public ChildRecord child(String id) {
      return children.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    /** Decides {@code signal}, applies the decision and what it triggers; every decision taken, in order. */
    List<Decision> signal(Signal signal, long now) {
      List<Decision> out = new ArrayList<>();
      Decision d = OtpPolicy.INSTANCE.decide(this, signal, now);
      out.add(d);
      apply(signal, d, now, out);
      return out;
    }

    /** Fires, in time order, the expiries and backoff restarts due by {@code now}; the decisions taken. */
    List<Decision> advanceTo(long now) {
      List<Decision> out = new ArrayList<>();
      while (true) {
        long next = Long.MAX_VALUE;
        for (long t : expiries.values()) {
          next = Math.min(next, t);
        }
        for (long t : restartsDue.values()) {
          next = Math.min(next, t);
        }
        if (next > now) {
          return out;
        }
        long t = next;
        for (ChildRecord c : new ArrayList<>(children)) { // the restart's wait is over: start it (in order)
          if (restartsDue.get(c) != null && restartsDue.get(c) == t) {
            restartsDue.remove(c);
            started(c, t);
          }
        }
        for (HealingOverride o : new ArrayList<>(expiries.keySet())) {
          if (expiries.get(o) == t) {
            expiries.remove(o);
            out.addAll(signal(new Signal.OverrideExpired(o), t));
          }
        }
      }
    }

    private void started(ChildRecord c, long now) {
      c.setState(ChildState.STARTING);
      c.setState(ChildState.RUNNING);
      c.generation++;
      c.startedAtNanos = now;
      c.failedBy = null;
    }

    private void stopped(ChildRecord c) {
      if (c.state() == ChildState.RUNNING) {
        c.setState(ChildState.STOPPING);
      }
      c.setState(ChildState.STOPPED);
    }

    /** What the executor does with {@code d}. */
    void apply(Signal signal, Decision d, long now, List<Decision> out) {
      ChildRecord c = signal.id() == null ? null : child(signal.id());
      if (d instanceof Decision.Restart r) {
        live.record(now);
        restartTimes.add(now);
        child(r.trigger()).consecutiveFailures = r.attempt();
        r.removed().forEach(id -> children.remove(child(id)));
        for (String id : r.group()) {
          ChildRecord m = child(id);
          stopped(m);
          restartsDue.remove(m);
          if (r.delayNanos() > 0) {
            m.setState(ChildState.RESTARTING);
            restartsDue.put(m, now + r.delayNanos());
          } else {
            started(m, now);
          }
        }
      } else if (d instanceof Decision.Escalate || d instanceof Decision.SignificantShutdown) {
        if (d instanceof Decision.Escalate) {
          escalationTimes.add(now);
        }
        running = false;
      } else if (d instanceof Decision.Remove rm) {
        children.remove(child(rm.child()));
      } else if (d instanceof Decision.LeaveStopped l) {
        stopped(child(l.child()));
      } else if (d instanceof Decision.Defer) {
        c.setState(ChildState.FAILED);
        c.failedBy = signal;
      } else if (d instanceof Decision.Suspended) {
        holdWithoutActing(signal, c);
      } else if (d instanceof Decision.Shadow s) {
        if (s.wouldBe() instanceof Decision.Restart) {
          shadow.record(now);
        } else if (s.wouldBe() instanceof Decision.Escalate || s.wouldBe() instanceof Decision.SignificantShutdown) {
          shadowEscalated = true;
        }
        ShadowChild.afterShadow(signal, s.wouldBe(), now, id -> shadowOf(child(id)));
        holdWithoutActing(signal, c);
      } else if (d instanceof Decision.SetOverride set) {
        HealingOverride o = set.override();
        switch (o.kind()) {
          case PAUSE -> pause = o;
          case DRY_RUN -> {
            dry = o;
            shadow = live.copy();
            shadows.clear();
            shadowEscalated = false;
          }
          case SUSPEND -> suspensions.put(o.path(), o);
        }
        if (set.expiresAfter() != null) {
          expiries.put(o, now + set.expiresAfter().toNanos());
        }
      } else if (d instanceof Decision.LiftOverride lift) {
        switch (lift.kind()) {
          case PAUSE -> pause = null;
          case DRY_RUN -> dry = null;
          case SUSPEND -> suspensions.remove(lift.path());
        }
        reevaluate(now, out);
      }
    }

    private static void holdWithoutActing(Signal signal, ChildRecord c) {
      if (signal instanceof Signal.ChildExit) {
        c.setState(ChildState.FAILED);
        c.failedBy = signal;
      }
    }

    /** SupervisorNode#reevaluateFailed: what an override held is decided once none holds it. */
    private void reevaluate(long now, List<Decision> out) {
      if (paused()) {
        return;
      }
      for (ChildRecord c : new ArrayList<>(children)) {
        if (!children.contains(c) || suspension(c.id()) != null) {
          continue;
        }
        if (dryRun()) {
          ShadowChild sc = shadows.get(c.id());
          if (sc != null && sc.deferredBy != null) {
            Signal again = sc.deferredBy;
            sc.deferredBy = null;
            out.addAll(signal(again, now));
          }
        } else if (c.state() == ChildState.FAILED && c.failedBy != null) {
          out.addAll(signal(c.failedBy, now));
        }
      }
    }
  }

  /** What an operator (or the scheduler) does between exits. */
  enum Action { EXIT, PAUSE, RESUME, SUSPEND_CHILD, SUSPEND_ALL, LIFT_CHILD, LIFT_ALL }

  /** One step: after {@code gapSeconds}, {@code action} on child {@code child}; {@code expirySeconds} 0: none. */
  record Step(Action action, int child, ExitReason.Kind kind, int gapSeconds, int expirySeconds) {}

  /** Exits mixed with pauses, suspensions (of a child or the whole supervisor), lifts and expiries. */
  @Provide
  Arbitrary<List<Step>> stepsWithOperators() {
    Arbitrary<Action> action = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.just(Action.EXIT)),
        net.jqwik.api.Tuple.of(4, Arbitraries.of(Action.PAUSE, Action.RESUME, Action.SUSPEND_CHILD,
            Action.SUSPEND_ALL, Action.LIFT_CHILD, Action.LIFT_ALL)));
    Arbitrary<Integer> expiry = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 6)));
    return Combinators.combine(action, Arbitraries.integers().between(0, 3), Arbitraries.of(ExitReason.Kind.class),
        Arbitraries.integers().between(0, 4), expiry).as(Step::new).list().ofMaxSize(30);
  }

  private static SupervisorSpec spec(int maxRestarts, int periodSeconds, RestartStrategy strategy,
      List<RestartType> types) {
    return spec(maxRestarts, periodSeconds, strategy, types, Backoff.none());
  }

  private static SupervisorSpec spec(int maxRestarts, int periodSeconds, RestartStrategy strategy,
      List<RestartType> types, Backoff backoff) {
    SupervisorSpec.Builder b = SupervisorSpec.builder("sup").strategy(strategy)
        .intensity(maxRestarts, Duration.ofSeconds(periodSeconds));
    for (int i = 0; i < types.size(); i++) {
      b.child(ChildSpec.service("c" + i, () -> (Component) () -> {}).restartType(types.get(i)).backoff(backoff));
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

  private static final dev.selfheal.core.event.Actor OPERATOR = dev.selfheal.core.event.Actor.operator("prop");

  /**
   * The operator signal for {@code step} (null for an exit), with its override built once, so that two runs
   * given the same signal share it.
   */
  private static Signal operatorSignal(Step step, int children, long now) {
    java.time.Duration expiry = step.expirySeconds() == 0 ? null : Duration.ofSeconds(step.expirySeconds());
    java.time.Instant at = expiry == null ? null : java.time.Instant.EPOCH.plusNanos(now).plus(expiry);
    String childPath = "sup/c" + (step.child() % children);
    return switch (step.action()) {
      case EXIT -> null;
      case PAUSE -> new Signal.OverrideSet(new HealingOverride(HealingOverride.Kind.PAUSE, "sup", OPERATOR, "p", at),
          expiry);
      case RESUME -> new Signal.OverrideLift(HealingOverride.Kind.PAUSE, "sup", OPERATOR, "");
      case SUSPEND_CHILD -> new Signal.OverrideSet(new HealingOverride(HealingOverride.Kind.SUSPEND, childPath,
          OPERATOR, "s", at), expiry);
      case SUSPEND_ALL -> new Signal.OverrideSet(new HealingOverride(HealingOverride.Kind.SUSPEND, "sup", OPERATOR,
          "s", at), expiry);
      case LIFT_CHILD -> new Signal.OverrideLift(HealingOverride.Kind.SUSPEND, childPath, OPERATOR, "");
      case LIFT_ALL -> new Signal.OverrideLift(HealingOverride.Kind.SUSPEND, "sup", OPERATOR, "");
    };
  }

  @Property(tries = 500)
  void random_exits_never_exceed_the_intensity_without_escalating_and_follow_otps_table(
      @ForAll @IntRange(min = 0, max = 4) int maxRestarts,
      @ForAll @IntRange(min = 1, max = 8) int periodSeconds,
      @ForAll RestartStrategy strategy,
      @ForAll @Size(min = 1, max = 4) List<RestartType> types,
      @ForAll("stepsWithOperators") List<Step> steps) {
    State s = new State(spec(maxRestarts, periodSeconds, strategy, types));
    long period = periodSeconds * SECOND;
    long now = 0;
    for (Step step : steps) {
      now += step.gapSeconds() * SECOND;
      s.advanceTo(now);
      Signal op = operatorSignal(step, types.size(), now);
      if (op != null) {
        s.signal(op, now);
      } else if (step.child() < s.children.size() && s.children.get(step.child()).state() == ChildState.RUNNING) {
        ChildRecord c = s.children.get(step.child());
        ExitReason reason = reason(step.kind());
        Signal exit = new Signal.ChildExit(c.id(), c.generation, reason);
        boolean wasRunning = s.running;
        long counted = s.live.held();
        Decision d = OtpPolicy.INSTANCE.decide(s, exit, now);
        RestartType type = c.spec.restartType();
        if (!wasRunning) {
          assertThat(d).isInstanceOf(Decision.Ignore.class);
        } else if (s.suspension(c.id()) != null) {
          assertThat(d).isEqualTo(new Decision.Suspended(c.id(), reason, s.suspension(c.id())));
        } else if (s.paused()) {
          assertThat(d).isEqualTo(new Decision.Defer(c.id(), reason));
        } else if (!type.restartsAfter(reason)) {
          assertThat(d).isEqualTo(type == RestartType.TEMPORARY ? new Decision.Remove(c.id(), reason)
              : new Decision.LeaveStopped(c.id(), reason));
        } else if (d instanceof Decision.Restart r) {
          assertThat(r.group()).contains(c.id());
          assertThat(r.removed()).doesNotContain(c.id()).allSatisfy(id -> assertThat(r.group()).doesNotContain(id));
          assertThat(r.group().size() + r.removed().size()).isEqualTo(switch (strategy) {
            case ONE_FOR_ONE -> 1;
            case ONE_FOR_ALL -> s.children.size();
            case REST_FOR_ONE -> s.children.size() - s.children.indexOf(c);
          });
        } else {
          assertThat(d).isEqualTo(new Decision.Escalate(c.id(), reason.message()));
        }
        s.apply(exit, d, now, new ArrayList<>());
        if (d instanceof Decision.Suspended || d instanceof Decision.Defer) {
          assertThat(s.live.held()).as("a held failure is not counted").isEqualTo(counted);
        }
      }
      // every restart carried out so far, at its own time (lifts and expiries decide at theirs), against OTP's
      // window: never more than maxRestarts in any period, and an escalation only when one more would be
      for (int i = 0; i < s.restartTimes.size(); i++) {
        long t = s.restartTimes.get(i);
        long inWindow = s.restartTimes.subList(0, i + 1).stream().filter(x -> t - x <= period).count();
        assertThat(inWindow).as("restarts in any window").isLessThanOrEqualTo(maxRestarts);
      }
      for (long e : s.escalationTimes) {
        long before = s.restartTimes.stream().filter(x -> x <= e && e - x <= period).count();
        assertThat(before + 1).as("escalates only past the intensity").isGreaterThan(maxRestarts);
      }
      if (s.running && !s.paused()) {
        assertThat(s.children).as("no failure stays held once nothing holds it").allSatisfy(c -> assertThat(
            c.state() == ChildState.FAILED && c.failedBy != null && s.suspension(c.id()) == null).isFalse());
      }
      for (Map.Entry<HealingOverride, Long> e : s.expiries.entrySet()) {
        assertThat(e.getValue()).as("an expiry is never missed").isGreaterThan(now);
      }
    }
  }

  /** How a decision reads in the journal, without its wording: the same for a decision and its shadow. */
  private static String announced(Decision d) {
    Decision inner = d instanceof Decision.Shadow s ? s.wouldBe() : d;
    if (inner instanceof Decision.Restart r) {
      return "child.restart " + r.trigger() + " " + r.group() + " " + r.removed() + " " + r.cause() + " after "
          + r.delayNanos() + " attempt " + r.attempt();
    }
    if (inner instanceof Decision.Escalate e) {
      return "escalate " + e.offender() + " " + e.cause();
    }
    return inner instanceof Decision.Ignore ? null : inner.toString();
  }

  @Provide
  Arbitrary<Backoff> backoffs() {
    return Arbitraries.oneOf(Arbitraries.just(Backoff.none()), Combinators.combine(
        Arbitraries.integers().between(1, 3), Arbitraries.integers().between(2, 10))
        .as((initial, reset) -> Backoff.exponential(Duration.ofSeconds(initial), Duration.ofSeconds(8))
            .withJitter(0).resetAfter(Duration.ofSeconds(reset))));
  }

  @Property(tries = 500)
  void dry_run_announces_exactly_what_the_live_run_decides_for_the_same_reports(
      @ForAll @IntRange(min = 0, max = 4) int maxRestarts,
      @ForAll @IntRange(min = 1, max = 8) int periodSeconds,
      @ForAll RestartStrategy strategy,
      @ForAll @Size(min = 1, max = 4) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 1) Integer> transients,
      @ForAll("backoffs") Backoff backoff,
      @ForAll("stepsWithOperators") List<Step> steps) {
    List<RestartType> types = transients.stream()
        .map(t -> t == 0 ? RestartType.PERMANENT : RestartType.TRANSIENT).toList();
    State live = new State(spec(maxRestarts, periodSeconds, strategy, types, backoff));
    State dry = new State(spec(maxRestarts, periodSeconds, strategy, types, backoff));
    dry.dryRun = true;
    List<String> liveJournal = new ArrayList<>();
    List<String> dryJournal = new ArrayList<>();
    long now = 0;
    for (Step step : steps) {
      now += step.gapSeconds() * SECOND;
      List<Decision> l = new ArrayList<>(live.advanceTo(now));
      List<Decision> d = new ArrayList<>(dry.advanceTo(now));
      Signal op = operatorSignal(step, types.size(), now);
      if (op != null) {
        l.addAll(live.signal(op, now));
        d.addAll(dry.signal(op, now));
      } else {
        int i = step.child() % types.size();
        // a probe verdict about each run's current instance of the same child
        FailureReport report = FailureReport.of(FailureReport.Source.PROBE, "liveness failed");
        ChildRecord lc = live.children.get(i);
        l.addAll(live.signal(new Signal.FailureReported(lc.id(), lc.generation, report), now));
        ChildRecord dc = dry.children.get(i);
        List<Decision> shadowed = dry.signal(new Signal.FailureReported(dc.id(), dc.generation, report), now);
        assertThat(shadowed.get(0)).isInstanceOf(Decision.Shadow.class);
        d.addAll(shadowed);
      }
      l.stream().map(OtpPolicyProperties::announced).filter(java.util.Objects::nonNull).forEach(liveJournal::add);
      d.stream().map(OtpPolicyProperties::announced).filter(java.util.Objects::nonNull).forEach(dryJournal::add);
    }
    assertThat(dryJournal).isEqualTo(liveJournal);
    assertThat(dry.live.held()).as("nothing counted for real").isZero();
    assertThat(dry.children).allSatisfy(c -> {
      assertThat(c.generation).as("nothing restarted").isEqualTo(1);
      assertThat(c.state()).as("the reported instance keeps serving").isEqualTo(ChildState.RUNNING);
    });
  }
}
