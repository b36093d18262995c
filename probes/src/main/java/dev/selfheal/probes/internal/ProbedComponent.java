package dev.selfheal.probes.internal;

import dev.selfheal.core.FailureReport;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.probes.ComponentHealth;
import dev.selfheal.probes.ProbeConfig;
import dev.selfheal.probes.ProbeEvent;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProbeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probes of one component (one tree path) and their verdicts about its current instance.
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
 * <p>Why this class is large (589 lines): it still coordinates the threshold counting, the run slot with
 * its timeout and the publishing of verdicts for all three probe kinds of one component. STYLE E2 wants
 * those three as classes of their own; that split is open work, not a choice.
 */
final class ProbedComponent {
  /*
   * Implementation notes.
   * 1. A run is bound to the instance it was started for (its epoch, note 4). Its result is dropped unless
   *    that instance is still the current, running one: a verdict about an old instance never reaches the
   *    tree (and the tree ignores stale generations too).
   * 2. A run that timed out stays in its probe's in-flight slot until its thread returns; the next periods
   *    then count as failures without starting a new run, so a hung check holds one thread, not one per period.
   *    A run still in flight for an older generation is skipped without a verdict: it says nothing about the
   *    new instance.
   * 3. Liveness and startup counts restart from zero after a report, so with dry-run or a paused tree the
   *    failure is reported again after another full threshold, not on every period.
   * 4. Ticks and runs are bound to an epoch, a counter of ChildStarted events for this path, rather than to
   *    the generation: a child deleted and added again may count generations from 1 again, and a tick or run
   *    of the earlier "instance 1" must not pass for the new one.
   */
  private static final Logger LOG = LoggerFactory.getLogger(ProbedComponent.class);

  private final String path;
  private final boolean critical;
  private final SupervisorTree tree;
  private final Scheduler scheduler;
  private final Ticker ticker;
  private final Executor executor;
  private final Slot startup;
  private final Slot liveness;
  private final Slot readiness;
  private final List<Slot> slots = new ArrayList<>(3);

  // guarded by this
  private boolean active;
  private long generation;
  private long epoch; // +1 per instance seen; unlike generation, never repeats (note 4)
  private Object instance;
  private boolean running;
  private long startedAtNanos;
  private boolean started;
  private boolean ready;
  private String endReason = "not started yet";
  private String failure; // liveness/startup verdict about the current instance, or null

