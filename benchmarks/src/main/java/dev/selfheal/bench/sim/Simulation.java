package dev.selfheal.bench.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One run of one scenario with one limiter and one seed: a single-threaded discrete-event simulation in
 * virtual nanoseconds (ADAPTIVE-LIMITS.md section 4). No thread, no sleep, no wall clock.
 *
 * <p><b>Common random numbers.</b> Arrivals, service demand, noise, GC and bursts each draw from their own
 * {@link SplittableRandom}; a call's demand, noise and dependency delay are drawn when it arrives, whether it
 * is admitted or not. Every limiter therefore sees the same arrivals and the same demand per call index.
 *
 * <p><b>Server.</b> Service progresses on a work clock: every call in service advances at rate 1 (FIFO) or
 * {@code X(n) / (n mu1)} (processor sharing, USL), and at rate 0 during a stop-the-world pause, so a call's
 * remaining demand is frozen by a pause and its completion fires after the pause plus what remained. A
 * blocking dependency holds the worker for its delay; a non-blocking one is an infinite-server delay after the
 * service. A call that completes later than the deadline is late: not goodput, reported as dropped; with a
 * client-side deadline the permit is released (dropped) at the deadline and the call becomes an orphan.
 *
 * <p>Not thread-safe; one instance per run.
 */
public final class Simulation {
  private static final int ARRIVAL = 0;
  private static final int SERVICE_DONE = 1;
  private static final int DEP_DONE = 2;
  private static final int CLIENT_TIMEOUT = 3;
  private static final int GC_START = 4;
  private static final int GC_END = 5;
  private static final int PHASE = 6;
  private static final int MMPP_SWITCH = 7;
  private static final int TICK = 8;
  static final long TICK_NANOS = 100_000_000L;

  private static final class Call {
    final long arrival;
    final long demand;
    final long dep;
    SimLimiter.Permit permit;
    double vFinish;
    boolean released;

    Call(long arrival, long demand, long dep) {
      this.arrival = arrival;
      this.demand = demand;
      this.dep = dep;
    }
  }

  private final Scenario sc;
  private final SimLimiter limiter;
  private final EventQueue q = new EventQueue();
  private final SplittableRandom arrivals;
  private final SplittableRandom demand;
  private final SplittableRandom noise;
  private final SplittableRandom gc;
  private final SplittableRandom bursts;
  private long now;
  private Scenario.Settings settings;
  // server
  private final PriorityQueue<Call> inService = new PriorityQueue<>((a, b) -> Double.compare(a.vFinish, b.vFinish));
  private final ArrayDeque<Call> waiting = new ArrayDeque<>();
  private final List<Call> deferred = new ArrayList<>();
  private int holding; // workers held by a blocking dependency
  private double v; // work clock
  private long vAt; // real time of the last work-clock update
  private long gen; // generation of the scheduled SERVICE_DONE
  private boolean paused;
  private long pauseEnd;
  // arrivals
  private boolean mmppOn;
  private long arrivalGen;
  private int inflight;
  private final Recorder rec;

  private Simulation(Scenario sc, SimLimiter.Factory factory, int seed) {
    this.sc = sc;
    SplittableRandom root = new SplittableRandom(0x5EEDL * 1_000_003L + seed);
    this.arrivals = root.split();
    this.demand = root.split();
    this.noise = root.split();
    this.gc = root.split();
    this.bursts = root.split();
    this.limiter = factory.create(() -> now);
    this.settings = sc.phases.get(0).settings();
    this.rec = new Recorder(sc, factory.name(), seed);
  }

  /** Runs {@code scenario} with a fresh limiter from {@code factory} on {@code seed}. */
  public static RunResult run(Scenario scenario, SimLimiter.Factory factory, int seed) {
    return new Simulation(scenario, factory, seed).run();
  }

