package dev.selfheal.core;

import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.HealthSourceProvider;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a tree, its health monitor, its policy registries and its endpoint share, built once: the ticker,
 * the scheduler, the journal, the event bus, the worker thread factory, and the membership of this
 * context's health sources and policy controls. A tree builds its own ({@link SupervisorTree#context()})
 * unless it is given one ({@link SupervisorTree.Builder#context(RuntimeContext)}).
 *
 * <p>Why this class is large (423 lines): it holds the parts one tree shares (ticker, scheduler, journal, events,
 * thread factory) and its membership (health sources, providers, policy controls, scopes, listeners) with its
 * builder; membership and scopes share one lock and one listener list, so they stay together.
 *
 * <pre>{@code
 * SupervisorTree tree = SupervisorTree.builder(spec).build();
 * RecoveryRegistry registry = RecoveryRegistry.of(tree.context());   // its breakers join this tree's health
 * tree.context().addHealthSource(CircuitBreaker.of("payments", config, tree.journal()).asHealthSource());
 * HealthMonitor monitor = HealthMonitor.builder(tree).build();        // reads tree.context()
 * }</pre>
 *
 * <p><b>What is isolated.</b> A health source or policy control added to a context is seen by the monitors
 * and endpoints built for trees of that context, and by no other: two trees in one JVM, each with its own
 * context, never see each other's breakers, even under the same name. Providers found with
 * {@link java.util.ServiceLoader} are asked per context ({@link HealthSourceProvider#healthSources(RuntimeContext)},
 * {@link dev.selfheal.core.spi.PolicyControlProvider#policyControls(RuntimeContext)}). Not isolated: what a
 * provider chooses to show every context (the recovery module's registries built without a context, as
 * documented there), and the parts themselves when one journal, bus or scheduler is given to several
 * contexts.
 *
 * <p><b>Ownership.</b> A context owns nothing: the tree that built it stops its own scheduler and closes its
 * own journal; a context built with {@link #builder()} leaves its parts to the caller.
 *
 * <p><b>Scopes.</b> {@link #openScope()} gives a view of the context for one owner: the same parts and the
 * same membership, so what is added through it is seen at once, and closing the scope takes out all of it.
 * A tree opens one per supervised handle and closes it when it stops, so a stopped tree's components (the
 * breakers and bulkheads built from a handle's annotations, the health sources contributed to its spec)
 * leave the health of a context it shares with other trees.
 *
 * <p>The parts are immutable; the membership is thread-safe (copy-on-write) and read again on every health
 * evaluation and policy listing, so what is added later is seen.
 */
public final class RuntimeContext {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeContext.class);
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final Journal journal;
  private final EventBus events;
  private final ThreadFactory threadFactory;
  private final CopyOnWriteArrayList<HealthSourceProvider> sources;
  private final CopyOnWriteArrayList<PolicyControl> controls;
  private final CopyOnWriteArrayList<Runnable> changeListeners;
  /** Null for a context; for a scope's view, what was added through it (null once the scope is closed). */
  private final ScopeState scope;

  private RuntimeContext(Builder b) {
    this.ticker = b.ticker;
    this.scheduler = b.scheduler;
    this.journal = b.journal;
    this.events = b.events;
    this.threadFactory = b.threadFactory;
    this.sources = new CopyOnWriteArrayList<>();
    this.controls = new CopyOnWriteArrayList<>();
    this.changeListeners = new CopyOnWriteArrayList<>();
    this.scope = null;
  }

  /** A scope's view: {@code of}'s parts and membership, additions recorded in {@code scope}. */
  private RuntimeContext(RuntimeContext of, ScopeState scope) {
    this.ticker = of.ticker;
    this.scheduler = of.scheduler;
    this.journal = of.journal;
    this.events = of.events;
    this.threadFactory = of.threadFactory;
    this.sources = of.sources;
    this.controls = of.controls;
    this.changeListeners = of.changeListeners;
    this.scope = scope;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this context's parts (not its membership: a built context starts empty).
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder().ticker(ticker).scheduler(scheduler).journal(journal).events(events)
        .threadFactory(threadFactory);
  }

  /** {@return the monotonic time source} */
  public Ticker ticker() {
    return ticker;
  }

  /** {@return where waits (backoff, probe periods, async retries) are scheduled} */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** {@return where decisions and transitions are recorded} */
  public Journal journal() {
    return journal;
  }

  /** {@return where transitions are published} */
  public EventBus events() {
    return events;
  }

  /** {@return the factory of the threads that run workers} */
  public ThreadFactory threadFactory() {
    return threadFactory;
  }

  /**
   * Adds {@code source} to this context's health until the registration is closed.
   *
   * @param source the source to add
   * @return the registration whose {@code close()} removes it
   */
  public Registration addHealthSource(HealthSource source) {
    Objects.requireNonNull(source, "source");
    return addHealthSources(new Single(source));
  }

  /**
   * Adds sources read again on every health evaluation (a registry whose policies come and go) until the
   * registration is closed. {@link #healthSources()} lets a provider's exception through; a monitor reads
   * {@link #healthSourceProviders()} instead and reports one that throws as a non-critical DOWN check of its
   * own, keeping the others.
   *
   * @param provider gives the current sources on every evaluation
   * @return the registration whose {@code close()} removes it
   */
  public Registration addHealthSources(HealthSourceProvider provider) {
    Objects.requireNonNull(provider, "provider");
    return join(sources, provider);
  }

  /**
   * Adds {@code control} to this context's policies until the registration is closed.
   *
   * @param control the control to add
   * @return the registration whose {@code close()} removes it
   */
  public Registration addPolicyControl(PolicyControl control) {
    Objects.requireNonNull(control, "control");
    return join(controls, control);
  }

  /**
   * Runs {@code listener} after every change of this context's membership (a health source group or a
   * policy control added, or removed by closing its registration), on the thread that made the change, until
   * the registration is closed. A binder that follows the context (the Micrometer binders of
   * {@code dev.selfheal.core.micrometer.SelfhealMetrics}) re-reads the membership then. A listener that
   * throws is logged at WARN and does not stop the others nor the change.
   *
   * @param listener runs after each change
   * @return the registration whose {@code close()} removes the listener
   */
  public Registration onMembershipChange(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    return record(() -> {
      changeListeners.add(listener);
      return () -> changeListeners.remove(listener);
    });
  }

  private <T> Registration join(CopyOnWriteArrayList<T> members, T member) {
    return record(() -> {
      members.add(member);
      changed();
      return () -> {
        if (members.remove(member)) {
          changed();
        }
      };
    });
  }

  /**
   * Makes the addition, recorded by this view's scope; none once the scope is closed (it would leak). The
   * registration undoes it once, however often it is closed (by its holder and by the scope).
   */
  private Registration record(Supplier<Registration> addition) {
    if (scope == null) {
      return once(addition.get());
    }
    synchronized (scope) {
      if (scope.added == null) {
        return () -> {};
      }
      Registration r = once(addition.get());
      scope.added.add(r);
      return r;
    }
  }

  private static Registration once(Registration r) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        r.close();
      }
    };
  }

  /**
   * Opens a scope of this context: see "Scopes" above. What is added through {@link Scope#context()} joins
   * this context's membership at once; {@link Scope#close()} takes all of it out (idempotent), and from then
   * on an addition through the scope's view joins nothing. The view's parts are this context's.
   *
   * @return the new scope, open
   */
  public Scope openScope() {
    ScopeState state = new ScopeState();
    RuntimeContext view = new RuntimeContext(this, state);
    return new Scope() {
      @Override
      public RuntimeContext context() {
        return view;
      }

      @Override
      public void close() {
        List<Registration> undo;
        synchronized (state) {
          undo = state.added;
          state.added = null;
        }
        if (undo != null) {
          for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).close();
          }
        }
      }
    };
  }

  private void changed() {
    for (Runnable l : changeListeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        LOG.warn("a membership listener of {} threw; the change stands", this, e);
      }
    }
  }

  /** {@return this context's health sources right now, in the order they were added} */
  public List<HealthSource> healthSources() {
    List<HealthSource> out = new ArrayList<>();
    for (HealthSourceProvider p : sources) {
      Collection<? extends HealthSource> c = p.healthSources();
      if (c != null) {
        out.addAll(c);
      }
    }
    return out;
  }

  /**
   * The providers added with {@link #addHealthSources} (single sources wrapped), so a caller can isolate one that throws.
   *
   * @return the providers, a snapshot
   */
  public List<HealthSourceProvider> healthSourceProviders() {
    return List.copyOf(sources);
  }

  /** {@return this context's policy controls right now, in the order they were added} */
  public List<PolicyControl> policyControls() {
    return List.copyOf(controls);
  }

  @Override
  public String toString() {
    return "RuntimeContext[" + sources.size() + " source groups, " + controls.size() + " policy controls]"
        + (scope == null ? "" : " (a scope's view)");
  }

  /** What a scope's view added, newest last; null once closed. Guarded by itself. */
  private static final class ScopeState {
    private List<Registration> added = new ArrayList<>();
  }

  /** A view of a context whose additions are undone together: see {@link #openScope()}. */
  public interface Scope extends Registration {
    /** {@return the view through which additions are recorded; its parts and membership are the context's} */
    RuntimeContext context();

    /** Takes out everything added through {@link #context()}. Idempotent. */
    @Override
    void close();
  }

  /** Undoes one addition. Idempotent. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** One source, listed by itself. */
  private record Single(HealthSource source) implements HealthSourceProvider {
    @Override
    public Collection<? extends HealthSource> healthSources() {
      return List.of(source);
    }
  }

  /** Builder of {@link RuntimeContext}. Not thread-safe. */
  public static final class Builder {
    private Ticker ticker = Ticker.system();
    private Scheduler scheduler;
    private Journal journal;
    private EventBus events;
    private ThreadFactory threadFactory = Thread::new;

    private Builder() {}

    /**
     * The monotonic time source. Default {@link Ticker#system()}.
     *
     * @param ticker the monotonic time source
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * The scheduler. No default: a context owns no thread, so the caller gives one it stops itself
     * (tests: {@code dev.selfheal.test.ManualScheduler} (selfheal-test)); {@link #build()} refuses a context without.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * The journal. Default: a new {@link Journal#inMemory()}.
     *
     * @param journal the journal
     * @return this builder
     */
    public Builder journal(Journal journal) {
      this.journal = Objects.requireNonNull(journal, "journal");
      return this;
    }

    /**
     * The event bus. Default: a new one.
     *
     * @param events the event bus
     * @return this builder
     */
    public Builder events(EventBus events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /**
     * Creates worker threads (a tree names them and makes them daemons). Default {@code new Thread(r)}.
     *
     * @param threadFactory the thread factory
     * @return this builder
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /**
     * Builds the context.
     *
     * @return the context
     * @throws IllegalArgumentException when no scheduler was given
     */
    public RuntimeContext build() {
      if (scheduler == null) {
        throw new IllegalArgumentException("scheduler must be given to a RuntimeContext, was none");
      }
      if (journal == null) {
        journal = Journal.inMemory();
      }
      if (events == null) {
        events = new EventBus();
      }
      return new RuntimeContext(this);
    }
  }
}
