package dev.selfheal.recovery.internal;

import dev.selfheal.core.FailureReport;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.recovery.chaos.Fault;
import dev.selfheal.recovery.chaos.FaultInjection;
import dev.selfheal.recovery.chaos.FaultRecordKind;
import dev.selfheal.recovery.chaos.FaultSpec;
import dev.selfheal.recovery.chaos.FaultTrigger;
import dev.selfheal.recovery.chaos.InjectedFaultException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One injection of a {@link SwitchedFaultInjector}: its trigger's counters and what firing does. States and
 * timers are guarded by the owning injector's lock; counters are atomics, updated on the call path only
 * while the fault is armed. Not API.
 */
final class ArmedFault implements FaultInjection {
  private final SwitchedFaultInjector owner;
  private final String id;
  private final FaultSpec spec;
  private final Actor actor;
  final boolean instanceScoped;
  /** Guarded by owner. -1 until known. */
  long armedGeneration;
  /** Guarded by owner; read racily by {@link #state()}, which may be stale. */
  volatile State state = State.SCHEDULED; // until armed, even with no start delay
  volatile String because = "";
  /** Guarded by owner. */
  Scheduler.Cancellable timer;
  final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong fired = new AtomicLong();

  ArmedFault(SwitchedFaultInjector owner, String id, FaultSpec spec, Actor actor, boolean instanceScoped,
      long generation) {
    this.owner = owner;
    this.id = id;
    this.spec = spec;
    this.actor = actor;
    this.instanceScoped = instanceScoped;
    this.armedGeneration = generation;
  }

  /** A call passed the injector while this fault was armed. */
  void onCall() {
    long n = calls.incrementAndGet();
    FaultTrigger trigger = spec.trigger();
    double sample = trigger.kind() == FaultTrigger.Kind.PROBABILITY ? owner.random.getAsDouble() : 0.0;
    if (trigger.fires(n, sample)) {
      fire(n);
    }
  }

  /** Fires on the {@code n}-th call: journals, then throws, waits, hangs or crashes. */
  void fire(long n) {
    long k = fired.incrementAndGet();
    Fault fault = spec.fault();
    boolean crash = fault.kind() == Fault.Kind.CRASH;
    if (k == 1 || crash) {
      owner.record(FaultRecordKind.FIRED, fault.message(), id + " fired (" + fault.kind().label() + ") on call " + n
          + (k == 1 ? "" : ", firing " + k), Actor.automatic());
    }
    // A hang stays armed once its trigger is spent, so that the calls it hung stay hung until it ends.
    if (spec.trigger().exhaustedAfter(n) && fault.kind() != Fault.Kind.HANG
        && spec.trigger().kind() != FaultTrigger.Kind.NOW) {
      owner.end(this, "trigger exhausted (" + spec.trigger() + ")", Actor.automatic());
    }
    switch (fault.kind()) {
      case EXCEPTION:
        throw new InjectedFaultException(id, fault.message());
      case LATENCY:
        try {
          owner.sleeper.sleepNanos(fault.delay().toNanos());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InjectedFaultException(id, "interrupted during injected latency");
        }
        return;
      case HANG:
        hang(fault);
        return;
      case CRASH:
        owner.crashAction.crash(this, FailureReport.of(FailureReport.Source.USER,
            "chaos " + id + ": crash injected at " + owner.name, Map.of("fault", id, "point", owner.name)));
        throw new InjectedFaultException(id, fault.message());
      default:
        throw new IllegalStateException("unknown fault kind " + fault.kind());
    }
  }

  private void hang(Fault fault) {
    try {
      if (fault.delay().isZero()) {
        ended.await();
      } else if (!ended.await(fault.delay().toNanos(), TimeUnit.NANOSECONDS)) {
        return; // a bounded hang is over: the call runs, late
      } else {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InjectedFaultException(id, "interrupted while hung by the injected fault");
    }
    throw new InjectedFaultException(id, "hung until the fault ended (" + because + ")");
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String point() {
    return owner.name;
  }

  @Override
  public FaultSpec spec() {
    return spec;
  }

  @Override
  public Actor actor() {
    return actor;
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public long calls() {
    return calls.get();
  }

  @Override
  public long fired() {
    return fired.get();
  }

  @Override
  public OptionalLong generation() {
    synchronized (owner) {
      return instanceScoped && armedGeneration >= 0 ? OptionalLong.of(armedGeneration) : OptionalLong.empty();
    }
  }

  @Override
  public String clearedBecause() {
    return because;
  }

  @Override
  public boolean clear(Actor actor) {
    return owner.end(this, "cleared by " + actor, actor);
  }

  @Override
  public String toString() {
    return id + "@" + owner.name + "[" + spec + ", " + state + ", fired " + fired() + "/" + calls() + "]";
  }
}