  private RunResult run() {
    for (int i = 1; i < sc.phases.size(); i++) {
      q.push(sc.phases.get(i).startNanos(), PHASE, null, i);
    }
    if (sc.gcPause > 0) {
      q.push(nextGcGap(), GC_START, null, 0);
    }
    if (sc.arrival == Scenario.Arrival.MMPP) {
      mmppOn = true;
      q.push(expGap(bursts, sc.mmppOnMean), MMPP_SWITCH, null, 0);
    }
    scheduleArrival();
    q.push(TICK_NANOS, TICK, null, 0);
    while (!q.isEmpty() && q.peekTime() <= sc.duration) {
      q.pop();
      now = q.poppedTime;
      switch (q.poppedType) {
        case ARRIVAL:
          if (q.poppedArg == arrivalGen) {
            onArrival();
          }
          break;
        case SERVICE_DONE:
          if (q.poppedArg == gen) {
            onServiceDone();
          }
          break;
        case DEP_DONE:
          onDepDone((Call) q.poppedRef);
          break;
        case CLIENT_TIMEOUT:
          onClientTimeout((Call) q.poppedRef);
          break;
        case GC_START:
          onGcStart();
          break;
        case GC_END:
          onGcEnd();
          break;
        case PHASE:
          onPhase((int) q.poppedArg);
          break;
        case MMPP_SWITCH:
          mmppOn = !mmppOn;
          q.push(now + expGap(bursts, mmppOn ? sc.mmppOnMean : sc.mmppOffMean), MMPP_SWITCH, null, 0);
          scheduleArrival();
          break;
        case TICK:
          rec.tick(now, inflight, limiter.limit(), sc.analyticLimit(settings));
          q.push(now + TICK_NANOS, TICK, null, 0);
          break;
        default:
          throw new IllegalStateException("event type " + q.poppedType);
      }
    }
    return rec.result();
  }

  // ---- arrivals ----

  private double currentRate() {
    switch (sc.arrival) {
      case MMPP:
        return mmppOn ? sc.mmppOnRate : sc.mmppOffRate;
      case BATCH:
        return settings.rate() / sc.batchMean;
      default:
        return settings.rate();
    }
  }

  /** (Re)draws the next arrival from now; memoryless, so a rate change simply redraws. */
  private void scheduleArrival() {
    double rate = currentRate();
    arrivalGen++;
    if (rate <= 0) {
      return;
    }
    long gap = Math.max(1, Math.round(-Math.log(1 - arrivals.nextDouble()) / rate * 1e9));
    q.push(now + gap, ARRIVAL, null, arrivalGen);
  }

  private void onArrival() {
    int n = 1;
    if (sc.arrival == Scenario.Arrival.BATCH) {
      double p = 1 / sc.batchMean;
      n = 1 + (int) Math.floor(Math.log(1 - bursts.nextDouble()) / Math.log(1 - p));
    }
    for (int i = 0; i < n; i++) {
      offer();
    }
    scheduleArrival();
  }

  private void offer() {
    long d = Math.max(1, Math.round(settings.serviceMeanNanos() * unitDemand()));
    Call c = new Call(now, d, settings.dependencyNanos());
    rec.offered(now);
    SimLimiter.Permit p = limiter.tryAcquire(now);
    if (p == null) {
      rec.rejected(now);
      return;
    }
    c.permit = p;
    inflight++;
    rec.admitted(now);
    if (sc.clientDeadline) {
      q.push(now + sc.deadline, CLIENT_TIMEOUT, c, 0);
    }
    enter(c);
  }

