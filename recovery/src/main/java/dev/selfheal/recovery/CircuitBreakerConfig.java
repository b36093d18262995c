package dev.selfheal.recovery;

/*
 * Why this class is large (649 lines): an immutable config with its builder, and the breaker has the most settings
 * of any policy (windows, thresholds, slow calls, half-open trials and waits, predicates, stack traces), each
 * validated and documented with its default, unit and range next to the field it fills.
 */

import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.internal.Environment;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The configuration of a {@link CircuitBreaker}: immutable, validated when built, reusable by any number of
 * breakers.
 *
 * <pre>{@code
 * CircuitBreakerConfig cfg = CircuitBreakerConfig.builder()
 *     .failureRateThreshold(0.5).slidingWindow(100).openFor(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * <p><b>The window rule, exactly</b> (Resilience4j's verdicts: see README, "Coming from Resilience4j"). In CLOSED
 * (and METRICS_ONLY) every recorded outcome enters the sliding window, and the breaker opens as soon as a recorded
 * outcome leaves the window holding at least {@link #minimumNumberOfCalls()} calls (the only gate: a TIME_BASED
 * window does not wait for its full duration to pass) with the failure rate {@code >=}
 * {@link #failureRateThreshold()} or the slow-call rate {@code >=} {@link #slowCallRateThreshold()}. Rates are
 * {@code failures / callsInWindow} and {@code slowCalls / callsInWindow}. So a success that completes the minimum
 * number of calls while the rate is at or above a threshold opens the breaker, exactly as in Resilience4j. The
 * rates are evaluated at every failure and slow call, at every success while the window may hold fewer calls than
 * the minimum, and (TIME_BASED) at the first success of each new bucket, since the buckets it expired may have held
 * only successes; any other success can only lower the rates, so the hot path skips the evaluation without
 * changing a verdict, with one exception: a COUNT_BASED window above 64 calls drops its oldest bucket whole, so the
 * success that drops a bucket of successes raises the rates by at most a factor {@code (W + k - 1) / W}
 * ({@code k = ceil(W / 64)}), and a threshold crossed that way is applied at the next evaluated outcome. Never on a
 * timer.
 * <ul>
 *   <li>COUNT_BASED, size {@code W}: the last {@code W} recorded calls. Up to 64 calls the window is exact
 *   call by call; a larger window is kept in 64 buckets of {@code ceil(W / 64)} calls, and the oldest bucket
 *   stays whole until its last call leaves, so the rates are computed over the last {@code W} to
 *   {@code W + ceil(W / 64) - 1} calls (until the window first fills, it is exact at any size). A call's position
 *   is fixed when its outcome is recorded; calls recorded concurrently may swap places.
 *   <li>TIME_BASED, duration {@code D}: the calls recorded in the current bucket and the 9 before it, buckets
 *   being {@code D / 10} long on the {@link #ticker()}, counted from the moment the window started; the window
 *   spans between {@code 0.9 D} and {@code D} (Resilience4j's buckets are whole seconds, so a 10 s window is the
 *   same in both). A call is placed by the ticker reading taken when its outcome is recorded (one ticker read per
 *   recorded call, the only clock read a TIME_BASED window needs).
 * </ul>
 * The window starts empty whenever the breaker enters CLOSED.
 *
 * <p><b>HALF_OPEN.</b> {@link #permittedCallsInHalfOpen()} trial calls are admitted. The period is decided by the
 * trial outcome that makes {@code min(minimumNumberOfCalls, permittedCallsInHalfOpen)} of them complete (Resilience4j's
 * rule): OPEN if either rate over those trials reaches its threshold, CLOSED otherwise; results of the other
 * trials then arrive in the next phase and move only the cumulative counters. A cancelled trial
 * ({@code releasePermission}) or one ending with an ignored exception returns its permit, so another call may take
 * it. {@link #maxWaitInHalfOpen()} after entering HALF_OPEN, a breaker still HALF_OPEN moves to OPEN (with the next,
 * possibly longer, wait): a task on the {@link #scheduler()} does it at the deadline, with no call needed, and a
 * call attempt refused after the deadline does it too, should the scheduler be late. Stalled trials cannot wedge it.
 *
 * <p><b>OPEN.</b> Calls are rejected until the wait in OPEN ({@link #openFor()}, growing with
 * {@link Builder#openForBackoff}) has elapsed; then the first call attempt moves the breaker to HALF_OPEN and takes
 * a trial permit, or, with {@link #automaticTransitionFromOpenToHalfOpen()}, a task on the scheduler moves it at the
 * end of the wait.
 *
 * <p>This class is thread-safe (immutable). Its {@link Builder} is not. (It is over 400 lines: one validated
 * field, accessor and documented builder method per setting, and the rules they configure.)
 */
public final class CircuitBreakerConfig {

  /** How the CLOSED-state sliding window is measured. */
  public enum WindowType {
    /** The last N recorded calls. */
    COUNT_BASED,
    /** The calls recorded during the last duration. */
    TIME_BASED
  }

  /** Largest COUNT_BASED window. */
  public static final int MAX_WINDOW_CALLS = 1_000_000_000;
  /** Largest number of trial calls in HALF_OPEN. */
  public static final int MAX_HALF_OPEN_CALLS = 32_767;
  /** Shortest TIME_BASED window (10 buckets of at least 1 ms). */
  public static final Duration MIN_WINDOW_DURATION = Duration.ofMillis(10);
  /** Longest TIME_BASED window. */
  public static final Duration MAX_WINDOW_DURATION = Duration.ofDays(1);

  private static final Predicate<Throwable> ALL = t -> true;
  private static final Predicate<Throwable> NONE = t -> false;
  private static final Predicate<Object> NO_RESULT = r -> false;
  private static final CircuitBreakerConfig DEFAULTS = builder().build();

  private final double failureRateThreshold;
  private final double slowCallRateThreshold;
  private final Duration slowCallDuration;
  private final WindowType windowType;
  private final int windowCalls;
  private final Duration windowDuration;
  private final int minimumNumberOfCalls;
  private final Duration openFor;
  private final double openForMultiplier;
  private final Duration maxOpenFor;
  private final int permittedCallsInHalfOpen;
  private final Duration maxWaitInHalfOpen;
  private final Predicate<Throwable> recordExceptions;
  private final Predicate<Throwable> ignoreExceptions;
  private final Predicate<Object> recordResult;
  private final boolean writableStackTrace;
  private final boolean critical;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final boolean automaticTransitionFromOpenToHalfOpen;
  private final boolean minimumCallsSet;
  private final boolean slowRateSet;

  private CircuitBreakerConfig(Builder b) {
    this.failureRateThreshold = b.failureRateThreshold;
    this.slowCallRateThreshold = b.slowCallRateThreshold;
    this.slowCallDuration = b.slowCallDuration;
    this.windowType = b.windowType;
    this.windowCalls = b.windowCalls;
    this.windowDuration = b.windowDuration;
    this.minimumNumberOfCalls = b.minimumCallsSet ? b.minimumNumberOfCalls
        : windowType == WindowType.COUNT_BASED ? Math.min(b.minimumNumberOfCalls, windowCalls)
        : b.minimumNumberOfCalls;
    this.openFor = b.openFor;
    this.openForMultiplier = b.openForMultiplier;
    this.maxOpenFor = b.maxOpenFor == null ? b.openFor : b.maxOpenFor;
    this.permittedCallsInHalfOpen = b.permittedCallsInHalfOpen;
    this.maxWaitInHalfOpen = b.maxWaitInHalfOpen;
    this.recordExceptions = b.recordExceptions;
    this.ignoreExceptions = b.ignoreExceptions;
    this.recordResult = b.recordResult;
    this.writableStackTrace = b.writableStackTrace;
    this.critical = b.critical;
    this.ticker = b.ticker;
    this.scheduler = b.scheduler;
    this.automaticTransitionFromOpenToHalfOpen = b.automaticTransitionFromOpenToHalfOpen;
    this.minimumCallsSet = b.minimumCallsSet;
    this.slowRateSet = b.slowRateSet;
  }

  /**
   * The defaults: see each {@link Builder} method.
   *
   * @return the default config
   */
  public static CircuitBreakerConfig ofDefaults() {
    return DEFAULTS;
  }

  /** {@return a new builder, every setting at its default} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this config's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@return failure rate, in (0, 1], at or above which the breaker opens} */
  public double failureRateThreshold() {
    return failureRateThreshold;
  }

  /** {@return slow-call rate, in (0, 1], at or above which the breaker opens (only with slow-call detection on)} */
  public double slowCallRateThreshold() {
    return slowCallRateThreshold;
  }

  /**
   * A call lasting at least this long is slow; {@link Duration#ZERO} means slow-call detection is off.
   *
   * @return the slow-call duration, or zero
   */
  public Duration slowCallDuration() {
    return slowCallDuration;
  }

  /** {@return whether slow-call detection is on (callers then measure call durations)} */
  public boolean slowCallDetection() {
    return !slowCallDuration.isZero();
  }

  /** {@return whether the window counts the last calls or the calls of the last period} */
  public WindowType windowType() {
    return windowType;
  }

  /** {@return the COUNT_BASED window size in calls (meaningless for TIME_BASED)} */
  public int windowCalls() {
    return windowCalls;
  }

  /** {@return the TIME_BASED window duration (meaningless for COUNT_BASED)} */
  public Duration windowDuration() {
    return windowDuration;
  }

  /** {@return calls the window must hold before a rate can open the breaker} */
  public int minimumNumberOfCalls() {
    return minimumNumberOfCalls;
  }

  /** {@return the wait in OPEN after the first opening} */
  public Duration openFor() {
    return openFor;
  }

  /** {@return factor applied to the wait in OPEN for each consecutive opening (1 = constant wait)} */
  public double openForMultiplier() {
    return openForMultiplier;
  }

  /** {@return the cap of the growing wait in OPEN} */
  public Duration maxOpenFor() {
    return maxOpenFor;
  }

  /** {@return the number of trial calls admitted in HALF_OPEN} */
  public int permittedCallsInHalfOpen() {
    return permittedCallsInHalfOpen;
  }

  /**
   * How long HALF_OPEN waits for its trials before going back to OPEN (on the {@link #scheduler()}).
   *
   * @return the wait; zero waits for the trials however long they take
   */
  public Duration maxWaitInHalfOpen() {
    return maxWaitInHalfOpen;
  }

  /** {@return which exceptions count as failures (unless ignored)} */
  public Predicate<Throwable> recordExceptions() {
    return recordExceptions;
  }

  /** {@return which exceptions are ignored: the permit is released and nothing is recorded. Wins over recording} */
  public Predicate<Throwable> ignoreExceptions() {
    return ignoreExceptions;
  }

  /** {@return which results count as failures} */
  public Predicate<Object> recordResult() {
    return recordResult;
  }

  /**
   * Whether {@link CircuitOpenException}s carry a stack trace.
   *
   * @return whether they do
   */
  public boolean writableStackTrace() {
    return writableStackTrace;
  }

  /** {@return whether the breaker may pull the process's readiness down} */
  public boolean critical() {
    return critical;
  }

  /** {@return the monotonic time source} */
  public Ticker ticker() {
    return ticker;
  }

  /** {@return where the deadlines of HALF_OPEN (and of OPEN, with the automatic transition) are scheduled} */
  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * {@return whether a scheduled task moves OPEN to HALF_OPEN at the end of the wait (else the first call attempt does)}
   */
  public boolean automaticTransitionFromOpenToHalfOpen() {
    return automaticTransitionFromOpenToHalfOpen;
  }

  @Override
  public String toString() {
    return "CircuitBreakerConfig{failureRateThreshold=" + failureRateThreshold
        + ", slowCallRateThreshold=" + slowCallRateThreshold + ", slowCallDuration=" + slowCallDuration
        + ", window=" + windowType + "/" + (windowType == WindowType.COUNT_BASED ? windowCalls + " calls"
            : windowDuration.toString())
        + ", minimumNumberOfCalls=" + minimumNumberOfCalls + ", openFor=" + openFor
        + ", openForMultiplier=" + openForMultiplier + ", maxOpenFor=" + maxOpenFor
        + ", permittedCallsInHalfOpen=" + permittedCallsInHalfOpen + ", maxWaitInHalfOpen=" + maxWaitInHalfOpen
        + ", automaticTransitionFromOpenToHalfOpen=" + automaticTransitionFromOpenToHalfOpen
        + ", writableStackTrace=" + writableStackTrace + ", critical=" + critical + "}";
  }

  /** Builder of {@link CircuitBreakerConfig}. Not thread-safe. {@link #build()} validates every field. */
  public static final class Builder {
    private double failureRateThreshold = 0.5;
    private double slowCallRateThreshold = 1.0;
    private Duration slowCallDuration = Duration.ZERO;
    private WindowType windowType = WindowType.COUNT_BASED;
    private int windowCalls = 100;
    private Duration windowDuration = Duration.ofSeconds(60);
    private int minimumNumberOfCalls = 100;
    private Duration openFor = Duration.ofSeconds(60);
    private double openForMultiplier = 1.0;
    private Duration maxOpenFor;
    private int permittedCallsInHalfOpen = 10;
    private Duration maxWaitInHalfOpen = Duration.ofSeconds(60);
    private Predicate<Throwable> recordExceptions = ALL;
    private Predicate<Throwable> ignoreExceptions = NONE;
    private Predicate<Object> recordResult = NO_RESULT;
    private boolean writableStackTrace;
    private boolean critical;
    private Ticker ticker = Ticker.system();
    private Scheduler scheduler = Environment.defaultScheduler();
    private boolean automaticTransitionFromOpenToHalfOpen;
    private boolean minimumCallsSet;
    private boolean slowRateSet;

    private Builder() {}

    private Builder(CircuitBreakerConfig c) {
      failureRateThreshold = c.failureRateThreshold;
      slowCallRateThreshold = c.slowCallRateThreshold;
      slowCallDuration = c.slowCallDuration;
      windowType = c.windowType;
      windowCalls = c.windowCalls;
      windowDuration = c.windowDuration;
      minimumNumberOfCalls = c.minimumCallsSet ? c.minimumNumberOfCalls : 100;
      openFor = c.openFor;
      openForMultiplier = c.openForMultiplier;
      maxOpenFor = c.maxOpenFor;
      permittedCallsInHalfOpen = c.permittedCallsInHalfOpen;
      maxWaitInHalfOpen = c.maxWaitInHalfOpen;
      recordExceptions = c.recordExceptions;
      ignoreExceptions = c.ignoreExceptions;
      recordResult = c.recordResult;
      writableStackTrace = c.writableStackTrace;
      critical = c.critical;
      ticker = c.ticker;
      scheduler = c.scheduler;
      automaticTransitionFromOpenToHalfOpen = c.automaticTransitionFromOpenToHalfOpen;
      minimumCallsSet = c.minimumCallsSet;
      slowRateSet = c.slowRateSet;
    }

    /**
     * Failure rate at or above which the breaker opens. Default 0.5; a fraction in (0, 1].
     *
     * @param threshold failure rate at or above which the breaker opens
     * @return this builder
     */
    public Builder failureRateThreshold(double threshold) {
      this.failureRateThreshold = threshold;
      return this;
    }

    /**
     * Slow-call rate at or above which the breaker opens. Default 1.0; a fraction in (0, 1]. Setting it
     * requires slow-call detection ({@link #slowCallDuration(Duration)} above zero).
     *
     * @param threshold slow-call rate at or above which the breaker opens
     * @return this builder
     */
    public Builder slowCallRateThreshold(double threshold) {
      this.slowCallRateThreshold = threshold;
      this.slowRateSet = true;
      return this;
    }

    /**
     * A call lasting at least this long is slow. Default {@link Duration#ZERO}: slow-call detection off, and
     * callers never measure durations. Range: zero, or 1 ns to 1 day.
     *
     * @param duration a call lasting at least this long is slow
     * @return this builder
     */
    public Builder slowCallDuration(Duration duration) {
      this.slowCallDuration = Objects.requireNonNull(duration, "slowCallDuration");
      return this;
    }

    /**
     * A COUNT_BASED window of the last {@code calls} calls. Default: COUNT_BASED, 100 calls; range 1 to
     * {@value CircuitBreakerConfig#MAX_WINDOW_CALLS}.
     *
     * @param calls a COUNT_BASED window of the last {@code calls} calls
     * @return this builder
     */
    public Builder slidingWindow(int calls) {
      this.windowType = WindowType.COUNT_BASED;
      this.windowCalls = calls;
      return this;
    }

    /**
     * A TIME_BASED window over the last {@code duration}, kept in 10 buckets. Default: COUNT_BASED (see
     * {@link #slidingWindow(int)}); range 10 ms to 1 day. Costs one ticker read per recorded call.
     *
     * @param duration a TIME_BASED window over the last {@code duration}, kept in 10 buckets
     * @return this builder
     */
    public Builder slidingWindow(Duration duration) {
      this.windowType = WindowType.TIME_BASED;
      this.windowDuration = Objects.requireNonNull(duration, "windowDuration");
      return this;
    }

    /**
     * Calls the window must hold before a rate can open the breaker. Default 100, lowered to the window size
     * for a smaller COUNT_BASED window; range 1 to the COUNT_BASED window size (any positive int for
     * TIME_BASED).
     *
     * @param calls calls the window must hold before a rate can open the breaker
     * @return this builder
     */
    public Builder minimumNumberOfCalls(int calls) {
      this.minimumNumberOfCalls = calls;
      this.minimumCallsSet = true;
      return this;
    }

    /**
     * The wait in OPEN before trial calls are admitted. Default 60 s; range 1 ms to 1 day.
     *
     * @param wait the wait in OPEN before trial calls are admitted
     * @return this builder
     */
    public Builder openFor(Duration wait) {
      this.openFor = Objects.requireNonNull(wait, "openFor");
      return this;
    }

    /**
     * Grows the wait in OPEN on consecutive openings (HALF_OPEN failing back to OPEN): the n-th consecutive
     * opening waits {@code min(openFor * multiplier^(n-1), max)}; closing resets n. Default: multiplier 1
     * (constant wait), max = {@code openFor}. Range: multiplier 1 to 100; max from {@code openFor} to 1 day.
     *
     * @return this builder
     * @param multiplier the growth factor per consecutive opening
     * @param max the cap of the wait
     */
    public Builder openForBackoff(double multiplier, Duration max) {
      this.openForMultiplier = multiplier;
      this.maxOpenFor = Objects.requireNonNull(max, "maxOpenFor");
      return this;
    }

    /**
     * Trial calls admitted in HALF_OPEN. Default 10; range 1 to {@value CircuitBreakerConfig#MAX_HALF_OPEN_CALLS}.
     *
     * @param calls trial calls admitted in HALF_OPEN
     * @return this builder
     */
    public Builder permittedCallsInHalfOpen(int calls) {
      this.permittedCallsInHalfOpen = calls;
      return this;
    }

    /**
     * How long HALF_OPEN waits for the trial outcomes that decide it before going back to OPEN: a task on the
     * {@link #scheduler(Scheduler)} does it at the deadline, with no call needed. Default 60 s (Resilience4j's
     * default, 0, waits forever: stalled trials would wedge the breaker); range 1 ms to 1 day, and not shorter than
     * {@link #slowCallDuration(Duration)}.
     *
     * @param wait how long HALF_OPEN waits for the trial outcomes that decide it before going back to OPEN: a task on the {@link #scheduler(Scheduler)} does it at the deadline, with no call needed
     * @return this builder
     */
    public Builder maxWaitInHalfOpen(Duration wait) {
      this.maxWaitInHalfOpen = Objects.requireNonNull(wait, "maxWaitInHalfOpen");
      return this;
    }

    /**
     * Which exceptions count as failures. Default: every exception. A predicate that throws records nothing:
     * the permit is released, {@link CircuitBreakerMetrics#predicateFailures()} counts it, and its exception (with
     * the call's as a suppressed one) reaches the caller of {@code onError} (Resilience4j #2324).
     *
     * @param predicate which exceptions count as failures
     * @return this builder
     */
    public Builder recordExceptions(Predicate<Throwable> predicate) {
      this.recordExceptions = Objects.requireNonNull(predicate, "recordExceptions");
      return this;
    }

    /**
     * Which exceptions are ignored (permit released, nothing recorded); wins over
     * {@link #recordExceptions(Predicate)}. Default: none. A predicate that throws records nothing (see
     * {@link #recordExceptions(Predicate)}).
     *
     * @param predicate which exceptions are ignored (permit released, nothing recorded); wins over {@link #recordExceptions(Predicate)}
     * @return this builder
     */
    public Builder ignoreExceptions(Predicate<Throwable> predicate) {
      this.ignoreExceptions = Objects.requireNonNull(predicate, "ignoreExceptions");
      return this;
    }

    /**
     * Which results count as failures. Default: none. A predicate that throws records nothing: the permit is
     * released, the throw is counted and its exception reaches the caller of {@code onResult}.
     *
     * @param predicate which results count as failures
     * @return this builder
     */
    public Builder recordResult(Predicate<Object> predicate) {
      this.recordResult = Objects.requireNonNull(predicate, "recordResult");
      return this;
    }

    /**
     * Whether {@link CircuitOpenException}s carry a stack trace. Default false (cheap rejections).
     *
     * @param writable whether {@link CircuitOpenException}s carry a stack trace
     * @return this builder
     */
    public Builder writableStackTrace(boolean writable) {
      this.writableStackTrace = writable;
      return this;
    }

    /**
     * Whether this breaker may pull the process's readiness down when OPEN. Default false: a shared
     * downstream's outage must not take every replica out of the load balancer.
     *
     * @param critical whether this breaker may pull the process's readiness down when OPEN
     * @return this builder
     */
    public Builder critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    /**
     * The monotonic time source. Default {@link Ticker#system()}; tests inject a {@code ManualTicker}.
     *
     * @param ticker the monotonic time source
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Where the breaker schedules its deadlines: the end of {@link #maxWaitInHalfOpen(Duration)} and, with
     * {@link #automaticTransitionFromOpenToHalfOpen(boolean)}, the end of the wait in OPEN. Default: the JDK's
     * delayed executor (no thread of ours). It should run on the same time as the {@link #ticker(Ticker)}: tests
     * pass a {@code ManualScheduler} over their {@code ManualTicker}.
     *
     * @param scheduler where the breaker schedules its deadlines: the end of {@link #maxWaitInHalfOpen(Duration)} and, with {@link #automaticTransitionFromOpenToHalfOpen(boolean)}, the end of the wait in OPEN
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Whether a task on the {@link #scheduler(Scheduler)} moves OPEN to HALF_OPEN when the wait in OPEN ends (as
     * Resilience4j's {@code automaticTransitionFromOpenToHalfOpenEnabled}), so that the state and health read
     * HALF_OPEN without traffic. Default false: the first call attempt after the wait does it.
     *
     * @param enabled whether a task on the {@link #scheduler(Scheduler)} moves OPEN to HALF_OPEN when the wait in OPEN ends (as Resilience4j's {@code automaticTransitionFromOpenToHalfOpenEnabled}), so that the state and health read HALF_OPEN without traffic
     * @return this builder
     */
    public Builder automaticTransitionFromOpenToHalfOpen(boolean enabled) {
      this.automaticTransitionFromOpenToHalfOpen = enabled;
      return this;
    }

    /**
     * Validates every field and their combinations, and builds the immutable config.
     *
     * @return the immutable config
     */
    public CircuitBreakerConfig build() {
      rate("failureRateThreshold", failureRateThreshold);
      rate("slowCallRateThreshold", slowCallRateThreshold);
      if (!slowCallDuration.isZero()) {
        duration("slowCallDuration", slowCallDuration, Duration.ofNanos(1));
      }
      if (slowCallDuration.isNegative()) {
        throw new IllegalArgumentException("slowCallDuration must be >= 0, was " + slowCallDuration);
      }
      if (windowType == WindowType.COUNT_BASED) {
        if (windowCalls < 1 || windowCalls > MAX_WINDOW_CALLS) {
          throw new IllegalArgumentException(
              "windowCalls must be in [1, " + MAX_WINDOW_CALLS + "], was " + windowCalls);
        }
      } else {
        if (windowDuration.compareTo(MIN_WINDOW_DURATION) < 0 || windowDuration.compareTo(MAX_WINDOW_DURATION) > 0) {
          throw new IllegalArgumentException("windowDuration must be in [" + MIN_WINDOW_DURATION + ", "
              + MAX_WINDOW_DURATION + "], was " + windowDuration);
        }
      }
      if (minimumNumberOfCalls < 1) {
        throw new IllegalArgumentException("minimumNumberOfCalls must be >= 1, was " + minimumNumberOfCalls);
      }
      duration("openFor", openFor, Duration.ofMillis(1));
      if (!(openForMultiplier >= 1.0 && openForMultiplier <= 100.0)) {
        throw new IllegalArgumentException("openForMultiplier must be in [1, 100], was " + openForMultiplier);
      }
      if (maxOpenFor != null) {
        duration("maxOpenFor", maxOpenFor, Duration.ofMillis(1));
      }
      if (permittedCallsInHalfOpen < 1 || permittedCallsInHalfOpen > MAX_HALF_OPEN_CALLS) {
        throw new IllegalArgumentException("permittedCallsInHalfOpen must be in [1, " + MAX_HALF_OPEN_CALLS
            + "], was " + permittedCallsInHalfOpen);
      }
      duration("maxWaitInHalfOpen", maxWaitInHalfOpen, Duration.ofMillis(1));
      // combinations
      if (windowType == WindowType.COUNT_BASED && minimumCallsSet && minimumNumberOfCalls > windowCalls) {
        throw new IllegalArgumentException("minimumNumberOfCalls (" + minimumNumberOfCalls
            + ") must not exceed windowCalls (" + windowCalls + "): the breaker could never open");
      }
      if (slowRateSet && slowCallDuration.isZero()) {
        throw new IllegalArgumentException("slowCallRateThreshold was set to " + slowCallRateThreshold
            + " but slowCallDuration is zero (slow-call detection off): set slowCallDuration too");
      }
      if (maxOpenFor != null && maxOpenFor.compareTo(openFor) < 0) {
        throw new IllegalArgumentException("maxOpenFor (" + maxOpenFor + ") must be >= openFor (" + openFor + ")");
      }
      if (!slowCallDuration.isZero() && maxWaitInHalfOpen.compareTo(slowCallDuration) < 0) {
        throw new IllegalArgumentException("maxWaitInHalfOpen (" + maxWaitInHalfOpen
            + ") must be >= slowCallDuration (" + slowCallDuration + "): a merely slow trial would always time out");
      }
      return new CircuitBreakerConfig(this);
    }

    private static void rate(String field, double value) {
      if (!(value > 0.0 && value <= 1.0)) {
        throw new IllegalArgumentException(field + " must be a fraction in (0, 1], was " + value);
      }
    }

    private static void duration(String field, Duration value, Duration min) {
      if (value.compareTo(min) < 0 || value.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(field + " must be in [" + min + ", PT24H], was " + value);
      }
    }
  }
}
