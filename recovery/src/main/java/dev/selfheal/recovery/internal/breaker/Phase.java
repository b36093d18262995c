package dev.selfheal.recovery.internal.breaker;

import dev.selfheal.recovery.CircuitBreaker.State;
import dev.selfheal.recovery.CircuitBreakerConfig;

/**
 * One immutable period of a breaker's life: a state, its epoch and everything that state needs, published as a
 * whole by one reference {@code compareAndSet}. A thread that read an older phase can neither apply a transition
 * (its CAS expects an object that is no longer current) nor touch the current phase's trials (they live in the
 * phase it read). This plays the role of a state+epoch word: the identity of the object is the epoch, and the
 * epoch number is kept for events and the journal.
 */
final class Phase {
  final State state;
  final long epoch;
  /**
   * The per-call token: what {@code tryAcquirePermit()} returns in this phase, and what a result must carry to be
   * applied to it. A new number on every transition and on a reconfiguration that restarts a recording window;
   * kept by one that changes nothing a result is applied to.
   */
  final long period;
  final CircuitBreakerConfig config;
  /** The CLOSED-state window; replaced whenever the breaker enters CLOSED, kept otherwise. */
  final SlidingWindow window;
  /** CLOSED and METRICS_ONLY: outcomes go to the window. */
  final boolean recordsInWindow;
  /** CLOSED, METRICS_ONLY and DISABLED: every call is admitted. */
  final boolean admitsAll;
  /** Durations at or above this are slow; {@code Long.MAX_VALUE} when slow-call detection is off. */
  final long slowNanos;
  /** Ticker reading when OPEN or HALF_OPEN was entered (0 in other states). */
  final long enteredAt;
  /** OPEN: the wait before HALF_OPEN. */
  final long waitNanos;
  /** Openings since the breaker was last CLOSED (drives the growing wait in OPEN). */
  final int consecutiveOpens;
  /** HALF_OPEN: this period's trials (null in other states). */
  final Trials trials;
  /**
   * Outside CLOSED and METRICS_ONLY: the window's counts when it stopped recording, which is what the metrics
   * report (null while recording). A frozen copy, so that neither late results nor time move them.
   */
  final WindowCounts frozen;

  Phase(State state, long epoch, long period, CircuitBreakerConfig config, SlidingWindow window, long enteredAt,
      long waitNanos, int consecutiveOpens, Trials trials, WindowCounts frozen) {
    this.state = state;
    this.epoch = epoch;
    this.period = period;
    this.config = config;
    this.window = window;
    this.recordsInWindow = state == State.CLOSED || state == State.METRICS_ONLY;
    this.admitsAll = recordsInWindow || state == State.DISABLED;
    this.slowNanos = config.slowCallDetection() ? config.slowCallDuration().toNanos() : Long.MAX_VALUE;
    this.enteredAt = enteredAt;
    this.waitNanos = waitNanos;
    this.consecutiveOpens = consecutiveOpens;
    this.trials = trials;
    this.frozen = recordsInWindow ? null : frozen;
  }

  /**
   * The same period under a new config (reconfigure): state, timing and trials kept. A recording phase whose window
   * restarts starts a new period: results admitted against the old window no longer reach any window.
   */
  Phase withConfig(CircuitBreakerConfig newConfig, SlidingWindow newWindow) {
    long nextEpoch = epoch + 1;
    boolean newPeriod = recordsInWindow && newWindow != window;
    return new Phase(state, nextEpoch, newPeriod ? nextEpoch : period, newConfig, newWindow, enteredAt, waitNanos,
        consecutiveOpens, trials, frozen);
  }

  /** The counts the metrics report outside HALF_OPEN. */
  WindowCounts windowCounts() {
    return frozen != null ? frozen : window.counts();
  }
}
