package dev.selfheal.core.internal.handle;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.ComponentUnavailableException;
import dev.selfheal.core.FailureReport;
import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.internal.supervisor.Tree;
import dev.selfheal.core.spi.CallInterceptor;
import dev.selfheal.core.spi.Ticker;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The invocation handler behind a supervised handle: routes each call to the child's current instance,
 * through the method's interceptor.
 *
 * <p><b>What a caller sees, by child state.</b>
 * <ul>
 *   <li>RUNNING (the gate open): the call runs on the current instance.
 *   <li>STOPPING: calls already in flight finish on the old instance before its {@code stop()} runs; a new
 *       call waits for the next instance.
 *   <li>STARTING, RESTARTING, FAILED (paused or dry-run), STOPPED, or the tree not started yet: the call
 *       waits up to {@code awaitInstance} for a running instance, then throws
 *       {@link ComponentUnavailableException} naming the path and the state seen.
 * </ul>
 * No call ever reaches an instance before its {@code start()} returned and the supervisor announced it
 * RUNNING, nor after its {@code stop()} began.
 *
 * <p><b>Exceptions.</b> Whatever a method throws reaches its caller unchanged (after the method's policies).
 * A type declared fatal, and any {@link Error} unless {@code errorsFatal(false)}, also reports the instance
 * failed ({@link FailureReport.Source#FATAL_CALL}), once per instance.
 *
 * <p><b>A crashed call helps its supervisor.</b> When a call threw after its own instance was reported failed
 * on the call's thread (by a fatal type here, or from inside the call: the instance itself, a crash fault),
 * then once the call has left the instance, and before the exception goes on to the caller, its thread
 * handles the messages waiting in the supervisor's mailbox that no thread has begun to handle yet (at most
 * 16; the supervisor's own thread takes the rest). The crash is so decided, the old instance stopped and,
 * when the handle's factory {@code constructsInline}, the new one constructed on the crashing call's thread,
 * without waiting for the supervisor's thread to wake up (on a busy machine a wake-up costs up to
 * milliseconds), and the caller's retry finds the new instance. The crashed call returns later by what that
 * takes (tens of microseconds; the stop waits for the other calls in flight on the old instance, within the
 * child's shutdown bound): a retry would have waited for the new instance anyway. Any other call, failed or
 * not, does none of this (a failed one reads one thread-local).
 *
 * <p><b>{@code equals}, {@code hashCode}, {@code toString}</b> never reach an instance, so they work in
 * every state: a handle equals only itself, hashes by identity, and prints its interface, path and current
 * generation. <b>Default methods</b> run their own body on the handle (through the policies declared on
 * them, if any), so each abstract method they call is routed and guarded on its own.
 *
 * <p>This class is thread-safe. The call path takes no lock and allocates nothing of ours; waiting for an
 * instance (the slow path) uses this object's monitor.
 */
public final class SupervisedHandle<T> implements InvocationHandler, HandleBinding {
  private final Class<T> type;
  private final Duration await;
  private final long awaitNanos;
  private final List<Class<? extends Throwable>> fatal;
  private final boolean errorsFatal;
  /**
   * Weak, so that the per-tree {@link dev.selfheal.core.spi.SupervisedChildren} registry (whose values hold
   * this handle through the child spec) never keeps a tree alive; a running tree is reachable from its own
   * threads anyway.
   */
  private final AtomicReference<WeakReference<SupervisorTree>> tree = new AtomicReference<>();
  private volatile String path;
  private volatile Slot current;
  /**
   * The plans of the first {@link #FIRST} methods called, by identity of the proxy's {@code Method}:
   * {@code [method, plan, method, plan, ...]}, copied on write. A scan of a few references costs less than an
   * {@code IdentityHashMap} lookup (its identity hash), which was 1.6 ns of the handle's 7.9.
   */
  private volatile Object[] first = {};
  /** The plans of the methods learnt after the first {@link #FIRST}, by identity; copied on write. */
  private volatile Map<Method, MethodPlan> more = new IdentityHashMap<>();
  private static final int FIRST = 8;
  private Map<Method, MethodPlan> plans; // set before the proxy escapes, replaced once under this monitor by bind
  private ChildSpec spec;
  private Ticker policyTicker; // the options' ticker for per-tree policies; null: the tree's
  T proxy;

  SupervisedHandle(Class<T> type, Duration await, List<Class<? extends Throwable>> fatal, boolean errorsFatal) {
    this.type = type;
    this.await = await;
    this.awaitNanos = await.toNanos();
    this.fatal = List.copyOf(fatal);
    this.errorsFatal = errorsFatal;
  }

  void init(Map<Method, MethodPlan> plans, ChildSpec spec, String id, Ticker policyTicker) {
    this.plans = Map.copyOf(plans);
    this.spec = spec;
    this.policyTicker = policyTicker;
    this.path = id; // until bound: the id alone
  }

  ChildSpec spec() {
    return spec;
  }

  String path() {
    return path;
  }

  /** Binds to the tree that runs the child at {@code childPath}; a handle binds once. */
  @Override
  public void bind(SupervisorTree t, String childPath) {
    Objects.requireNonNull(t, "tree");
    if (!tree.compareAndSet(null, new WeakReference<>(t))) {
      throw new IllegalStateException("the handle of '" + path + "' (" + type.getName()
          + ") is already bound to a tree; supervise the interface again for another tree");
    }
    this.path = childPath;
    // The policies' health joins this tree's context, so only this tree's monitors and endpoints see it, and
    // through a scope that the tree closes when it stops, so it leaves a context shared with other trees then.
    RuntimeContext.Scope scope = t.context().openScope();
    if (t instanceof Tree running) {
      running.whenStopped(scope::close);
    }
    bindPolicies(scope.context());
    dev.selfheal.core.spi.SupervisedChildren.register(t, childPath, spec);
    spec.extension(dev.selfheal.core.spi.ComponentHealthSources.class)
        .ifPresent(x -> x.sources().forEach(scope.context()::addHealthSource));
    t.events().subscribe(SupervisorEvent.ChildStarted.class, e -> {
      if (e.instance() instanceof Gate g && g.handle == this) {
        open(g.reopened()); // a released kept instance comes back with a fresh guard
      }
    });
    // brutal_kill calls no stop(): close on the announcement (a no-op when the gate's stop() closed it)
    t.events().subscribe(SupervisorEvent.ChildStopped.class, e -> closeIfCurrent(e.path(), e.generation()));
    t.events().subscribe(SupervisorEvent.ChildExited.class, e -> closeIfCurrent(e.path(), e.generation()));
  }

  /**
   * Builds the {@link dev.selfheal.core.spi.CallInterceptor.PerTree per-tree} interceptors in the tree's
   * context and swaps the plans holding them in; the call path reads the same volatile map as before, so a
   * call costs nothing more. A call that already read an unbound plan finishes without policies, as any call
   * before the bind would (it has no instance to reach yet).
   */
  private synchronized void bindPolicies(RuntimeContext context) {
    Ticker ticker = policyTicker != null ? policyTicker : context.ticker();
    Map<Method, MethodPlan> next = new HashMap<>();
    plans.forEach((m, p) -> next.put(m, p.bound(context, ticker)));
    plans = Map.copyOf(next);
    more = new IdentityHashMap<>(); // before first: a call that reads the new first reads the new more
    first = new Object[0];
  }

  private SupervisorTree tree() {
    WeakReference<SupervisorTree> r = tree.get();
    return r == null ? null : r.get();
  }

  private void open(Slot s) {
    if (tree() instanceof Tree running) {
      s.helpSupervisor = running.helper(path); // on the supervisor's thread, before the slot is published
    }
    current = s;
    synchronized (this) {
      notifyAll();
    }
  }

  private void closeIfCurrent(String p, long generation) {
    Slot s = current;
    if (s != null && s.generation == generation && p.equals(path)) {
      s.guard.close();
    }
  }

  @Override
  public Object invoke(Object proxyInstance, Method method, Object[] args) throws Throwable {
    Object[] f = first;
    MethodPlan p = null;
    for (int i = 0; i < f.length; i += 2) {
      if (f[i] == method) {
        p = (MethodPlan) f[i + 1];
        break;
      }
    }
    if (p == null && (p = more.get(method)) == null) {
      p = learn(method);
    }
    // MethodPlan.call by hand: every frame here counts against the JIT's inline depth (see route)
    CallInterceptor ic = p.interceptor;
    return ic == null ? p.proceed(args) : ic.intercept(p, args);
  }

  /** First call of a Method object: found by equality, then remembered by identity. */
  private synchronized MethodPlan learn(Method method) {
    Object[] f = first;
    for (int i = 0; i < f.length; i += 2) {
      if (f[i] == method) {
        return (MethodPlan) f[i + 1]; // learnt by another thread meanwhile
      }
    }
    MethodPlan p = more.get(method);
    if (p != null) {
      return p;
    }
    p = plans.get(method);
    if (p == null) {
      throw new IllegalStateException("no plan for " + method + " on the handle of " + type.getName());
    }
    if (f.length < 2 * FIRST) {
      Object[] next = Arrays.copyOf(f, f.length + 2);
      next[f.length] = method;
      next[f.length + 1] = p;
      first = next;
    } else {
      Map<Method, MethodPlan> next = new IdentityHashMap<>(more);
      next.put(method, p);
      more = next;
    }
    return p;
  }

  /**
   * Calls {@code p}'s method on the current instance, guarded.
   *
   * <p>Under a pipeline this runs some twelve frames below the proxy's method, and C2 inlines at most 15
   * levels ({@code MaxInlineLevel}): past that, the guard's exit, the invoker and the instance's method were
   * compiled as real calls ({@code -XX:+PrintInlining}: "inlining too deep"). So this path is kept flat: the
   * call runs here for the slow path too (which only enters a slot), the interceptor is called from
   * {@link #invoke} directly, and {@link MethodPlan.Routed#apply} calls this method without a {@code proceed}
   * in between.
   */
  Object route(MethodPlan.Routed p, Object[] args) throws Throwable {
    Slot s = current;
    int token = s == null ? -1 : s.guard.enter();
    if (token < 0) {
      s = awaitEntered();
      token = s.guard.token();
    }
    Object result;
    try {
      result = p.invoker.invoke(s.target, args);
    } catch (Throwable t) {
      s.guard.exit(token); // on this thread, as the guard requires; before failed(), which may stop the instance
      failed(s, p.method, t);
      throw t;
    }
    s.guard.exit(token);
    return result;
  }

  /**
   * A call threw, and has left the instance: a fatal type reports the instance failed; then this thread
   * helps the supervisor (see the class comment), so that a crash reported from inside the call, or just now,
   * is healed before the exception reaches the caller, whose retry then finds the new instance.
   */
  private void failed(Slot s, Method m, Throwable t) {
    try {
      SupervisorTree tr = tree();
      if (isFatal(t)) {
        report(tr, s, m, t);
      }
      // the handle's own report above, or one from inside the call (a crash fault, the instance itself)
      if (tr instanceof Tree running && running.reportedHere(path, s.generation)) {
        s.helpSupervisor.run();
      }
    } catch (RuntimeException | Error e) {
      t.addSuppressed(e); // the caller hears of its call's own failure, whatever reporting it did
    }
  }

  /** Waits up to {@code awaitInstance} for a slot that admits this thread, and returns it entered. */
  private Slot awaitEntered() throws InterruptedException {
    long deadline = System.nanoTime() + awaitNanos;
    for (;;) {
      Slot s = current;
      if (s != null && s.guard.enter() >= 0) {
        return s;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ComponentUnavailableException(path, stateName(), await);
      }
      synchronized (this) {
        Slot again = current;
        if (again == s || again == null || again.guard.closed()) {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      }
    }
  }

  private boolean isFatal(Throwable t) {
    if (errorsFatal && t instanceof Error) {
      return true;
    }
    for (Class<? extends Throwable> f : fatal) {
      if (f.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private void report(SupervisorTree t, Slot s, Method m, Throwable cause) {
    if (t == null || !s.reported.compareAndSet(false, true)) {
      return;
    }
    String reason = m.getName() + "() threw " + cause.getClass().getName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    t.reportFailure(path, s.generation, FailureReport.of(FailureReport.Source.FATAL_CALL, reason,
        Map.of("method", type.getName() + "." + m.getName(), "exception", cause.getClass().getName())));
  }

  private String stateName() {
    SupervisorTree t = tree();
    if (t == null) {
      return "not bound to a tree";
    }
    try {
      ChildSnapshot snap = t.snapshot().find(path);
      return snap == null ? "not in the tree" : snap.state().name();
    } catch (RuntimeException e) {
      return "tree unavailable: " + e;
    }
  }

  // ---- the three Object methods a proxy forwards

  boolean handleEquals(Object other) {
    return other == proxy;
  }

  int handleHashCode() {
    return System.identityHashCode(proxy);
  }

  String handleToString() {
    Slot s = current;
    return "Supervised[" + type.getName() + " at " + path + ", "
        + (s == null ? "no instance yet" : "instance #" + s.generation + (s.guard.closed() ? " (stopping)" : ""))
        + "]";
  }

  /** Calls in flight on the current instance (tests and diagnostics). */
  public long inFlight() {
    Slot s = current;
    return s == null ? 0 : s.guard.inFlight();
  }
}
