package dev.selfheal.probes.internal;

import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.probes.ComponentHealth;
import dev.selfheal.probes.ProbeConfig;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProbeSpec;
import dev.selfheal.probes.internal.RunSlot.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The probes of one component (one tree path) and their verdicts about its current instance.
 *
 * <p>Why this class is large (529 lines): a fifth is this javadoc; the rest is the coordination itself (which
 * part runs when, under one lock, for three probe kinds gated by one startup phase), which a further split would
 * scatter across classes that all need that lock.
 *
 * <p><b>Purpose.</b> Turns probe results into Kubernetes verdicts for one child: counts consecutive passes and
 * failures per probe, gates liveness and readiness behind startup, reports liveness and startup failures to
 * the tree, keeps the READY / NOT_READY state, and forgets everything when a new instance starts.
 *
 * <pre>{@code
 * per instance (generation):
 *   ChildStarted ──► RUNNING, startup pending ──startup passes──► RUNNING, started ──► (readiness) READY ⇄ NOT_READY
 *        │                   │ startup fails N/N: report              │ liveness fails N/N: report failure
 *        ▼                   ▼                                        ▼
 *   ChildExited / ChildStopped ──► not running (NOT_READY, no runs)
 *
 * per probe run:   (none) ──tick──► IN_FLIGHT ──result──► (none)
 *                                      │ timeout: verdict DOWN, thread interrupted
 *                                      ▼
 *                                   TIMED_OUT (still occupies its slot until the thread returns)
 * }</pre>
 *
 * <p><b>Memory ordering.</b> Every field is guarded by {@code this}: ticks (scheduler thread), run
 * completions (probe threads), timeouts (scheduler thread) and tree events (supervisor threads) all take the
 * lock. Side effects that leave the component (running a check, {@code reportFailure}, journal, events) are
 * collected under the lock and run after it is released, so no user code ever runs under it.
 *
 * <p><b>Progress.</b> Lock-based; the lock is held only for bookkeeping, never across user code or I/O.
 * At most one run per probe is in flight, whatever the scheduler does.
 *
 * <p>This class is thread-safe.
 *
 * <p><b>Parts.</b> This class only says when each part runs (STYLE E2): per probe a {@link ThresholdCounter}
 * (Kubernetes' consecutive thresholds) and a {@link RunSlot} (the tick, the single run in flight and its
 * timeout); for the component a {@link VerdictPublisher} (journal, event, log and report, from typed kinds).
 */
final class ProbedComponent {
  /*
   * Implementation notes.
   * 1. A run is bound to the instance it was started for (its epoch, note 3). Its result is dropped unless
   *    that instance is still the current, running one: a verdict about an old instance never reaches the
   *    tree (and the tree ignores stale generations too).
   * 2. A run still in flight for an older instance keeps its slot (RunSlot) and is skipped without a verdict:
   *    it says nothing about the new instance.
   * 3. Ticks and runs are bound to an epoch, a counter of ChildStarted events for this path, rather than to
   *    the generation: a child deleted and added again may count generations from 1 again, and a tick or run
   *    of the earlier "instance 1" must not pass for the new one.
   */
  private final String path;
  private final boolean critical;
  private final Scheduler scheduler;
  private final Ticker ticker;
  private final Executor executor;
  private final VerdictPublisher publisher;
  private final Probe startup;
  private final Probe liveness;
  private final Probe readiness;
  private final List<Probe> probes = new ArrayList<>(3);

  // guarded by this
  private boolean active;
  private long generation;
  private long epoch; // +1 per instance seen; unlike generation, never repeats (note 3)
  private Object instance;
  private boolean running;
  private String held; // why the kept instance is held (not routed, still probed), or null
  private long startedAtNanos;
  private boolean started;
  private boolean ready;
  private String endReason = "not started yet";
  private String failure; // liveness/startup verdict about the current instance, or null

