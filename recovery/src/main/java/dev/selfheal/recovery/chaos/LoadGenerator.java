package dev.selfheal.recovery.chaos;

/*
 * Why this class is large (423 lines): the fixed-rate schedule, the outcome counting (succeeded, failed, lost) and
 * its builder share the run's state; each part is short and they are read together when a figure is questioned.
 */

import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends requests at a fixed rate and counts what became of each, so that "requests lost" is measured.
 *
 * <p>Each request is one call of the user's {@link Callable}: <b>succeeded</b> if it returned within the
 * deadline, <b>failed</b> if it threw within the deadline, <b>lost</b> if it had not answered when the
 * deadline passed (a late answer does not change that; it is counted in {@link #late()}).
 *
 * <p><b>Threads.</b> By default the sends are timed by a daemon thread {@code selfheal-load-<name>-tick} and
 * the requests run on {@code threads} daemon threads {@code selfheal-load-<name>-N}, so that a hung request
 * does not hold the rate back; all are stopped by {@link #stop()}. With an injected {@link Scheduler} and
 * {@link Executor} (a {@code dev.selfheal.test.ManualScheduler} (selfheal-test) and {@code Runnable::run} in tests) the
 * generator creates no thread and is deterministic. The schedule is absolute (send k at start + k × period),
 * so a late tick does not shift the sends after it.
 *
 * <p>This class is thread-safe. Build, {@link #start()}, {@link #stop()}; it cannot be restarted.
 */
public final class LoadGenerator implements AutoCloseable {
  /** The outcomes of a request that did not succeed. */
  public enum Outcome {
    /** The request was answered with a failure. */
    FAILED,
    /** The request got no answer within its deadline. */
    LOST
  }

  /**
   * A request that did not succeed.
   *
   * @param request  its number, from 1
   * @param sentAtNanos when it was sent, on the generator's ticker
   * @param outcome  failed or lost
   * @param detail   the exception it threw, or why it counts as lost
   */
  public record Failure(long request, long sentAtNanos, Outcome outcome, String detail) {}

  /**
   * The requests of an interval and what became of them.
   *
   * @param sent      requests sent
   * @param succeeded answered in time without an exception
   * @param failed    answered in time with an exception
   * @param lost      not answered within the deadline
   */
  public record Counts(long sent, long succeeded, long failed, long lost) {
    /** {@return requests sent and not yet answered nor lost} */
    public long inFlight() {
      return sent - succeeded - failed - lost;
    }
  }

  /** The most failures kept for {@link #failures}; the counts are exact beyond it. */
  public static final int MAX_FAILURES_KEPT = 10_000;

  private final String name;
  private final Callable<?> request;
  private final long periodNanos;
  private final long deadlineNanos;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final Executor executor;
  private final List<ExecutorService> owned = new ArrayList<>();

  /** The last request number sent; written only by the tick, after the request is registered in flight. */
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong late = new AtomicLong();
  private final ConcurrentHashMap<Long, Pending> inFlight = new ConcurrentHashMap<>();
  private final ArrayDeque<Failure> failures = new ArrayDeque<>(); // guarded by itself
  private volatile boolean running;
  private volatile Scheduler.Cancellable nextTick;
  private long startNanos;

  private LoadGenerator(Builder b) {
    this.name = b.name;
    this.request = b.request;
    this.periodNanos = 1_000_000_000L / b.ratePerSecond;
    this.deadlineNanos = b.deadline.toNanos();
    if (b.scheduler != null) {
      this.ticker = b.ticker;
      this.scheduler = b.scheduler;
      this.executor = b.executor;
    } else {
      this.ticker = Ticker.system();
      ScheduledExecutorService tick = new ScheduledThreadPoolExecutor(1, named("selfheal-load-" + b.name + "-tick"));
      ExecutorService pool = Executors.newFixedThreadPool(b.threads, named("selfheal-load-" + b.name + "-"));
      owned.add(tick);
      owned.add(pool);
      this.scheduler = (task, delayNanos) -> {
        var f = tick.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
      };
      this.executor = pool;
    }
  }

  /**
   * A generator named {@code name} (used in its threads' names) that sends {@code request}.
   *
   * @return a new builder
   * @param name the generator's name
   * @param request sends one request
   */
  public static Builder builder(String name, Callable<?> request) {
    return new Builder(name, request);
  }

  /** Starts sending. @throws IllegalStateException if started before */
  public synchronized void start() {
    if (running || sent.get() > 0 || startNanos != 0) {
      throw new IllegalStateException("load generator '" + name + "' was already started");
    }
    running = true;
    startNanos = ticker.read();
    schedule(1);
  }

  private void schedule(long k) {
    long due = startNanos + (k - 1) * periodNanos;
    nextTick = scheduler.schedule(() -> tick(k), due - ticker.read());
  }

  private void tick(long k) {
    if (!running) {
      return;
    }
    expire();
    long n = sent.get() + 1; // ticks run one at a time: each schedules the next
    Pending p = new Pending(n, ticker.read());
    inFlight.put(n, p);
    sent.set(n); // after the registration: a counted request is in flight or decided, never neither
    try {
      executor.execute(() -> send(p));
    } catch (RuntimeException rejected) {
      if (p.finish()) {
        keep(new Failure(n, p.sentAtNanos, Outcome.FAILED, "not sent: " + rejected));
        inFlight.remove(n);
      }
    }
    if (running) {
      schedule(k + 1);
    }
  }

  private void send(Pending p) {
    Throwable error = null;
    try {
      request.call();
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        throw (VirtualMachineError) t;
      }
      error = t;
    }
    boolean inTime = ticker.read() - p.sentAtNanos <= deadlineNanos;
    if (!inTime || !p.finish()) {
      late.incrementAndGet(); // the deadline passed first: already (or now) counted lost
      if (p.finish()) {
        lostNow(p, "answered after the " + deadlineNanos / 1_000_000 + "ms deadline");
      }
      return;
    }
    if (error != null) {
      keep(new Failure(p.request, p.sentAtNanos, Outcome.FAILED, String.valueOf(error)));
    }
    inFlight.remove(p.request); // after the failure is kept: counting never sees a failure as a success
  }

  /** Counts the requests past their deadline as lost. */
  private void expire() {
    long now = ticker.read();
    for (Iterator<Pending> it = inFlight.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (now - p.sentAtNanos > deadlineNanos && p.finish()) {
        lostNow(p, "no answer within the " + deadlineNanos / 1_000_000 + "ms deadline");
      }
    }
  }

  private void lostNow(Pending p, String why) {
    keep(new Failure(p.request, p.sentAtNanos, Outcome.LOST, why));
    inFlight.remove(p.request);
  }

  private void keep(Failure f) {
    synchronized (failures) {
      if (failures.size() == MAX_FAILURES_KEPT) {
        failures.removeFirst();
      }
      failures.addLast(f);
    }
  }

  /** {@return the counts of every request sent so far} */
  public Counts counts() {
    return counts(0);
  }

  /**
   * The counts of the requests numbered above {@code afterRequest} (requests are numbered from 1), so that
   * an interval counts its own requests, however late they are answered. Exact while the interval's failures
   * are among the last {@link #MAX_FAILURES_KEPT}.
   *
   * @param afterRequest the last request number already counted; 0 for all
   * @return the counts
   */
  public Counts counts(long afterRequest) {
    expire();
    long last = sent.get();
    long failedN = 0;
    long lostN = 0;
    synchronized (failures) {
      for (Failure f : failures) {
        if (f.request() > afterRequest && f.request() <= last) {
          if (f.outcome() == Outcome.FAILED) {
            failedN++;
          } else {
            lostN++;
          }
        }
      }
    }
    long pending = 0;
    for (Long k : inFlight.keySet()) {
      pending += k > afterRequest && k <= last ? 1 : 0;
    }
    long n = Math.max(0, last - afterRequest);
    return new Counts(n, n - failedN - lostN - pending, failedN, lostN);
  }

  /** {@return requests answered after their deadline (each also counted lost)} */
  public long late() {
    return late.get();
  }

  /**
   * The kept failures of requests numbered above {@code afterRequest}, oldest first.
   *
   * @param afterRequest the last request number already seen; 0 for all
   * @return the failures, a new list
   */
  public List<Failure> failures(long afterRequest) {
    List<Failure> out = new ArrayList<>();
    synchronized (failures) {
      for (Failure f : failures) {
        if (f.request() > afterRequest) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /** {@return the time between two sends} */
  public Duration period() {
    return Duration.ofNanos(periodNanos);
  }

  /** {@return the deadline after which an unanswered request is lost} */
  public Duration deadline() {
    return Duration.ofNanos(deadlineNanos);
  }

  /**
   * Stops sending; requests still unanswered are lost once their deadline passes ({@link #counts()} says so),
   * and the generator's own threads are interrupted and stopped. Idempotent.
   */
  public void stop() {
    running = false;
    Scheduler.Cancellable t = nextTick;
    if (t != null) {
      t.cancel();
    }
    for (ExecutorService e : owned) {
      e.shutdownNow();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
      t.setDaemon(true);
      return t;
    };
  }

  private static final class Pending {
    final long request;
    final long sentAtNanos;
    private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();

    Pending(long request, long sentAtNanos) {
      this.request = request;
      this.sentAtNanos = sentAtNanos;
    }

    /** {@return whether this caller decided the request's outcome (exactly one does)} */
    boolean finish() {
      return done.compareAndSet(false, true);
    }
  }

  /** Builder of {@link LoadGenerator}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Callable<?> request;
    private int ratePerSecond = 100;
    private Duration deadline = Duration.ofSeconds(1);
    private int threads = 4;
    private Ticker ticker;
    private Scheduler scheduler;
    private Executor executor;

    private Builder(String name, Callable<?> request) {
      if (name == null || !name.matches("[A-Za-z0-9._-]{1,40}")) {
        throw new IllegalArgumentException("name must be 1 to 40 letters, digits, '.', '_' or '-', was "
            + (name == null ? "null" : "'" + name + "'"));
      }
      if (request == null) {
        throw new IllegalArgumentException("request must not be null");
      }
      this.name = name;
      this.request = request;
    }

    /**
     * Requests per second. Default 100; range [1, 1,000,000].
     *
     * @param rate requests per second
     * @return this builder
     */
    public Builder ratePerSecond(int rate) {
      if (rate < 1 || rate > 1_000_000) {
        throw new IllegalArgumentException("ratePerSecond must be within [1, 1000000], was " + rate);
      }
      this.ratePerSecond = rate;
      return this;
    }

    /**
     * How long a request may take before it counts as lost. Default 1 s; range (0, 1 h].
     *
     * @param deadline how long a request may take before it counts as lost
     * @return this builder
     */
    public Builder deadline(Duration deadline) {
      if (deadline == null || deadline.isNegative() || deadline.isZero() || deadline.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("deadline must be within (0, PT1H], was " + deadline);
      }
      this.deadline = deadline;
      return this;
    }

    /**
     * Threads that run requests (ignored with an injected executor). Default 4; range [1, 256].
     *
     * @param threads threads that run requests (ignored with an injected executor)
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("threads must be within [1, 256], was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Time, sends and requests from the caller instead of the generator's own threads: the three together
     * or none. Default: none (own threads, system ticker).
     *
     * @return this builder
     * @param ticker the time source
     * @param scheduler when sends happen
     * @param executor where requests run
     */
    public Builder clock(Ticker ticker, Scheduler scheduler, Executor executor) {
      if (ticker == null || scheduler == null || executor == null) {
        throw new IllegalArgumentException("ticker, scheduler and executor must all be given, was " + ticker + ", "
            + scheduler + ", " + executor);
      }
      this.ticker = ticker;
      this.scheduler = scheduler;
      this.executor = executor;
      return this;
    }

    /** {@return the generator, not started} */
    public LoadGenerator build() {
      return new LoadGenerator(this);
    }
  }
}
