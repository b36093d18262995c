package dev.selfheal.probes;

import dev.selfheal.core.ChildCounts;
import dev.selfheal.core.ChildKind;
import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.RestartStrategy;
import dev.selfheal.core.RestartType;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-written {@link SupervisorTree} for probe tests: a real journal and event bus, a manual clock, and
 * recorded calls. Tests play the supervisor by publishing {@link SupervisorEvent}s.
 */
final class FakeTree implements SupervisorTree {
  record Report(String path, long generation, String reason) {}

  record Command(String name, String path, Actor actor) {}

  final ManualTicker ticker = new ManualTicker();
  final ManualScheduler scheduler = new ManualScheduler(ticker);
  final Journal journal = Journal.inMemory();
  final EventBus events = new EventBus();
  final List<Report> reports = new CopyOnWriteArrayList<>();
  final List<Command> commands = new CopyOnWriteArrayList<>();
  volatile boolean failed;
  volatile boolean running = true;
  volatile boolean paused;
  volatile boolean dryRun;
  volatile ChildOutcome nextOutcome = ChildOutcome.OK;
  volatile ChildSnapshot snapshot = new ChildSnapshot("app", "app", ChildKind.SUPERVISOR, RestartType.PERMANENT,
      ChildState.RUNNING, 1, 0, 0, null, null, RestartStrategy.ONE_FOR_ONE, List.of(
          new ChildSnapshot("app/db", "db", ChildKind.SERVICE, RestartType.PERMANENT, ChildState.RUNNING, 2, 1, 0,
              "liveness failed 3/3: \"quoted\"\n", Instant.parse("2025-01-02T03:04:05Z"), null, List.of())));

  private final HealthSource health = new HealthSource() {
    @Override
    public String name() {
      return "supervisor-tree";
    }

    @Override
    public HealthReport health() {
      if (failed) {
        return HealthReport.down("root supervisor 'app' gave up: too many restarts");
      }
      return running ? HealthReport.up() : HealthReport.down("stopped");
    }

    @Override
    public boolean critical() {
      return true;
    }
  };

  void started(String path, long generation, Object instance) {
    events.publish(new SupervisorEvent.ChildStarted(path, generation, instance));
  }

  void exited(String path, long generation, String reason) {
    events.publish(new SupervisorEvent.ChildExited(path, generation, ExitReason.abnormal(reason)));
  }

  void stopped(String path, long generation) {
    events.publish(new SupervisorEvent.ChildStopped(path, generation, "shutdown", Duration.ZERO));
  }

  void advance(Duration d) {
    scheduler.advance(d);
  }

  @Override public void start() {}
  @Override public void stop() { running = false; }
  @Override public String rootPath() { return "app"; }
  @Override public ChildSnapshot snapshot() { return snapshot; }
  @Override public boolean failed() { return failed; }
  @Override public HealthSource health() { return health; }
  @Override public Journal journal() { return journal; }
  @Override public EventBus events() { return events; }
  @Override public Ticker ticker() { return ticker; }
  @Override public Scheduler scheduler() { return scheduler; }
  final dev.selfheal.core.RuntimeContext context = dev.selfheal.core.RuntimeContext.builder().ticker(ticker)
      .scheduler(scheduler).journal(journal).events(events).build();
  @Override public dev.selfheal.core.RuntimeContext context() { return context; }

  @Override
  public CompletableFuture<ChildOutcome> startChild(String supervisorPath, ChildSpec spec, Actor actor) {
    return command("startChild", supervisorPath, actor);
  }

  @Override
  public CompletableFuture<ChildOutcome> stopChild(String path, Actor actor) {
    return command("stopChild", path, actor);
  }

  @Override
  public CompletableFuture<ChildOutcome> restartChild(String path, Actor actor) {
    return command("restartChild", path, actor);
  }

  @Override
  public CompletableFuture<ChildOutcome> forceRestartChild(String path, Actor actor) {
    return command("forceRestartChild", path, actor);
  }

  @Override
  public CompletableFuture<ChildOutcome> deleteChild(String path, Actor actor) {
    return command("deleteChild", path, actor);
  }

  private CompletableFuture<ChildOutcome> command(String name, String path, Actor actor) {
    commands.add(new Command(name, path, actor));
    return CompletableFuture.completedFuture(nextOutcome);
  }

  @Override public List<ChildSnapshot> whichChildren(String supervisorPath) { return snapshot.children(); }
  @Override public ChildCounts countChildren(String supervisorPath) { return new ChildCounts(1, 1, 0, 1); }

  @Override
  public java.util.Optional<dev.selfheal.core.event.SupervisorEvent.ChildStarted> currentInstance(String path) {
    return java.util.Optional.empty();
  }

  @Override
  public void reportFailure(String path, long generation, dev.selfheal.core.FailureReport report) {
    reports.add(new Report(path, generation, report.reason()));
  }

  @Override
  public void pause(Actor actor, String reason, java.time.Duration expiresAfter) {
    commands.add(new Command("pause", "app", actor));
    paused = true;
  }

  @Override
  public void resume(Actor actor) {
    commands.add(new Command("resume", "app", actor));
    paused = false;
  }

  @Override public boolean paused() { return paused; }

  @Override
  public void dryRun(boolean enabled, Actor actor, String reason, java.time.Duration expiresAfter) {
    commands.add(new Command("dryRun:" + enabled, "app", actor));
    dryRun = enabled;
  }

  @Override public boolean dryRun() { return dryRun; }

  @Override
  public void suspend(String path, Actor actor, String reason, java.time.Duration expiresAfter) {
    commands.add(new Command("suspend", path, actor));
  }

  @Override
  public void liftSuspension(String path, Actor actor) {
    commands.add(new Command("liftSuspension", path, actor));
  }

  @Override
  public java.util.List<dev.selfheal.core.HealingOverride> overrides() {
    return java.util.List.of();
  }
}
