package dev.selfheal.recovery.internal;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.AdaptiveLimiter;
import dev.selfheal.recovery.AdaptiveLimiterConfig;
import dev.selfheal.recovery.BulkheadFullException;
import dev.selfheal.recovery.RecoveryJournalKind;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * The adaptive limiter: a counting semaphore like {@link SemaphoreBulkhead} whose maximum is set by
 * {@link LimitRules} once per window of completed calls.
 *
 * <pre>{@code
 *   inUse: 0 ──tryAcquire (inUse < limit: CAS +1)──► ... ──► limit (saturated: DEGRADED; refuses)
 *          ◄──onSuccess / onDropped / onIgnore (getAndAdd -1)──┘
 *   window: OPEN ──samples >= max(windowSamples, limit), or maxWindow elapsed──► CLOSING (one thread wins the
 *           CAS, runs the rules, publishes the new limit) ──► OPEN
 * }</pre>
 *
 * <p><b>Memory ordering.</b> {@code inUse} changes by {@code compareAndSet} (admission, the linearization
 * point of the cap) and {@code getAndAdd} (release). {@code limit} is a volatile int written only by the
 * thread that closes a window (or by an operator override) and read by every acquire. Window sums are
 * atomic adders; a sample racing with a window's close may land in the next window, which is benign.
 *
 * <p><b>Progress.</b> Acquire and release are lock-free and allocate nothing; the thread that closes a
 * window runs the rules (a few dozen arithmetic operations) and, at most once per event interval, publishes
 * an event. The rules' state is only touched by the thread holding the {@code closing} flag.
 *
 * <p><b>Callers must</b> pass every token from a successful {@link #tryAcquire()} to exactly one of
 * {@link #onSuccess}, {@link #onDropped} or {@link #onIgnore}.
 *
 * <p>This class is thread-safe.
 */
public final class AdaptiveConcurrencyLimiter implements AdaptiveLimiter {
  /*
   * Implementation notes.
   * 1. The token is the ticker reading at admission; REJECTED (Long.MIN_VALUE) and UNSAMPLED are never
   *    readings (a reading equal to either is nudged by two nanoseconds).
   * 2. Stop-the-world pauses (Netflix #156): a gap of at least minPause (and 4 baselines) with no completion
   *    while calls are in flight is taken as a pause [last completion, now]; every sample that was in flight
   *    during it has the overlap removed from its latency, the window's duration excludes it, and the rules
   *    skip that window and the next. So a GC pause does not read as a queue, nor its standstill as demand.
   *    A dependency that stalls every call at once looks the same until its calls time out: drops are
   *    never discounted.
   * 3. Drops carry no latency sample (#176): their near-zero or deadline-long latency would bias the baseline.
   * 4. Sampling (AdaptiveLimiterConfig#latencySampling): one call in sampleEvery (a power of two, chosen by the
   *    injected generator) reads the ticker. A window closes after windowSamples samples but not before two
   *    latencies have passed; when a window that long still gathers 8 windowSamples samples, half as many
   *    calls are sampled from the next window on (below 3 windowSamples, twice as many). So a window keeps
   *    its span of two latencies, and the rules see as many windows per second, with a few hundred samples
   *    at most: slow calls at moderate rates are all sampled, sub-microsecond calls at high rates one in up
   *    to 64. The rules scale the sampled rate back (Window#callsPerSample).
   * 5. The thread closing a window also hands the rules the window's admissions and refusals (differences of
   *    the permitted/rejected adders, read once per window, off the acquire path): how many more calls are
   *    offered than served sets the queue the rules keep (LimitRules note 11).
   */

  private static final long MIN_WINDOW_NANOS = 1_000_000L;
  /** The token of an admitted call whose latency is not sampled ({@link AdaptiveLimiterConfig#latencySampling}). */
  private static final long UNSAMPLED = Long.MIN_VALUE + 1;

  private final String name;
  private final Environment env;
  private final Ticker ticker;
  private final AdaptiveLimiterConfig config;
  private final LimitRules rules;
  private final PaddedIntCell inUse = new PaddedIntCell();
  private volatile int limit;
  private volatile int override; // 0: none
  private volatile boolean limitReached;
  private volatile long lastCompletion;
  private volatile long pauseStart;
  private volatile long pauseEnd;
  private final AtomicLong windowCount = new AtomicLong();
  private final LongAdder windowRtt = new LongAdder();
  private final AtomicLong windowMin = new AtomicLong(Long.MAX_VALUE);
  private final LongAdder windowInflight = new LongAdder();
  private final AtomicLong windowDrops = new AtomicLong();
  private final AtomicLong windowPaused = new AtomicLong();
  private volatile long windowStart;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final LongAdder permitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong windows = new AtomicLong();
  private final AtomicLong pauses = new AtomicLong();
  private final int maxSampling;
  private final RandomGenerator random;
  private volatile int sampleEvery = 1;
  private final long minPauseNanos;
  private final long maxWindowNanos;
  private final long eventIntervalNanos;
  // guarded by the closing flag
  private LimitRules.State state;
  private long lastPermitted;
  private long lastRejected;
  private int announcedLimit;
  private long lastEventAt;
  private volatile long baseline;
  private volatile long minWindowNanos; // two mean latencies of the last window: N = sum(rtt) / elapsed needs it

  public AdaptiveConcurrencyLimiter(String name, AdaptiveLimiterConfig config, Environment env) {
    this(name, config, env, ThreadLocalRandom.current());
  }

  /**
   * A limiter whose sampled calls are chosen by {@code random} (note 4): a seeded generator makes a
   * single-threaded run reproducible; with several acquiring threads it must be thread-safe.
   */
  public AdaptiveConcurrencyLimiter(String name, AdaptiveLimiterConfig config, Environment env,
      RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
    this.name = Objects.requireNonNull(name, "name");
    this.config = Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(env, "env");
    this.ticker = env.ticker();
    this.rules = new LimitRules(config.minLimit(), config.maxLimit());
    this.state = LimitRules.State.initial(config.initialLimit());
    this.limit = config.initialLimit();
    this.announcedLimit = limit;
    this.maxSampling = Integer.highestOneBit(config.latencySampling());
    this.minPauseNanos = config.minPause().toNanos();
    this.maxWindowNanos = config.maxWindow().toNanos();
    this.eventIntervalNanos = config.eventInterval().toNanos();
    long now = ticker.read();
    this.windowStart = now;
    this.lastCompletion = now;
    this.lastEventAt = now - eventIntervalNanos;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public AdaptiveLimiterConfig config() {
    return config;
  }

  @Override
  public boolean critical() {
    return config.critical();
  }

  @Override
  public long tryAcquire() {
    int o = override;
    int max = o > 0 ? o : limit;
    for (;;) {
      int used = inUse.getVolatile();
      if (used >= max) {
        markLimitReached();
        rejected.increment();
        return REJECTED;
      }
      if (inUse.compareAndSet(used, used + 1)) {
        if (used + 1 >= max) {
          markLimitReached();
        }
        break;
      }
    }
    permitted.increment();
    int n = sampleEvery;
    if (n > 1 && (random.nextInt() & (n - 1)) != 0) {
      return UNSAMPLED;
    }
    long t = ticker.read();
    return t == REJECTED || t == UNSAMPLED ? t + 2 : t;
  }

  private void markLimitReached() {
    if (!limitReached) { // read first: no write traffic on the shared line while it is already set
      limitReached = true;
    }
  }

  @Override
  public void onSuccess(long token) {
    if (token == UNSAMPLED) {
      release();
      return;
    }
    long now = ticker.read();
    long rtt = now - token - pauseOverlap(token, now);
    windowInflight.add(release());
    long r = Math.max(0, rtt);
    windowRtt.add(r);
    for (long m = windowMin.get(); r < m && !windowMin.compareAndSet(m, r); m = windowMin.get()) {
      // a new window minimum; most samples only read
    }
    maybeClose(windowCount.incrementAndGet(), now);
  }

  @Override
  public void onDropped(long token) {
    if (token == UNSAMPLED) { // drops are sampled at the same rate as successes: the drop share stays unbiased
      release();
      dropped.increment();
      return;
    }
    long now = ticker.read();
    pauseOverlap(token, now);
    release();
    dropped.increment();
    windowDrops.incrementAndGet();
    maybeClose(windowCount.incrementAndGet(), now);
  }

  @Override
  public void onIgnore(long token) {
    release();
  }

  /** Returns the calls in flight just before this release (this one included). */
  private int release() {
    int before = inUse.getAndAdd(-1);
    if (before <= 0) {
      inUse.getAndAdd(1);
      throw new IllegalStateException("adaptive limiter '" + name + "': release without a permit held");
    }
    return before;
  }

  /** Detects a pause ending now (note 2) and returns how much of [token, now] fell inside the last pause. */
  private long pauseOverlap(long token, long now) {
    long prev = lastCompletion;
    lastCompletion = now; // racy, but the race is benign: a concurrent completion means no pause
    long gap = now - prev;
    // only sampled calls read the clock: with 1 in n sampled, gaps between them are n times longer
    int n = sampleEvery;
    if (gap >= minPauseNanos * n && gap >= 4 * baseline * n && inUse.getVolatile() >= 2) {
      pauseStart = prev;
      pauseEnd = now;
      windowPaused.addAndGet(gap);
      pauses.incrementAndGet();
    }
    long end = pauseEnd;
    if (token >= end) {
      return 0;
    }
    return Math.max(0, Math.min(now, end) - Math.max(token, pauseStart));
  }

  private void maybeClose(long count, long now) {
    long age = now - windowStart;
    if ((count >= config.windowSamples() && age >= minWindowNanos || age >= maxWindowNanos)
        && closing.compareAndSet(false, true)) {
      try {
        close(now);
      } finally {
        closing.set(false);
      }
    }
  }

  private void close(long now) {
    long samplesAndDrops = windowCount.getAndSet(0);
    long drops = windowDrops.getAndSet(0);
    long sum = windowRtt.sumThenReset();
    long min = windowMin.getAndSet(Long.MAX_VALUE);
    long inflightSum = windowInflight.sumThenReset();
    long paused = windowPaused.getAndSet(0);
    long elapsed = Math.max(1, now - windowStart - paused);
    windowStart = now;
    boolean reached = limitReached;
    limitReached = false;
    int samples = (int) Math.max(0, Math.min(Integer.MAX_VALUE, samplesAndDrops - drops));
    // drops always count: a stall that ends in timeouts is overload, whatever the pause detector thinks
    int n = sampleEvery;
    long admittedTotal = permitted.sum();
    long refusedTotal = rejected.sum();
    long admitted = admittedTotal - lastPermitted;
    long refused = refusedTotal - lastRejected;
    lastPermitted = admittedTotal;
    lastRejected = refusedTotal;
    LimitRules.Decision d = paused > 0 && drops == 0 ? rules.paused(state) : rules.decide(state,
        new LimitRules.Window(samples, (int) Math.min(Integer.MAX_VALUE, drops), sum, min, inflightSum, elapsed,
            reached, n, admitted, refused));
    long ws = config.windowSamples();
    if (samplesAndDrops >= 8 * ws && n < maxSampling) { // note 4
      sampleEvery = n * 2;
    } else if (samplesAndDrops < 3 * ws && n > 1) {
      sampleEvery = n / 2;
    }
    state = d.next();
    baseline = (long) state.baseline();
    // two mean latencies, and at least 1 ms: the rules allocate their values once per window, so sub-ms
    // calls must not close a window every windowSamples calls (0 B/op in AdaptiveLimiterBenchmark)
    long twoRtts = samples == 0 ? 0 : 2 * sum / samples;
    minWindowNanos = Math.min(maxWindowNanos, Math.max(MIN_WINDOW_NANOS, twoRtts));
    windows.incrementAndGet();
    int next = (int) Math.max(config.minLimit(), Math.floor(state.limit()));
    limit = next;
    if (next != announcedLimit && now - lastEventAt >= eventIntervalNanos
        && env.events().hasListeners(LimitChanged.class)) {
      env.events().publish(new LimitChanged(name, announcedLimit, next, d.reason().name(), baseline,
          Actor.automatic()));
      announcedLimit = next;
      lastEventAt = now;
    }
  }

  @Override
  public int limit() {
    int o = override;
    return o > 0 ? o : limit;
  }

  @Override
  public int inFlight() {
    return Math.max(0, inUse.getVolatile());
  }

  @Override
  public Metrics metrics() {
    int o = override;
    return new Metrics(limit(), limit, o > 0, inFlight(), baseline, permitted.sum(), rejected.sum(), dropped.sum(),
        windows.get(), pauses.get());
  }

  @Override
  public BulkheadFullException newFullException() {
    return new BulkheadFullException(name, limit(), config.writableStackTrace());
  }

  @Override
  public synchronized void overrideLimit(int newLimit, Actor actor) {
    Objects.requireNonNull(actor, "actor");
    if (newLimit < config.minLimit() || newLimit > config.maxLimit()) {
      throw new IllegalArgumentException("limit must be within [" + config.minLimit() + ", " + config.maxLimit()
          + "], was " + newLimit);
    }
    int old = limit();
    override = newLimit;
    announce(old, newLimit, "OVERRIDE", actor);
  }

  @Override
  public synchronized void clearOverride(Actor actor) {
    Objects.requireNonNull(actor, "actor");
    int old = limit();
    override = 0;
    announce(old, limit, "OVERRIDE_CLEARED", actor);
  }

  private void announce(int old, int now, String reason, Actor actor) {
    env.journal().append(PolicyKind.ADAPTIVE_LIMITER.instanceName(name), RecoveryJournalKind.ADAPTIVE_LIMITER_OVERRIDE,
        "limit was " + old, reason + " " + now, actor, Duration.ZERO);
    env.events().publish(new LimitChanged(name, old, now, reason, baseline, actor));
  }

  @Override
  public HealthReport health() {
    int used = inFlight();
    int max = limit();
    if (used >= max) {
      return HealthReport.degraded("saturated: " + used + " of " + max + " permits in use (adaptive limit)");
    }
    return HealthReport.up(used + " of " + max + " permits in use (adaptive limit)");
  }

  @Override
  public String toString() {
    return "AdaptiveLimiter{name=" + name + ", inFlight=" + inFlight() + ", limit=" + limit() + "}";
  }
}