  ProbedComponent(String path, List<ProbeSpec<?>> specs, SupervisorTree tree, Scheduler scheduler, Ticker ticker,
      Executor executor) {
    this.path = path;
    this.scheduler = scheduler;
    this.ticker = ticker;
    this.executor = executor;
    this.publisher = new VerdictPublisher(path, tree);
    Probe s = null;
    Probe l = null;
    Probe r = null;
    boolean anyCritical = false;
    for (ProbeSpec<?> spec : specs) {
      Probe probe = new Probe(spec);
      probes.add(probe);
      anyCritical |= spec.critical();
      switch (spec.kind()) {
        case STARTUP -> s = probe;
        case LIVENESS -> l = probe;
        case READINESS -> r = probe;
      }
    }
    this.startup = s;
    this.liveness = l;
    this.readiness = r;
    this.critical = anyCritical;
  }

  String path() {
    return path;
  }

  boolean critical() {
    return critical;
  }

  boolean hasStartupProbe() {
    return startup != null;
  }

  // ---- lifecycle of the monitor ----

  synchronized void activate() {
    if (!active) {
      active = true;
      if (running) {
        schedulePhase();
      }
    }
  }

  void deactivate() {
    synchronized (this) {
      active = false;
      for (Probe probe : probes) {
        probe.slot.abort();
      }
    }
  }

  // ---- tree events ----

  void onStarted(long gen, Object newInstance) {
    begin(gen, newInstance, null);
  }

  /**
   * The supervisor holds this child and keeps instance {@code gen} (a QUARANTINE or NOT_READY step, or a
   * dependency down): it stays NOT_READY and its failures are not reported (the hold decides), but its
   * liveness and readiness probes go on running, from zero, so that {@link #probeVerdict()} can release it.
   * Its startup already passed. A ChildStarted of the same generation ends the hold.
   */
  void onHeld(long gen, Object keptInstance, String reason) {
    begin(gen, keptInstance, reason);
  }