  ProbedComponent(String path, List<ProbeSpec<?>> specs, SupervisorTree tree, Scheduler scheduler, Ticker ticker,
      Executor executor) {
    this.path = path;
    this.tree = tree;
    this.scheduler = scheduler;
    this.ticker = ticker;
    this.executor = executor;
    Slot s = null;
    Slot l = null;
    Slot r = null;
    boolean anyCritical = false;
    for (ProbeSpec<?> spec : specs) {
      Slot slot = new Slot(spec);
      slots.add(slot);
      anyCritical |= spec.critical();
      switch (spec.kind()) {
        case STARTUP -> s = slot;
        case LIVENESS -> l = slot;
        case READINESS -> r = slot;
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

  void activate() {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      if (active) {
        return;
      }
      active = true;
      if (running) {
        schedulePhase(actions);
      }
    }
    runAll(actions);
  }

  void deactivate() {
    synchronized (this) {
      active = false;
      for (Slot slot : slots) {
        slot.cancelTick();
        Run run = slot.inFlight;
        if (run != null && !run.finished) {
          run.finished = true;
          run.timeoutHandle.cancel();
          interrupt(run);
        }
      }
    }
  }

  // ---- tree events ----

  void onStarted(long gen, Object newInstance) {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      for (Slot slot : slots) {
        slot.reset();
      }
      generation = gen;
      epoch++;
      instance = newInstance;
      running = true;
      startedAtNanos = ticker.read();
      started = startup == null;
      failure = null;
      if (active) {
        schedulePhase(actions);
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
      instance = null;
      endReason = reason;
      for (Slot slot : slots) {
        slot.cancelTick();
      }
      updateReadiness(actions, reason);
    }
    runAll(actions);
  }

  // ---- probe runs ----

  private void tick(Slot slot, long tickEpoch) {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      if (!active || !running || tickEpoch != epoch) {
        return;
      }
      if (slot.kind() == ProbeKind.STARTUP ? started : !started) {
        return; // startup already passed, or still gating this probe
      }
      scheduleTick(slot, slot.config.period().toNanos());
      Run inFlight = slot.inFlight;
      if (inFlight != null) { // see note 2
        if (inFlight.epoch == epoch && inFlight.timedOut) {
          record(slot, ProbeResult.down("still running: the previous run timed out after "
              + format(slot.config.timeout()) + " and has not returned"), actions);
        }
      } else {
        Run run = new Run(epoch, instance, ticker.read());
        slot.inFlight = run;
        run.timeoutHandle = scheduler.schedule(() -> timedOut(slot, run), slot.config.timeout().toNanos());
        actions.add(() -> submit(slot, run));
      }
    }
    runAll(actions);
  }

  private void submit(Slot slot, Run run) {
    try {
      executor.execute(() -> execute(slot, run));
    } catch (RejectedExecutionException e) {
      complete(slot, run, ProbeResult.down("probe executor refused the run: " + e.getMessage()));
    }
  }

  private void execute(Slot slot, Run run) {
    synchronized (this) {
      if (run.finished) { // timed out while queued, or monitor stopped
        if (slot.inFlight == run) {
          slot.inFlight = null;
        }
        return;
      }
      run.thread = Thread.currentThread();
    }
    ProbeResult result;
    try {
      result = invoke(slot.spec, run.instance);
      if (result == null) {
        result = ProbeResult.down("probe returned null");
      }
    } catch (InterruptedException e) {
      result = ProbeResult.down("interrupted");
    } catch (Exception e) {
      result = ProbeResult.down("threw " + describe(e));
    } catch (Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      result = ProbeResult.down("threw " + describe(e));
    } finally {
      boolean clearInterrupt;
      synchronized (this) {
        run.thread = null;
        clearInterrupt = run.interruptedByUs;
      }
      if (clearInterrupt) {
        Thread.interrupted(); // our own timeout interrupt must not leak into the thread's next task
      }
    }
    complete(slot, run, result);
  }

  private static <T> ProbeResult invoke(ProbeSpec<T> spec, Object instance) throws Exception {
    if (!spec.type().isInstance(instance)) {
      return ProbeResult.down("instance is " + (instance == null ? "null" : instance.getClass().getName())
          + ", not a " + spec.type().getName());
    }
    return spec.check().check(spec.type().cast(instance));
  }

  private void complete(Slot slot, Run run, ProbeResult result) {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      if (slot.inFlight == run) {
        slot.inFlight = null;
      }
      if (run.finished) {
        return; // already judged as timed out (or the monitor stopped)
      }
      run.finished = true;
      run.timeoutHandle.cancel();
      ProbeResult verdict = result;
      if (ticker.read() - run.startNanos > slot.config.timeout().toNanos()) {
        verdict = ProbeResult.down("timed out after " + format(slot.config.timeout()));
      }
      if (active && running && run.epoch == epoch) {
        record(slot, verdict, actions);
      }
    }
    runAll(actions);
  }