  private double unitDemand() {
    double u;
    switch (sc.dist) {
      case FIXED:
        u = 1;
        demand.nextDouble();
        break;
      case LOGNORMAL: {
        double s2 = Math.log(1 + sc.cv * sc.cv);
        u = Math.exp(-s2 / 2 + Math.sqrt(s2) * gaussian(demand));
        break;
      }
      default:
        u = -Math.log(1 - demand.nextDouble());
    }
    if (demand.nextDouble() < sc.tailP) {
      u *= sc.tailX;
    }
    double g = gaussian(noise);
    if (sc.noiseSigma > 0) {
      u *= Math.exp(-sc.noiseSigma * sc.noiseSigma / 2 + sc.noiseSigma * g);
    }
    return u;
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller with one of the pair (two uniforms per call, always: the stream stays aligned per call)
    double u1 = 1 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static long expGap(SplittableRandom r, long meanNanos) {
    return Math.max(1, Math.round(-Math.log(1 - r.nextDouble()) * meanNanos));
  }

  // ---- server ----

  private double rate(int n) {
    if (paused || n == 0) {
      return 0;
    }
    if (sc.model == Scenario.Model.PS) {
      return 1 / (1 + sc.psSigma * (n - 1) + sc.psKappa * n * (n - 1.0));
    }
    return 1;
  }

  private void advance() {
    v += rate(inService.size()) * (now - vAt);
    vAt = now;
  }

  private void reschedule() {
    gen++;
    Call head = inService.peek();
    double r = rate(inService.size());
    if (head == null || r == 0) {
      return;
    }
    long at = now + Math.max(0, (long) Math.ceil((head.vFinish - v) / r));
    q.push(at, SERVICE_DONE, null, gen);
  }

  private boolean workerFree() {
    return sc.model == Scenario.Model.PS || inService.size() + holding < settings.workers();
  }

  private void enter(Call c) {
    advance();
    if (workerFree()) {
      start(c);
      reschedule();
    } else {
      waiting.add(c);
    }
  }

  private void start(Call c) {
    c.vFinish = v + c.demand;
    inService.add(c);
  }

  private void onServiceDone() {
    advance();
    Call c = inService.poll();
    if (c == null) {
      return;
    }
    if (c.dep > 0 && sc.dependency != Scenario.Dependency.NONE) {
      if (sc.dependency == Scenario.Dependency.BLOCKING) {
        holding++;
      }
      q.push(now + c.dep, DEP_DONE, c, 0);
    } else {
      complete(c);
    }
    fillWorkers();
    reschedule();
  }

  private void fillWorkers() {
    while (!waiting.isEmpty() && workerFree()) {
      start(waiting.poll());
    }
  }

  private void onDepDone(Call c) {
    if (paused) {
      deferred.add(c); // our process is stopped: the response is handled when it resumes
      return;
    }
    advance();
    if (sc.dependency == Scenario.Dependency.BLOCKING) {
      holding--;
    }
    complete(c);
    fillWorkers();
    reschedule();
  }

  private void complete(Call c) {
    long latency = now - c.arrival;
    rec.served(c.demand);
    if (c.released) {
      rec.wasted(c.demand); // an orphan: its client gave up at the deadline
      return;
    }
    c.released = true;
    inflight--;
    if (latency > sc.deadline) {
      rec.late(now, c.demand);
      c.permit.dropped(now);
    } else {
      rec.ok(now, latency, c.demand);
      c.permit.success(now);
    }
  }

  private void onClientTimeout(Call c) {
    if (c.released) {
      return;
    }
    c.released = true;
    inflight--;
    rec.late(now, 0);
    c.permit.dropped(now);
  }

  private long nextGcGap() {
    return sc.gcPoisson ? expGap(gc, sc.gcPeriod) : sc.gcPeriod;
  }

  private void onGcStart() {
    advance();
    paused = true;
    pauseEnd = now + sc.gcPause;
    reschedule();
    q.push(pauseEnd, GC_END, null, 0);
  }

  private void onGcEnd() {
    advance();
    paused = false;
    List<Call> due = new ArrayList<>(deferred);
    deferred.clear();
    for (Call c : due) {
      onDepDone(c);
    }
    reschedule();
    long next = sc.gcPoisson ? now + nextGcGap() : now - sc.gcPause + sc.gcPeriod; // periodic: every gcPeriod
    q.push(Math.max(now + 1, next), GC_START, null, 0);
  }

  private void onPhase(int i) {
    advance();
    settings = sc.phases.get(i).settings();
    fillWorkers();
    reschedule();
    if (sc.arrival != Scenario.Arrival.MMPP) {
      scheduleArrival();
    }
  }
}
