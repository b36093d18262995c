package dev.selfheal.recovery.internal;

import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.recovery.chaos.Fault;
import dev.selfheal.recovery.chaos.FaultInjection;
import dev.selfheal.recovery.chaos.FaultInjector;
import dev.selfheal.recovery.chaos.FaultRecordKind;
import dev.selfheal.recovery.chaos.FaultSpec;
import dev.selfheal.recovery.chaos.FaultTrigger;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * A {@link FaultInjector} whose call path is one acquire read of the armed fault.
 *
 * <pre>{@code
 *   armed == null ──inject/arm──► armed == f ──clear / duration / exhausted / replaced / instance replaced──► null
 * }</pre>
 *
 * <p><b>Memory ordering.</b> {@code armed} is published with a release store after the fault's fields are
 * set, and read with an acquire load on the call path, so a caller that sees a fault sees it whole. It is
 * unpublished with a compare-and-set, so clearing an old fault never unpublishes its replacement.
 * <p><b>Progress.</b> {@link #check()} with nothing armed is wait-free and allocation-free. Arming, clearing
 * and the firing of a fault (cold paths) synchronize on the injector.
 * <p>This class is thread-safe.
 */
public final class SwitchedFaultInjector implements FaultInjector {
  private static final AtomicLong IDS = new AtomicLong();
  private static final VarHandle ARMED =
      VarHandles.field(MethodHandles.lookup(), "armed", ArmedFault.class);

  final String name;
  final Journal journal;
  private final Scheduler scheduler;
  final DoubleSupplier random;
  final Sleeper sleeper;
  final CrashAction crashAction;
  private final SupervisorTree tree;
  private final String path;

  /** The fault the call path fires; read with acquire, written with release or CAS. */
  @SuppressWarnings("unused")
  private ArmedFault armed;
  /** The fault scheduled or armed now. Guarded by {@code this}. */
  private ArmedFault current;
  @SuppressWarnings("unused") // kept for the injector's lifetime, which is the tree's
  private final EventBus.Subscription restarts;

  public SwitchedFaultInjector(String name, Journal journal, Scheduler scheduler, DoubleSupplier random,
      Sleeper sleeper, CrashAction crashAction, SupervisorTree tree, String path) {
    this.name = name;
    this.journal = journal;
    this.scheduler = scheduler != null ? scheduler : JdkDelayScheduler.INSTANCE;
    this.random = random;
    this.sleeper = sleeper;
    this.crashAction = crashAction;
    this.tree = tree;
    this.path = path;
    this.restarts = tree == null ? null : tree.events().subscribe(SupervisorEvent.ChildStarted.class, e -> {
      if (e.path().equals(path)) {
        onInstanceStarted(e.generation());
      }
    });
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void check() {
    ArmedFault a = (ArmedFault) ARMED.getAcquire(this);
    if (a != null) {
      a.onCall();
    }
  }

  @Override
  public FaultInjection inject(FaultSpec spec, Actor actor) {
    if (spec == null || actor == null) {
      throw new IllegalArgumentException((spec == null ? "spec" : "actor") + " must not be null");
    }
    if (spec.fault().kind() == Fault.Kind.CRASH && crashAction == null) {
      throw new IllegalArgumentException("fault crash needs a crash action: bind injector '" + name
          + "' to a component or give it a crashAction");
    }
    long generation = -1;
    if (tree != null && spec.scope() == FaultSpec.Scope.INSTANCE) {
      generation = tree.currentInstance(path).map(SupervisorEvent.ChildStarted::generation).orElse(-1L);
    }
    ArmedFault f = new ArmedFault(this, "fault-" + IDS.incrementAndGet(), spec, actor,
        tree != null && spec.scope() == FaultSpec.Scope.INSTANCE, generation);
    synchronized (this) {
      if (current != null) {
        end(current, "replaced by " + f.id(), actor);
      }
      current = f;
      if (spec.startAfter().isZero()) {
        arm(f);
      } else {
        record(FaultRecordKind.SCHEDULED, spec.toString(), f.id() + " scheduled in " + spec.startAfter().toMillis()
            + "ms", actor);
        f.timer = scheduler.schedule(() -> arm(f), spec.startAfter().toNanos());
      }
    }
    return f;
  }

  private synchronized void arm(ArmedFault f) {
    if (current != f || f.state != FaultInjection.State.SCHEDULED) {
      return;
    }
    f.state = FaultInjection.State.ARMED;
    record(FaultRecordKind.ARMED, f.spec().toString(), f.id() + " armed" + (f.generation().isPresent()
        ? " against instance generation " + f.generation().getAsLong() : ""), f.actor());
    if (f.spec().trigger().kind() == FaultTrigger.Kind.NOW) {
      try {
        f.fireNow();
      } catch (RuntimeException expected) {
        // the crash's exception is for a caller; at the arming there is none
      }
      end(f, "fired once (trigger now)", Actor.automatic());
      return;
    }
    ARMED.setRelease(this, f);
    Optional<Duration> d = f.spec().duration();
    if (d.isPresent()) {
      f.timer = scheduler.schedule(() -> end(f, "duration " + d.get().toMillis() + "ms over", Actor.automatic()),
          d.get().toNanos());
    }
  }

  /** Ends {@code f} if it is not ended yet; journals why. */
  synchronized boolean end(ArmedFault f, String why, Actor actor) {
    if (f.state == FaultInjection.State.CLEARED) {
      return false;
    }
    f.state = FaultInjection.State.CLEARED;
    f.because = why;
    if (f.timer != null) {
      f.timer.cancel();
    }
    ARMED.compareAndSet(this, f, null);
    if (current == f) {
      current = null;
    }
    f.ended.countDown(); // releases calls hung by it
    record(FaultRecordKind.CLEARED, why, f.id() + " cleared: fired " + f.fired() + " of " + f.calls() + " calls",
        actor);
    return true;
  }

  private synchronized void onInstanceStarted(long generation) {
    ArmedFault f = current;
    if (f == null || !f.instanceScoped) {
      return;
    }
    if (f.armedGeneration < 0) {
      f.armedGeneration = generation; // armed while nothing ran: it is about the instance that starts now
    } else if (generation > f.armedGeneration) {
      end(f, "instance generation " + f.armedGeneration + " replaced by " + generation, Actor.automatic());
    }
  }

  void record(FaultRecordKind kind, String cause, String decision, Actor actor) {
    journal.append(name, kind, cause, decision, actor, Duration.ZERO);
  }

  @Override
  public synchronized Optional<FaultInjection> active() {
    return Optional.ofNullable(current);
  }

  @Override
  public boolean clear(Actor actor) {
    ArmedFault f;
    synchronized (this) {
      f = current;
    }
    return f != null && end(f, "cleared by " + actor, actor);
  }

  @Override
  public String toString() {
    return "FaultInjector[" + name + "]";
  }
}
