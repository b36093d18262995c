package dev.selfheal.recovery.internal.breaker;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.CircuitBreakerEvent;
import dev.selfheal.recovery.CircuitBreakerMetrics;
import dev.selfheal.recovery.CircuitOpenException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock-free circuit breaker whose CLOSED-state success path writes only a striped counter.
 *
 * <p><b>Purpose.</b> Implements {@link CircuitBreaker}: a state machine in an immutable {@link Phase} published by
 * one reference CAS, a {@link SlidingWindow} whose success path is one {@link LongAdder} increment, and per-period
 * {@link Trials} for HALF_OPEN.
 *
 * <pre>{@code
 *             failure or slow-call rate >= threshold, at a failure/slow call, window >= minimum calls
 *   CLOSED ────────────────────────────────────────────────────────────────► OPEN
 *     ▲                                                                        │ wait elapsed: first caller
 *     │ last of N trials recorded, both rates below thresholds                 ▼ wins the CAS
 *     └────────────────────────────────────────────────────────────────── HALF_OPEN ──► OPEN (trial rates reach
 *                                                                                          a threshold, or no
 *   Operators: any state ──► CLOSED | OPEN | HALF_OPEN | DISABLED | FORCED_OPEN | METRICS_ONLY   permit left and
 *   (DISABLED, FORCED_OPEN, METRICS_ONLY never change on their own)                     maxWaitInHalfOpen passed)
 * }</pre>
 *
 * <p><b>Memory ordering.</b> The phase is read with {@code getAcquire} (a plain load on x86) and replaced with
 * {@code compareAndSet}, the linearization point of every transition and config change. A phase's fields are final
 * and fully built before the CAS publishes it. Events and journal records are produced only by the thread whose
 * CAS succeeded, after it, outside any lock: exactly one event per transition. Window counters are striped and may
 * be stale by the calls in flight (see {@link SlidingWindow}).
 *
 * <p><b>Progress.</b> {@link #tryAcquirePermission()} and the {@code on*} methods are lock-free: every retry loop
 * retries only because another thread committed a change. The CLOSED success path is wait-free: one acquire load,
 * one field test, one striped increment; no allocation, no lock, no clock read for a COUNT_BASED window. User code
 * (predicates) runs outside every CAS; listeners run after it.
 *
 * <p><b>Callers must</b> follow the protocol of {@link CircuitBreaker}: one end report per admitted call. The
 * protocol carries no per-call token, so an end report is applied to the phase current when it arrives. A late
 * report of a call admitted before the current HALF_OPEN period (in CLOSED, or in an earlier HALF_OPEN whose trials
 * stalled) cannot be told apart from a trial's: an outcome counts as a trial outcome while a trial is outstanding
 * (never more outcomes than admissions), and a release or ignored exception returns a trial permit, which lets one
 * more trial in. Outside HALF_OPEN a late report only moves the cumulative counters. The bound of N concurrent
 * trials is therefore exact for the calls admitted in the current HALF_OPEN period, plus one per such stale
 * release.
 *
 * <p>This class is thread-safe.
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
   *    write is LongAdder.increment(), whose cells are @Contended-padded by the JDK and chosen by the thread's
   *    probe, so two threads do not share a written line. Failures sum the adder's cells: cost O(cells) per
   *    failure, paid only on the unhappy path.
   * 4. Rates are evaluated only on failures and slow calls: a fast success can only lower them. See the class
   *    javadoc of CircuitBreakerConfig for the exact rule this gives.
   */

  private static final Logger LOG = LoggerFactory.getLogger(StripedCircuitBreaker.class);
  private static final VarHandle PHASE;

  static {
    try {
      PHASE = MethodHandles.lookup().findVarHandle(StripedCircuitBreaker.class, "phase", Phase.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String name;
  private final Journal journal;
  private final EventBus events = new EventBus();
  /** Every recorded outcome, in every state; the windows count from it. */
  private final LongAdder calls = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder slow = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder ignored = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder predicateFailures = new LongAdder();
  @SuppressWarnings("unused") // accessed through PHASE
  private volatile Phase phase;

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
    PHASE.setRelease(this, new Phase(State.CLOSED, 0, config, SlidingWindow.create(config, calls), 0, 0, 0, null));
  }

  private Phase phaseAcquire() {
    return (Phase) PHASE.getAcquire(this);
  }

  // ---------------------------------------------------------------- the call protocol (hot path first)

  @Override
  public boolean tryAcquirePermission() {
    Phase p = phaseAcquire();
    if (p.admitsAll) {
      return true;
    }
    return acquireSlow(p);
  }

  @Override
  public void onSuccess(long durationNanos) {
    Phase p = phaseAcquire();
    if (p.recordsInWindow && durationNanos < p.slowNanos) {
      p.window.recordSuccess();
      return;
    }
    recordOutcome(p, false, durationNanos >= p.slowNanos);
  }

  @Override
  public void onError(long durationNanos, Throwable error) {
    Phase p = phaseAcquire();
    if (p.state == State.DISABLED) {
      return;
    }
    CircuitBreakerConfig c = p.config;
    boolean failure;
    try {
      if (c.ignoreExceptions().test(error)) {
        ignored.increment();
        releaseTrial(p);
        return;
      }
      failure = c.recordExceptions().test(error);
    } catch (RuntimeException | Error e) {
      failure = predicateThrew(e, "exception", error);
    }
    recordJudged(p, durationNanos, failure);
  }

  @Override
  public void onResult(long durationNanos, Object result) {
    Phase p = phaseAcquire();
    if (p.state == State.DISABLED) {
      return;
    }
    boolean failure;
    try {
      failure = p.config.recordResult().test(result);
    } catch (RuntimeException | Error e) {
      failure = predicateThrew(e, "result", result);
    }
    recordJudged(p, durationNanos, failure);
  }

  /** A call judged by a predicate: a failure is recorded on {@code p}, anything else is a success. */
  private void recordJudged(Phase p, long durationNanos, boolean failure) {
    if (failure) {
      recordOutcome(p, true, durationNanos >= p.slowNanos);
    } else {
      onSuccess(durationNanos);
    }
  }

  @Override
  public void releasePermission() {
    Phase p = phaseAcquire();
    cancelled.increment();
    releaseTrial(p);
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

  private boolean acquireSlow(Phase p) {
    for (;;) {
      switch (p.state) {
        case CLOSED:
        case DISABLED:
        case METRICS_ONLY:
          return true;
        case FORCED_OPEN:
          rejected.increment();
          return false;
        case OPEN: {
          long now = p.config.ticker().read();
          if (now - p.enteredAt < p.waitNanos) {
            rejected.increment();
            return false;
          }
          transition(p, State.HALF_OPEN, now, "wait in OPEN of " + Duration.ofNanos(p.waitNanos) + " elapsed",
              Actor.automatic());
          break; // whoever won, re-read and try again
        }
        case HALF_OPEN: {
          if (p.trials.tryAdmit()) {
            return true;
          }
          long now = p.config.ticker().read();
          if (now - p.enteredAt >= p.config.maxWaitInHalfOpen().toNanos()) {
            transition(p, State.OPEN, now, "trials incomplete after maxWaitInHalfOpen of "
                + p.config.maxWaitInHalfOpen() + " (" + p.trials.inUse() + " in flight)", Actor.automatic());
          }
          rejected.increment();
          return false;
        }
        default:
          throw new IllegalStateException("unknown state " + p.state);
      }
      p = phaseAcquire(); // changed: by our CAS or by the one that beat it
    }
  }

  /** Records a failure and/or slow call, or any outcome outside the CLOSED fast path. */
  private void recordOutcome(Phase p, boolean failure, boolean isSlow) {
    if (p.state == State.DISABLED) {
      return;
    }
    if (failure) {
      failed.increment();
    }
    if (isSlow) {
      slow.increment();
    }
    if (p.recordsInWindow) {
      if (!failure && !isSlow) {
        p.window.recordSuccess();
        return;
      }
      WindowCounts counts = p.window.recordNotable(failure, isSlow);
      if (p.state == State.CLOSED) {
        String reason = tripReason(counts, p.config, true);
        if (reason != null) {
          decide(p, State.OPEN, p.config.ticker().read(), reason);
        }
      }
      return;
    }
    calls.increment(); // counted, but outside any window
    if (p.state == State.HALF_OPEN && p.trials.complete(failure, isSlow) == Trials.DECIDE) {
      long w = p.trials.wordAcquire();
      int n = p.trials.permitted;
      WindowCounts trialCounts = new WindowCounts(n, Trials.failures(w), Trials.slowCalls(w));
      String reason = tripReason(trialCounts, p.config, false);
      if (reason != null) {
        decide(p, State.OPEN, p.config.ticker().read(), "trials: " + reason);
      } else {
        decide(p, State.CLOSED, 0, "trials: failure rate " + trialCounts.failureRate() + " and slow-call rate "
            + trialCounts.slowCallRate() + " below thresholds over " + n + " trials");
      }
    }
  }

  /**
   * Applies an automatic transition decided from {@code p}'s window or trials. A reconfigure may have replaced the
   * phase object meanwhile without changing the state, the window or the trials: the decision still holds then and is
   * applied to the current phase. It is dropped once another transition has happened (or, in CLOSED, the window was
   * restarted).
   */
  private void decide(Phase p, State to, long now, String reason) {
    for (Phase cur = p; cur.state == p.state && (p.trials != null ? cur.trials == p.trials : cur.window == p.window);
        cur = phaseAcquire()) {
      if (transition(cur, to, now, reason, Actor.automatic())) {
        return;
      }
    }
  }

  private void releaseTrial(Phase p) {
    if (p.state == State.HALF_OPEN) {
      p.trials.release();
    }
  }

  /**
   * Null if the counts do not open the breaker, else why they do. In CLOSED the minimum number of calls gates;
   * over HALF_OPEN trials ({@code gated == false}) all trials are in and the rates decide alone.
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

  private boolean predicateThrew(Throwable e, String what, Object input) {
    if (e instanceof VirtualMachineError) {
      throw (VirtualMachineError) e;
    }
    predicateFailures.increment();
    long n = predicateFailures.sum();
    if (n == 1 || n % 1024 == 0) {
      LOG.warn("circuit breaker {}: {} predicate threw on {} ({} times so far); the call counts as a failure",
          name, what, input, n, e);
    }
    return true;
  }

  // ---------------------------------------------------------------- transitions

  /**
   * Builds the next phase, CASes it in, and only if that succeeded publishes the event and journals it.
   *
   * @return whether this thread made the transition
   */
  private boolean transition(Phase from, State to, long now, String reason, Actor actor) {
    if (actor.isAutomatic()) {
      Transitions.checkAutomatic(from.state, to);
    } else {
      Transitions.checkOperator(from.state, to);
    }
    Phase next = nextPhase(from, to, now);
    if (!PHASE.compareAndSet(this, from, next)) {
      return false;
    }
    // committed: everything below runs after the CAS, outside any lock
    CircuitBreakerEvent.StateTransition event =
        new CircuitBreakerEvent.StateTransition(name, from.state, to, next.epoch, reason, actor);
    String kind = actor.isAutomatic() ? "circuit.transition" : "circuit.override";
    record(event, kind, reason, from.state + " -> " + to, actor);
    return true;
  }

  private Phase nextPhase(Phase from, State to, long now) {
    CircuitBreakerConfig c = from.config;
    long epoch = from.epoch + 1;
    switch (to) {
      case CLOSED:
        return new Phase(State.CLOSED, epoch, c, SlidingWindow.create(c, calls), 0, 0, 0, null);
      case OPEN: {
        int opens = from.state == State.HALF_OPEN ? from.consecutiveOpens + 1 : 1;
        long at = now != 0 ? now : c.ticker().read();
        return new Phase(State.OPEN, epoch, c, from.window, at, c.openForNanos(opens), opens, null);
      }
      case HALF_OPEN: {
        long at = now != 0 ? now : c.ticker().read();
        return new Phase(State.HALF_OPEN, epoch, c, from.window, at, 0, from.consecutiveOpens,
            new Trials(c.permittedCallsInHalfOpen()));
      }
      case METRICS_ONLY: {
        SlidingWindow w = from.state == State.CLOSED ? from.window : SlidingWindow.create(c, calls);
        return new Phase(State.METRICS_ONLY, epoch, c, w, 0, 0, 0, null);
      }
      case DISABLED:
      case FORCED_OPEN:
        return new Phase(to, epoch, c, from.window, 0, 0, from.consecutiveOpens, null);
      default:
        throw new IllegalStateException("unknown state " + to);
    }
  }

  private void record(CircuitBreakerEvent event, String kind, String cause, String decision, Actor actor) {
    if (events.hasListeners(event.getClass())) {
      events.publish(event);
    }
    if (journal != null) {
      try {
        journal.append(name, kind, cause, decision, actor, Duration.ZERO);
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
      if (transition(p, target, 0, "operator request", actor)) {
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
      Phase next = new Phase(State.CLOSED, p.epoch + 1, c, SlidingWindow.create(c, calls), 0, 0, 0, null);
      if (PHASE.compareAndSet(this, p, next)) {
        record(new CircuitBreakerEvent.Reset(name, p.state, actor), "circuit.reset", "operator request",
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
      boolean keep = config.sameWindowAs(old);
      Phase next = p.withConfig(config, keep ? p.window : SlidingWindow.create(config, calls));
      if (PHASE.compareAndSet(this, p, next)) {
        record(new CircuitBreakerEvent.ConfigChanged(name, old, config, keep, actor), "circuit.config",
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
    Phase p = phaseAcquire();
    WindowCounts counts;
    int inUse = 0;
    if (p.state == State.HALF_OPEN) {
      long w = p.trials.wordAcquire();
      counts = new WindowCounts(Trials.completed(w), Trials.failures(w), Trials.slowCalls(w));
      inUse = Trials.admitted(w) - Trials.completed(w);
    } else {
      counts = p.window.counts();
    }
    boolean rated = p.state == State.HALF_OPEN ? counts.calls() > 0
        : counts.calls() >= p.config.minimumNumberOfCalls();
    long total = calls.sum();
    long failures = failed.sum();
    return new CircuitBreakerMetrics(p.state, counts.calls(), counts.failures(), counts.slowCalls(),
        rated ? counts.failureRate() : -1, rated ? counts.slowCallRate() : -1, Math.max(0, total - failures),
        failures, slow.sum(), rejected.sum(), ignored.sum(), cancelled.sum(), predicateFailures.sum(), inUse);
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