  private void timedOut(Slot slot, Run run) {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      if (run.finished) {
        return;
      }
      run.finished = true;
      run.timedOut = true;
      interrupt(run);
      if (active && running && run.epoch == epoch) {
        record(slot, ProbeResult.down("timed out after " + format(slot.config.timeout())), actions);
      }
    }
    runAll(actions);
  }

  // ---- verdicts (all under the lock) ----

  private void record(Slot slot, ProbeResult result, List<Runnable> actions) {
    slot.last = result;
    ProbeConfig cfg = slot.config;
    if (result.passed()) {
      slot.failures = 0;
      slot.successes++;
      switch (slot.kind()) {
        case STARTUP -> {
          started = true;
          slot.cancelTick();
          if (failure != null && failure.startsWith("startup")) {
            failure = null;
          }
          schedulePhase(actions);
          updateReadiness(actions, "startup probe passed");
        }
        case READINESS -> {
          if (!slot.passing && slot.successes >= cfg.successThreshold()) {
            slot.passing = true;
            slot.failingReason = null;
            updateReadiness(actions, "readiness passed " + slot.successes + "/" + cfg.successThreshold());
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
    slot.successes = 0;
    slot.failures++;
    if (slot.failures < cfg.failureThreshold()) {
      return;
    }
    String reason = slot.kind().label() + " failed " + slot.failures + "/" + cfg.failureThreshold() + ": "
        + result.message();
    if (slot.kind() == ProbeKind.READINESS) {
      slot.failingReason = reason;
      if (slot.passing) {
        slot.passing = false;
        updateReadiness(actions, reason);
      }
      return;
    }
    slot.failures = 0; // see note 3
    failure = reason;
    long gen = generation;
    ProbeKind kind = slot.kind();
    actions.add(() -> reportFailure(gen, kind, reason));
  }

  private void reportFailure(long gen, ProbeKind kind, String reason) {
    LOG.warn("supervisor={} child={} reason={} context=generation {}", tree.rootPath(), path, reason, gen);
    tree.journal().append(path, "probe." + kind.label(), reason,
        "report failure of instance " + gen + " to its supervisor", Actor.automatic(), Duration.ZERO);
    tree.events().publish(new ProbeEvent.FailureReported(path, gen, kind, reason));
    tree.reportFailure(path, gen, FailureReport.of(FailureReport.Source.PROBE, reason,
        Map.of("probe", kind.label(), "generation", Long.toString(gen))));
  }

  private void updateReadiness(List<Runnable> actions, String cause) {
    boolean nowReady = running && started && (readiness == null || readiness.passing);
    if (nowReady == ready) {
      return;
    }
    ready = nowReady;
    long gen = generation;
    String reason = nowReady ? cause : notReadyReason();
    actions.add(() -> {
      tree.journal().append(path, "probe.readiness", reason, nowReady ? "ready" : "not ready", Actor.automatic(),
          Duration.ZERO);
      tree.events().publish(new ProbeEvent.ReadinessChanged(path, gen, nowReady, reason));
    });
  }

  private String notReadyReason() {
    if (!running) {
      return endReason;
    }
    if (!started) {
      ProbeResult last = startup.last;
      return "startup probe has not passed yet" + (last == null ? "" : ": " + last.message());
    }
    if (readiness != null && !readiness.passing) {
      return readiness.failingReason != null ? readiness.failingReason : "readiness probe has not passed yet";
    }
    return "";
  }

  /** Schedules the probes due in the current phase: startup until it passes, then liveness and readiness. */
  private void schedulePhase(List<Runnable> actions) {
    if (!started) {
      scheduleTick(startup, startup.config.initialDelay().toNanos());
      return;
    }
    long now = ticker.read();
    for (Slot slot : slots) {
      if (slot.kind() != ProbeKind.STARTUP) {
        long due = startedAtNanos + slot.config.initialDelay().toNanos();
        scheduleTick(slot, Math.max(0, due - now));
      }
    }
  }

  private void scheduleTick(Slot slot, long delayNanos) {
    slot.cancelTick();
    long tickEpoch = epoch;
    slot.tick = scheduler.schedule(() -> tick(slot, tickEpoch), delayNanos);
  }

  private static void interrupt(Run run) {
    if (run.thread != null) {
      run.interruptedByUs = true;
      run.thread.interrupt();
    }
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
    for (Slot slot : slots) {
      if (slot.last != null) {
        last.put(slot.kind(), slot.last);
        anyLastDown |= !slot.last.passed();
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
    for (Slot slot : slots) {
      if (slot.last != null && !slot.last.passed()) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(slot.kind().label()).append(" failing ").append(slot.failures).append('/')
            .append(slot.config.failureThreshold()).append(": ").append(slot.last.message());
      }
    }
    return sb.toString();
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

  /** One probe's counters and in-flight run; guarded by the enclosing component. */
  private final class Slot {
    final ProbeSpec<?> spec;
    final ProbeConfig config;
    int successes;
    int failures;
    boolean passing;
    String failingReason;
    ProbeResult last;
    Scheduler.Cancellable tick;
    Run inFlight;

    Slot(ProbeSpec<?> spec) {
      this.spec = spec;
      this.config = spec.config();
    }

    ProbeKind kind() {
      return config.kind();
    }

    void reset() {
      cancelTick();
      successes = 0;
      failures = 0;
      passing = false;
      failingReason = null;
      last = null;
      // inFlight is kept: a run of an older instance still occupies the slot (note 2)
    }

    void cancelTick() {
      if (tick != null) {
        tick.cancel();
        tick = null;
      }
    }
  }

  /** One probe run; guarded by the enclosing component. */
  private static final class Run {
    final long epoch;
    final Object instance;
    final long startNanos;
    Scheduler.Cancellable timeoutHandle;
    Thread thread;
    boolean finished;
    boolean timedOut;
    boolean interruptedByUs;

    Run(long epoch, Object instance, long startNanos) {
      this.epoch = epoch;
      this.instance = instance;
      this.startNanos = startNanos;
    }
  }
}