  private void begin(long gen, Object newInstance, String heldReason) {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      for (Probe probe : probes) {
        probe.reset();
      }
      generation = gen;
      epoch++;
      instance = newInstance;
      running = true;
      held = heldReason;
      startedAtNanos = ticker.read();
      started = startup == null || heldReason != null;
      failure = null;
      if (active) {
        schedulePhase();
      }
      updateReadiness(actions, "instance " + gen + " started");
    }
    runAll(actions);
  }

  /**
   * Catches up with an instance that started before the monitor subscribed. Does nothing once any instance
   * is known: a ChildStarted event seen meanwhile is newer than what the caller looked up.
   */
  void seed(long gen, Object existingInstance) {
    synchronized (this) {
      if (running || instance != null || epoch != 0) {
        return;
      }
    }
    onStarted(gen, existingInstance);
  }

  void onEnded(long gen, String reason) {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      if (gen != generation || !running) {
        return;
      }
      running = false;
      held = null;
      instance = null;
      endReason = reason;
      for (Probe probe : probes) {
        probe.slot.cancelTick();
      }
      updateReadiness(actions, reason);
    }
    runAll(actions);
  }

  // ---- probe runs ----

  private void tick(Probe probe, long tickEpoch) {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      if (!active || !running || tickEpoch != epoch) {
        return;
      }
      if (probe.kind() == ProbeKind.STARTUP ? started : !started) {
        return; // startup already passed, or still gating this probe
      }
      scheduleTick(probe, probe.config.period().toNanos());
      if (probe.slot.occupied()) { // RunSlot: a hung run holds the slot; note 2 for older instances
        if (probe.slot.stuckFor(epoch)) {
          record(probe, ProbeResult.down("still running: the previous run timed out after "
              + format(probe.config.timeout()) + " and has not returned"), actions);
        }
      } else {
        Run run = probe.slot.begin(epoch, instance, ticker.read(), scheduler, probe.config.timeout().toNanos(),
            r -> timedOut(probe, r));
        actions.add(() -> submit(probe, run));
      }
    }
    runAll(actions);
  }

  private void submit(Probe probe, Run run) {
    try {
      executor.execute(() -> execute(probe, run));
    } catch (RejectedExecutionException e) {
      complete(probe, run, ProbeResult.down("probe executor refused the run: " + e.getMessage()));
    }
  }

  private void execute(Probe probe, Run run) {
    synchronized (this) {
      if (!probe.slot.claim(run, Thread.currentThread())) {
        return; // timed out while queued, or monitor stopped
      }
    }
    ProbeResult result;
    try {
      result = RunSlot.check(probe.spec, run.instance);
    } finally {
      boolean clearInterrupt;
      synchronized (this) {
        clearInterrupt = probe.slot.returned(run);
      }
      if (clearInterrupt) {
        Thread.interrupted(); // our own timeout interrupt must not leak into the thread's next task
      }
    }
    complete(probe, run, result);
  }

  private void complete(Probe probe, Run run, ProbeResult result) {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      if (!probe.slot.complete(run)) {
        return; // already judged as timed out (or the monitor stopped)
      }
      ProbeResult verdict = result;
      if (ticker.read() - run.startNanos > probe.config.timeout().toNanos()) {
        verdict = ProbeResult.down("timed out after " + format(probe.config.timeout()));
      }
      if (active && running && run.epoch == epoch) {
        record(probe, verdict, actions);
      }
    }
    runAll(actions);
  }

  private void timedOut(Probe probe, Run run) {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      if (probe.slot.timeOut(run) && active && running && run.epoch == epoch) {
        record(probe, ProbeResult.down("timed out after " + format(probe.config.timeout())), actions);
      }
    }
    runAll(actions);
  }

  // ---- verdicts (all under the lock) ----

  private void record(Probe probe, ProbeResult result, List<Runnable> actions) {
    probe.last = result;
    if (result.passed()) {
      ThresholdCounter.Crossing crossing = probe.counter.pass();
      switch (probe.kind()) {
        case STARTUP -> {
          started = true;
          probe.slot.cancelTick();
          if (failure != null && failure.startsWith("startup")) {
            failure = null;
          }
          schedulePhase();
          updateReadiness(actions, "startup probe passed");
        }
        case READINESS -> {
          if (crossing == ThresholdCounter.Crossing.PASSED) {
            probe.failingReason = null;
            updateReadiness(actions, "readiness passed " + probe.counter.successes() + "/"
                + probe.counter.successThreshold());
          }
        }
        case LIVENESS -> {
          if (failure != null && failure.startsWith("liveness")) {
            failure = null; // still the same instance (dry-run or paused tree) and alive again
          }
        }
      }
      return;
    }
    int failures = probe.counter.failures() + 1; // the count this failure reaches, before a restart at threshold
    if (probe.counter.fail() != ThresholdCounter.Crossing.FAILED) {
      return;
    }
    String reason = probe.kind().label() + " failed " + failures + "/" + probe.counter.failureThreshold() + ": "
        + result.message();
    if (probe.kind() == ProbeKind.READINESS) {
      probe.failingReason = reason;
      updateReadiness(actions, reason);
      return;
    }
    failure = reason;
    if (held != null) {
      return; // the hold decides; a report now would be a second verdict about a child not in service
    }
    long gen = generation;
    ProbeKind kind = probe.kind();
    actions.add(() -> publisher.reportFailure(gen, kind, reason));
  }

  private void updateReadiness(List<Runnable> actions, String cause) {
    boolean nowReady = running && held == null && started && (readiness == null || readiness.counter.passing());
    if (nowReady == ready) {
      return;
    }
    ready = nowReady;
    long gen = generation;
    String reason = nowReady ? cause : notReadyReason();
    boolean probed = readiness != null || startup != null; // else readiness is the lifecycle's, journaled there
    actions.add(() -> publisher.readinessChanged(gen, nowReady, reason, probed));
  }

  private String notReadyReason() {
    if (!running) {
      return endReason;
    }
    if (held != null) {
      return "held, not routed: " + held;
    }
    if (!started) {
      ProbeResult last = startup.last;
      return "startup probe has not passed yet" + (last == null ? "" : ": " + last.message());
    }
    if (readiness != null && !readiness.counter.passing()) {
      return readiness.failingReason != null ? readiness.failingReason : "readiness probe has not passed yet";
    }
    return "";
  }

  /** Schedules the probes due in the current phase: startup until it passes, then liveness and readiness. */
  private void schedulePhase() {
    if (!started) {
      scheduleTick(startup, startup.config.initialDelay().toNanos());
      return;
    }
    long now = ticker.read();
    for (Probe probe : probes) {
      if (probe.kind() != ProbeKind.STARTUP) {
        long due = startedAtNanos + probe.config.initialDelay().toNanos();
        scheduleTick(probe, Math.max(0, due - now));
      }
    }
  }

  private void scheduleTick(Probe probe, long delayNanos) {
    long tickEpoch = epoch;
    probe.slot.scheduleTick(scheduler, () -> tick(probe, tickEpoch), delayNanos);
  }

  private static void runAll(List<Runnable> actions) {
    for (Runnable action : actions) {
      action.run();
    }
    actions.clear();
  }

  // ---- views ----

  synchronized ComponentHealth snapshot() {
    Map<ProbeKind, ProbeResult> last = new EnumMap<>(ProbeKind.class);
    boolean anyLastDown = false;
    for (Probe probe : probes) {
      if (probe.last != null) {
        last.put(probe.kind(), probe.last);
        anyLastDown |= !probe.last.passed();
      }
    }
    HealthStatus status;
    String message;
    if (!ready) {
      status = HealthStatus.DOWN;
      message = "not ready: " + notReadyReason();
    } else if (failure != null) {
      status = HealthStatus.DOWN;
      message = failure;
    } else if (anyLastDown) {
      status = HealthStatus.DEGRADED;
      message = latestFailureMessage();
    } else {
      status = HealthStatus.UP;
      message = "";
    }
    return new ComponentHealth(path, generation, running, running && started, ready, status, message, critical, last);
  }

  private String latestFailureMessage() {
    StringBuilder sb = new StringBuilder();
    for (Probe probe : probes) {
      if (probe.last != null && !probe.last.passed()) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(probe.kind().label()).append(" failing ").append(probe.counter.failures()).append('/')
            .append(probe.counter.failureThreshold()).append(": ").append(probe.last.message());
      }
    }
    return sb.toString();
  }

  /**
   * What this component's probes say about its instance, as the health source {@code probe:<path>} shows
   * it: UP when every probe's latest run on the current instance passed (at least one has run), DOWN with
   * the failures otherwise, or when no instance runs. Unlike {@link #snapshot()} it does not require
   * readiness, so a held, still-probed instance can pass and be released by it.
   */
  synchronized HealthReport probeVerdict() {
    if (!running) {
      return HealthReport.down("not running: " + endReason);
    }
    boolean anyRun = false;
    for (Probe probe : probes) {
      if (probe.last != null) {
        anyRun = true;
        if (!probe.last.passed()) {
          return HealthReport.down(latestFailureMessage());
        }
      }
    }
    return anyRun ? HealthReport.up()
        : HealthReport.down("no probe has run on instance " + generation + " yet");
  }

  /** Startup verdict for {@code /startupz}: null when passed, else the reason. */
  synchronized String startupPendingReason() {
    if (!running) {
      return "not running: " + endReason;
    }
    return started ? null : notReadyReason();
  }

  static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null ? t.getClass().getName() : t.getClass().getName() + ": " + m;
  }

  static String format(Duration d) {
    if (d.toNanos() % 1_000_000_000L == 0) {
      return d.toSeconds() + "s";
    }
    if (d.toNanos() % 1_000_000L == 0) {
      return d.toMillis() + "ms";
    }
    return d.toNanos() + "ns";
  }

  /** One probe: its spec, its counter, its run slot and its last result; guarded by the enclosing component. */
  private static final class Probe {
    final ProbeSpec<?> spec;
    final ProbeConfig config;
    final ThresholdCounter counter;
    final RunSlot slot = new RunSlot();
    ProbeResult last;
    String failingReason;

    Probe(ProbeSpec<?> spec) {
      this.spec = spec;
      this.config = spec.config();
      this.counter = new ThresholdCounter(config.successThreshold(), config.failureThreshold(),
          config.kind() != ProbeKind.READINESS);
    }

    ProbeKind kind() {
      return config.kind();
    }

    void reset() {
      slot.cancelTick(); // a run of an older instance still occupies the slot (note 2)
      counter.reset();
      last = null;
      failingReason = null;
    }
  }
}
