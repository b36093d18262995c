package dev.selfheal.recovery.internal.breaker;

/*
 * Why this class is large (693 lines): it is the coordinator of the breaker's phases (the permit protocol, outcome
 * recording, transitions, the scheduled half-open guard and the announcements); the algorithms are already their
 * own classes (Phase, SlidingWindow, CountWindow, TimeWindow, Trials, Transitions, OwnedCellCounter,
 * BreakerCounters), and what remains is the one CAS-published phase every path reads.
 */

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.CircuitBreakerEvent;
import dev.selfheal.recovery.CircuitBreakerMetrics;
import dev.selfheal.recovery.CircuitOpenException;
import dev.selfheal.recovery.RecoveryJournalKind;
import dev.selfheal.recovery.internal.PolicyMath;
import dev.selfheal.recovery.internal.PolicyKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock-free circuit breaker whose CLOSED-state success path writes only a striped counter.
 *
 * <p><b>Purpose.</b> Implements {@link CircuitBreaker}: a state machine in an immutable {@link Phase} published by
 * one reference CAS, a {@link SlidingWindow} per CLOSED period whose success path is one {@link OwnedCellCounter}
 * increment (a release store of the thread's own cell), and per-period {@link Trials} for HALF_OPEN. The rules are
 * in {@link CircuitBreakerConfig}'s javadoc.
 *
 * <pre>{@code
 *            failure or slow-call rate >= threshold, window >= minimum calls (evaluated at failures, slow calls,
 *            successes below the minimum, and the first success of a new time bucket)
 *   CLOSED ────────────────────────────────────────────────────────────────► OPEN
 *     ▲                                                                        │ wait elapsed: first caller wins the
 *     │ min(minimum, N) trials recorded, both rates below thresholds           ▼ CAS (or the scheduler, if automatic)
 *     └────────────────────────────────────────────────────────────────── HALF_OPEN ──► OPEN (those trials reach a
 *                                                                                         threshold, or
 *   Operators: any state ──► CLOSED | OPEN | HALF_OPEN | DISABLED | FORCED_OPEN | METRICS_ONLY   maxWaitInHalfOpen
 *   (DISABLED, FORCED_OPEN, METRICS_ONLY never change on their own)                      passed: the scheduler)
 * }</pre>
 *
 * <p><b>Memory ordering.</b> The phase is read with {@code getAcquire} (a plain load on x86) and replaced with
 * {@code compareAndSet}, the linearization point of every transition and config change. A phase's fields are final
 * and fully built before the CAS publishes it. Events and journal records are produced only by the thread whose
 * CAS succeeded, after it, outside any lock: exactly one event per transition. Window counters are striped and may
 * be stale by the calls in flight (see {@link SlidingWindow}).
 *
 * <p><b>Progress.</b> {@link #tryAcquirePermit()} and the {@code on*} methods are lock-free: every retry loop
 * retries only because another thread committed a change. The CLOSED success path past the window's minimum is
 * wait-free: one acquire load, two field tests, one striped increment; no allocation, no lock, no clock read for a
 * COUNT_BASED window. User code (predicates) runs outside every CAS; listeners run after it; scheduled deadline
 * tasks only attempt a CAS.
 *
 * <p><b>Callers must</b> follow the protocol of {@link CircuitBreaker}: one end report per admitted call, carrying
 * the permit it was admitted with. A result whose permit names an earlier phase moves only the cumulative counters:
 * the bound of N concurrent trials is exact, and no result reaches a phase it was not admitted in. The methods
 * without a permit apply a result to the current phase, with the limits the interface documents.
 *
 * <p>This class is thread-safe. (It is over 400 lines: the state machine's coordinator, whose algorithms already
 * live in {@link SlidingWindow}, {@link Trials}, {@link BreakerCounters} and {@link Transitions}.)
 */
public final class StripedCircuitBreaker implements CircuitBreaker {
  /*
   * Implementation notes.
   *
   * 1. Why a phase object rather than a packed long. The OPEN state needs its entry time and wait, HALF_OPEN its
   *    trial counters, and every state its config: they do not fit in one word beside an epoch. Publishing an
   *    immutable object by one reference CAS gives the same guarantee as a state+epoch word: a stale thread's CAS
   *    fails (resilience4j #562, #646, #674), and there is no ABA because the stale thread's own reference keeps its
   *    phase object alive, so the current phase cannot be the same object. Transitions allocate; calls do not.
   * 2. No side effects inside the CAS (resilience4j #2038): the next phase is built first, then CAS'd; on failure
   *    it is dropped and the caller re-reads.
   * 3. Success-path cost: the phase read is a plain load of a read-mostly field shared by all cores; the only
   *    write is OwnedCellCounter.increment(), a release store of the calling thread's own padded cell: no lock
   *    prefix (a LongAdder's CAS was the whole 7.6 ns/op of CircuitBreakerBenchmark -t 1 on a 2-core VM, see
   *    OwnedCellCounter's note 1), and two threads do not share a written line. Failures sum the cells: cost
   *    O(slots) per failure, paid only on the unhappy path.
   * 4. A fast success skips the evaluation only where it can only lower the rates (past the minimum of a count
   *    window; inside a time bucket): Resilience4j's verdicts at no cost on the hot path (SlidingWindow#recordSuccess).
   *    The exception: above 64 calls a count window drops its oldest bucket whole, which can raise the rates by
   *    (W + k - 1) / W at a success; CircuitBreakerConfig documents it (knowing the position would cost a sum).
   * 5. The permit is Phase.period, a long: comparing it with the current phase's is one more field test on the
   *    success path, and it is what makes a late result harmless (issue #14: five late failures re-opened a breaker
   *    that had closed after they were admitted).
   * 6. Deadlines (HALF_OPEN's max wait, OPEN's end when automatic) are scheduled by the thread whose CAS entered the
   *    phase, and the task only CASes away from that very phase object: a stale task is a no-op.
   * 7. The metrics of OPEN are the counts the opening was decided from, carried into the CAS (issue #14): they are a
   *    description of the window at one position (see CountWindow), consistent with the reason journaled. Reading
   *    the window again at the transition tore an outcome still being recorded (calls=1, failures=0 on a 1-call
   *    window opened by two failures). An operator's transition out of CLOSED freezes a read of the window at its
   *    CAS, which may include calls in flight.
   */

  private static final Logger LOG = LoggerFactory.getLogger(StripedCircuitBreaker.class);
  private static final VarHandle PHASE;
  private static final VarHandle TIMER;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PHASE = lookup.findVarHandle(StripedCircuitBreaker.class, "phase", Phase.class);
      TIMER = lookup.findVarHandle(StripedCircuitBreaker.class, "timer", Deadline.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String name;
  private final Journal journal;
  private final EventBus events = new EventBus();
  private final BreakerCounters counters = new BreakerCounters();
  @SuppressWarnings("unused") // accessed through PHASE
  private volatile Phase phase;
  /** The deadline task of the current OPEN or HALF_OPEN phase, if any (cancelled when that phase ends). */
  @SuppressWarnings("unused") // accessed through TIMER
  private volatile Deadline timer;

  /** A scheduled deadline task and the phase it belongs to. */
  private record Deadline(Phase phase, Scheduler.Cancellable task) {}

  /**
   * @param journal where transitions and config changes are journaled; {@code null}: only events are published
   *                (and transitions logged at INFO)
   */
  public StripedCircuitBreaker(String name, CircuitBreakerConfig config, Journal journal) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(config, "config");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
    }
    this.name = name;
    this.journal = journal;
    PHASE.setRelease(this, new Phase(State.CLOSED, 0, 0, config, SlidingWindow.create(config), 0, 0, 0, null, null));
  }

  private Phase phaseAcquire() {
    return (Phase) PHASE.getAcquire(this);
  }

  // ---------------------------------------------------------------- the call protocol (hot path first)

  @Override
  public long tryAcquirePermit() {
    Phase p = phaseAcquire();
    if (p.admitsAll) {
      return p.period;
    }
    return acquireSlow(p);
  }

  @Override
  public boolean tryAcquirePermission() {
    return tryAcquirePermit() != NO_PERMIT;
  }

  @Override
  public void onSuccess(long permit, long durationNanos) {
    success(phaseAcquire(), permit, durationNanos);
  }

  @Override
  public void onSuccess(long durationNanos) {
    Phase p = phaseAcquire();
    success(p, p.period, durationNanos);
  }

  private void success(Phase p, long permit, long durationNanos) {
    if (p.recordsInWindow && permit == p.period && durationNanos < p.slowNanos) {
      WindowCounts counts = p.window.recordSuccess();
      if (counts != null) {
        evaluate(p, counts);
      }
      return;
    }
    recordOutcome(p, permit, false, durationNanos >= p.slowNanos);
  }

  @Override
  public void onError(long permit, long durationNanos, Throwable error) {
    error(phaseAcquire(), permit, durationNanos, error);
  }

  @Override
  public void onError(long durationNanos, Throwable error) {
    Phase p = phaseAcquire();
    error(p, p.period, durationNanos, error);
  }

  private void error(Phase p, long permit, long durationNanos, Throwable error) {
    if (p.state == State.DISABLED) {
      return;
    }
    CircuitBreakerConfig c = p.config;
    boolean failure;
    try {
      if (c.ignoreExceptions().test(error)) {
        counters.ignored.increment();
        releaseTrial(p, permit);
        return;
      }
      failure = c.recordExceptions().test(error);
    } catch (RuntimeException | Error e) {
      throw predicateThrew(p, permit, e, "exception", error);
    }
    judged(p, permit, durationNanos, failure);
  }

  @Override
  public void onResult(long permit, long durationNanos, Object result) {
    result(phaseAcquire(), permit, durationNanos, result);
  }

  @Override
  public void onResult(long durationNanos, Object result) {
    Phase p = phaseAcquire();
    result(p, p.period, durationNanos, result);
  }

  private void result(Phase p, long permit, long durationNanos, Object result) {
    if (p.state == State.DISABLED) {
      return;
    }
    boolean failure;
    try {
      failure = p.config.recordResult().test(result);
    } catch (RuntimeException | Error e) {
      throw predicateThrew(p, permit, e, "result", result);
    }
    judged(p, permit, durationNanos, failure);
  }

  /** A call judged by a predicate: a failure is recorded on {@code p}, anything else is a success. */
  private void judged(Phase p, long permit, long durationNanos, boolean failure) {
    if (failure) {
      recordOutcome(p, permit, true, durationNanos >= p.slowNanos);
    } else {
      success(p, permit, durationNanos);
    }
  }

  @Override
  public void releasePermission(long permit) {
    counters.cancelled.increment();
    releaseTrial(phaseAcquire(), permit);
  }

  @Override
  public void releasePermission() {
    counters.cancelled.increment();
    Phase p = phaseAcquire();
    releaseTrial(p, p.period);
  }

  @Override
  public boolean measuresDuration() {
    return phaseAcquire().config.slowCallDetection();
  }

  @Override
  public CircuitOpenException newOpenException() {
    Phase p = phaseAcquire();
    return new CircuitOpenException(name, p.state, p.config.writableStackTrace());
  }

  private long acquireSlow(Phase p) {
    for (;;) {
      switch (p.state) {
        case CLOSED:
        case DISABLED:
        case METRICS_ONLY:
          return p.period;
        case FORCED_OPEN:
          counters.rejected.increment();
          return NO_PERMIT;
        case OPEN: {
          long now = p.config.ticker().read();
          if (now - p.enteredAt < p.waitNanos) {
            counters.rejected.increment();
            return NO_PERMIT;
          }
          transition(p, State.HALF_OPEN, now, "wait in OPEN of " + Duration.ofNanos(p.waitNanos) + " elapsed",
              Actor.automatic(), null);
          break; // whoever won, re-read and try again
        }
        case HALF_OPEN: {
          if (p.trials.tryAdmit()) {
            return p.period;
          }
          long w = p.trials.wordAcquire();
          if (p.trials.decided(w)) { // the deciding trial is in, its transition not yet: help it, then retry
            decideTrials(p, w);
            break;
          }
          long now = p.config.ticker().read();
          if (now - p.enteredAt >= p.config.maxWaitInHalfOpen().toNanos()) {
            halfOpenExpired(p, now); // the scheduler is late: do its work
          }
          counters.rejected.increment();
          return NO_PERMIT;
        }
        default:
          throw new IllegalStateException("unknown state " + p.state);
      }
      p = phaseAcquire(); // changed: by our CAS or by the one that beat it
    }
  }

  /**
   * Records a failure and/or slow call, or any outcome off the CLOSED fast path. A result whose permit names an
   * earlier phase moves only the cumulative counters.
   */
  private void recordOutcome(Phase p, long permit, boolean failure, boolean isSlow) {
    if (p.state == State.DISABLED) {
      return;
    }
    if (failure) {
      counters.failed.increment();
    }
    if (isSlow) {
      counters.slow.increment();
    }
    if (permit != p.period) {
      counters.outside.increment(); // admitted in an earlier phase: counted, applied to nothing
      return;
    }
    if (p.recordsInWindow) {
      SlidingWindow w = p.window;
      if (!failure && !isSlow) {
        WindowCounts counts = w.recordSuccess();
        if (counts != null) {
          evaluate(p, counts);
        }
        return;
      }
      evaluate(p, w.recordNotable(failure, isSlow));
      return;
    }
    counters.outside.increment(); // counted, but outside any window
    if (p.state == State.HALF_OPEN) {
      long w = p.trials.complete(failure, isSlow);
      if (p.trials.decides(w)) {
        decideTrials(p, w);
      }
    }
  }

  /** Evaluates CLOSED-window counts just recorded on {@code p}: opens the breaker if a threshold is reached. */
  private void evaluate(Phase p, WindowCounts counts) {
    CircuitBreakerConfig c = p.config;
    p.window.evaluated(counts, c.minimumNumberOfCalls());
    if (p.state == State.CLOSED) {
      String reason = tripReason(counts, c, true);
      if (reason != null) {
        decide(p, State.OPEN, c.ticker().read(), reason, counts);
      }
    }
  }

  /** The deciding trial outcome of {@code p}'s period: {@code w} holds exactly the deciding trials' counts. */
  private void decideTrials(Phase p, long w) {
    int n = p.trials.decideAt;
    WindowCounts trialCounts = new WindowCounts(n, Trials.failures(w), Trials.slowCalls(w));
    String reason = tripReason(trialCounts, p.config, false);
    if (reason != null) {
      decide(p, State.OPEN, p.config.ticker().read(), "trials: " + reason, null);
    } else {
      decide(p, State.CLOSED, 0, "trials: failure rate " + trialCounts.failureRate() + " and slow-call rate "
          + trialCounts.slowCallRate() + " below thresholds over " + n + " trials", null);
    }
  }

  /**
   * Applies an automatic transition decided from {@code p}'s window or trials. A reconfigure may have replaced the
   * phase object meanwhile without changing the state, the window or the trials: the decision still holds then and is
   * applied to the current phase. It is dropped once another transition has happened (or, in CLOSED, the window was
   * restarted).
   *
   * @param counts the CLOSED-window counts the decision was made from (what the next phase's metrics keep
   *               showing), or null when it was made from trials
   */
  private void decide(Phase p, State to, long now, String reason, WindowCounts counts) {
    for (Phase cur = p; cur.state == p.state && (p.trials != null ? cur.trials == p.trials : cur.window == p.window);
        cur = phaseAcquire()) {
      if (transition(cur, to, now, reason, Actor.automatic(), counts)) {
        return;
      }
    }
  }

  private static void releaseTrial(Phase p, long permit) {
    if (p.state == State.HALF_OPEN && permit == p.period) {
      p.trials.release();
    }
  }

  /**
   * Null if the counts do not open the breaker, else why they do. In CLOSED the minimum number of calls gates;
   * over HALF_OPEN trials ({@code gated == false}) the deciding trials are in and the rates decide alone.
   */
  private static String tripReason(WindowCounts counts, CircuitBreakerConfig c, boolean gated) {
    if (gated && counts.calls() < c.minimumNumberOfCalls()) {
      return null;
    }
    if (counts.failureRate() >= c.failureRateThreshold()) {
      return "failure rate " + counts.failureRate() + " >= " + c.failureRateThreshold() + " over " + counts.calls()
          + " calls";
    }
    if (c.slowCallDetection() && counts.slowCallRate() >= c.slowCallRateThreshold()) {
      return "slow-call rate " + counts.slowCallRate() + " >= " + c.slowCallRateThreshold() + " over "
          + counts.calls() + " calls";
    }
    return null;
  }

  /**
   * A record or result predicate threw: nothing is recorded, the permit is released, the throw is counted, and the
   * predicate's exception goes to the caller (Resilience4j #2324), carrying the call's exception as suppressed.
   */
  private RuntimeException predicateThrew(Phase p, long permit, Throwable e, String what, Object input) {
    if (e instanceof VirtualMachineError) {
      throw (VirtualMachineError) e;
    }
    releaseTrial(p, permit);
    counters.predicateFailures.increment();
    long n = counters.predicateFailures.sum();
    if (n == 1 || n % 1024 == 0) {
      LOG.warn("circuit breaker {}: {} predicate threw on {} ({} times so far); nothing recorded, permit released",
          name, what, input, n, e);
    }
    if (input instanceof Throwable && input != e) {
      e.addSuppressed((Throwable) input);
    }
    if (e instanceof Error) {
      throw (Error) e;
    }
    return (RuntimeException) e;
  }

  // ---------------------------------------------------------------- deadlines (scheduled, never needing a call)

  /** Schedules the deadline of the phase {@code entered}, which this thread's CAS just published. */
  private void armDeadline(Phase entered) {
    CircuitBreakerConfig c = entered.config;
    Scheduler.Cancellable task = null;
    if (entered.state == State.HALF_OPEN) {
      task = c.scheduler().schedule(() -> halfOpenExpired(entered, c.ticker().read()),
          c.maxWaitInHalfOpen().toNanos());
    } else if (entered.state == State.OPEN && c.automaticTransitionFromOpenToHalfOpen()) {
      task = c.scheduler().schedule(() -> {
        for (Phase cur = phaseAcquire(); cur.period == entered.period; cur = phaseAcquire()) {
          if (transition(cur, State.HALF_OPEN, c.ticker().read(), "wait in OPEN of "
              + Duration.ofNanos(entered.waitNanos) + " elapsed (automatic transition)", Actor.automatic(), null)) {
            return;
          }
        }
      }, entered.waitNanos);
    }
    if (task != null) {
      Deadline d = new Deadline(entered, task);
      TIMER.setRelease(this, d);
      if (phaseAcquire().period != entered.period && TIMER.compareAndSet(this, d, null)) { // left before we stored
        task.cancel();
      }
    }
  }

  /**
   * Cancels the deadline of {@code left}'s period, which this thread's CAS just ended (a stale task is a no-op anyway:
   * every task acts only on the period it was scheduled for, which a reconfiguration keeps).
   */
  private void cancelDeadline(Phase left) {
    Deadline d = (Deadline) TIMER.getAcquire(this);
    if (d != null && d.phase.period == left.period && TIMER.compareAndSet(this, d, null)) {
      d.task.cancel();
    }
  }

  /** HALF_OPEN's max wait passed: back to OPEN, unless {@code p}'s period has ended meanwhile. */
  private void halfOpenExpired(Phase p, long now) {
    for (Phase cur = p; cur.period == p.period; cur = phaseAcquire()) {
      if (transition(cur, State.OPEN, now, "trials undecided after maxWaitInHalfOpen of "
          + cur.config.maxWaitInHalfOpen() + " (" + cur.trials.inUse() + " in flight)", Actor.automatic(), null)) {
        return;
      }
    }
  }

  // ---------------------------------------------------------------- transitions

  /**
   * Builds the next phase, CASes it in, and only if that succeeded publishes the event and journals it.
   *
   * @param decided the window counts an automatic opening was decided from, or null
   * @return whether this thread made the transition
   */
  private boolean transition(Phase from, State to, long now, String reason, Actor actor, WindowCounts decided) {
    if (actor.isAutomatic()) {
      Transitions.checkAutomatic(from.state, to);
    } else {
      Transitions.checkOperator(from.state, to);
    }
    Phase next = nextPhase(from, to, now, decided);
    if (!PHASE.compareAndSet(this, from, next)) {
      return false;
    }
    // committed: everything below runs after the CAS, outside any lock
    committed(from, next);
    CircuitBreakerEvent.StateTransition event =
        new CircuitBreakerEvent.StateTransition(name, from.state, to, next.epoch, reason, actor);
    RecoveryJournalKind kind = actor.isAutomatic() ? RecoveryJournalKind.CIRCUIT_TRANSITION
        : RecoveryJournalKind.CIRCUIT_OVERRIDE;
    record(event, kind, reason, from.state + " -> " + to, actor);
    return true;
  }

  /** After a committed CAS from {@code from} to {@code next}: window accounting and deadlines. */
  private void committed(Phase from, Phase next) {
    if (next.window != from.window) {
      counters.retire(from.window);
    }
    cancelDeadline(from);
    armDeadline(next);
  }

  private Phase nextPhase(Phase from, State to, long now, WindowCounts decided) {
    CircuitBreakerConfig c = from.config;
    long epoch = from.epoch + 1; // every transition is a new period: results of the old one are applied to nothing
    // the window's counts as the metrics keep showing them once it stops recording: an opening keeps the very counts
    // it was decided from (a fresh read could tear an outcome still being recorded, see note 7)
    WindowCounts frozen = !from.recordsInWindow ? from.frozen : decided != null ? decided : from.window.counts();
    switch (to) {
      case CLOSED:
        return new Phase(State.CLOSED, epoch, epoch, c, SlidingWindow.create(c), 0, 0, 0, null, null);
      case OPEN: {
        int opens = from.state == State.HALF_OPEN ? from.consecutiveOpens + 1 : 1;
        long at = now != 0 ? now : c.ticker().read();
        return new Phase(State.OPEN, epoch, epoch, c, from.window, at, PolicyMath.openForNanos(c, opens), opens, null, frozen);
      }
      case HALF_OPEN: {
        long at = now != 0 ? now : c.ticker().read();
        return new Phase(State.HALF_OPEN, epoch, epoch, c, from.window, at, 0, from.consecutiveOpens,
            new Trials(c.permittedCallsInHalfOpen(), c.minimumNumberOfCalls()), frozen);
      }
      case METRICS_ONLY: {
        SlidingWindow w = from.state == State.CLOSED ? from.window : SlidingWindow.create(c);
        return new Phase(State.METRICS_ONLY, epoch, epoch, c, w, 0, 0, 0, null, null);
      }
      case DISABLED:
      case FORCED_OPEN:
        return new Phase(to, epoch, epoch, c, from.window, 0, 0, from.consecutiveOpens, null, frozen);
      default:
        throw new IllegalStateException("unknown state " + to);
    }
  }

  private void record(CircuitBreakerEvent event, RecoveryJournalKind kind, String cause, String decision, Actor actor) {
    if (events.hasListeners(event.getClass())) {
      events.publish(event);
    }
    if (journal != null) {
      try {
        journal.append(PolicyKind.CIRCUIT_BREAKER.instanceName(name), kind, cause, decision, actor, Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.warn("circuit breaker {}: journal append failed for {}", name, event, e);
      }
    } else {
      LOG.info("circuit breaker {}: {} ({}), actor={}", name, decision, cause, actor);
    }
  }

  // ---------------------------------------------------------------- operator controls

  @Override
  public void transitionTo(State target, Actor actor) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(actor, "actor");
    for (;;) {
      Phase p = phaseAcquire();
      if (p.state == target) {
        return; // idempotent: no transition, no event
      }
      if (transition(p, target, 0, "operator request", actor, null)) {
        return;
      }
    }
  }

  @Override
  public void reset(Actor actor) {
    Objects.requireNonNull(actor, "actor");
    for (;;) {
      Phase p = phaseAcquire();
      CircuitBreakerConfig c = p.config;
      long epoch = p.epoch + 1;
      Phase next = new Phase(State.CLOSED, epoch, epoch, c, SlidingWindow.create(c), 0, 0, 0, null, null);
      if (PHASE.compareAndSet(this, p, next)) {
        committed(p, next);
        record(new CircuitBreakerEvent.Reset(name, p.state, actor), RecoveryJournalKind.CIRCUIT_RESET, "operator request",
            p.state + " -> CLOSED (window emptied, open-wait growth reset)", actor);
        return;
      }
    }
  }

  @Override
  public void reconfigure(CircuitBreakerConfig config, Actor actor) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(actor, "actor");
    for (;;) {
      Phase p = phaseAcquire();
      CircuitBreakerConfig old = p.config;
      if (config.ticker() != old.ticker()) {
        throw new IllegalArgumentException("ticker cannot change at run time (state timing is measured on it), was "
            + old.ticker() + ", new " + config.ticker());
      }
      boolean keep = PolicyMath.sameWindow(config, old);
      Phase next = p.withConfig(config, keep ? p.window : SlidingWindow.create(config));
      if (PHASE.compareAndSet(this, p, next)) {
        if (next.window != p.window) {
          counters.retire(p.window);
        } else {
          next.window.reexamine(); // the minimum may have changed: the next success evaluates
        }
        record(new CircuitBreakerEvent.ConfigChanged(name, old, config, keep, actor), RecoveryJournalKind.CIRCUIT_RECONFIGURE,
            "reconfigure in " + p.state, (keep ? "window kept" : "window restarted") + "; new " + config, actor);
        return;
      }
    }
  }

  // ---------------------------------------------------------------- reads: never consume a permit

  @Override
  public String name() {
    return name;
  }

  @Override
  public State state() {
    return phaseAcquire().state;
  }

  @Override
  public boolean critical() {
    return phaseAcquire().config.critical();
  }

  @Override
  public HealthReport health() {
    Phase p = phaseAcquire();
    switch (p.state) {
      case OPEN:
      case FORCED_OPEN:
        return HealthReport.down("circuit " + name + " is " + p.state);
      case HALF_OPEN:
        return HealthReport.degraded("circuit " + name + " is HALF_OPEN");
      default:
        return HealthReport.up();
    }
  }

  @Override
  public CircuitBreakerConfig config() {
    return phaseAcquire().config;
  }

  @Override
  public EventBus events() {
    return events;
  }

  @Override
  public CircuitBreakerMetrics metrics() {
    return counters.metrics(phaseAcquire());
  }

  /** The current epoch: increases by one on every transition, reset and config change. */
  public long epoch() {
    return phaseAcquire().epoch;
  }

  @Override
  public String toString() {
    Phase p = phaseAcquire();
    return "CircuitBreaker{" + name + ", " + p.state + ", epoch " + p.epoch + "}";
  }
}
