package dev.selfheal.recovery.chaos;

import dev.selfheal.core.FailureReport;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.recovery.internal.SwitchedFaultInjector;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Fault injection as a feature: a named injection point on a call path that, when a fault is armed, throws,
 * delays, hangs or crashes the component, and otherwise costs one acquire read.
 *
 * <pre>{@code
 * FaultInjector faults = FaultInjector.builder("payments")
 *     .component(tree, "shop/payments")        // crash = report this instance failed; journal = the tree's
 *     .build();
 * Supplier<Receipt> charge = faults.decorate(gateway::charge);      // built once, no allocation per call
 * Receipt r = pipeline.get(charge);                                  // innermost: the policies see the fault
 *
 * FaultInjection f = faults.inject(FaultSpec.builder(Fault.exception("gateway 503"))
 *     .trigger(FaultTrigger.probability(0.3)).duration(Duration.ofSeconds(2)).build(), Actor.operator("ana"));
 * }</pre>
 *
 * <p><b>Off by default.</b> Nothing fires until {@link #inject} arms a fault. With nothing armed, a call
 * performs one acquire read of the armed fault and then the call itself: no lock, no allocation, no clock
 * read ({@code FaultInjectorBenchmark}: 0 B/op, within a nanosecond of the unguarded call).
 *
 * <p><b>In a {@link dev.selfheal.recovery.Pipeline}</b> the injector goes innermost, around the call itself
 * ({@code pipeline.get(faults.decorate(call))}): the fault then looks like the dependency failing, so the
 * retry, breaker, timeout, bulkhead and fallback handle it exactly as they would a real failure. Outside a
 * pipeline, wrap any call ({@link #get}, {@link #call}, {@link #run}) or put {@link #check()} at the top of a
 * component's method or of a worker's loop.
 *
 * <p><b>One fault at a time.</b> Injecting a fault replaces (clears) the one armed or scheduled before.
 *
 * <p><b>Journal.</b> Every injection is journaled when scheduled, armed and cleared (kinds in
 * {@link FaultRecordKind}); the first firing and every crash are journaled, the other firings counted and
 * reported in the clearing record. Journaling each fired call would let an injection at a high rate evict
 * the healing records it is meant to explain from the journal's bounded tail.
 *
 * <p>This interface is thread-safe.
 */
public interface FaultInjector {

  /**
   * A builder of an injector named {@code name} (not blank).
   *
   * @param name the injector's name
   * @return a new builder
   */
  static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@return the injection point's name} */
  String name();

  /** Fires the armed fault, if any and if its trigger says so; otherwise returns at once. */
  void check();

  /**
   * {@link #check()}, then {@code supplier.get()}.
   *
   * @param <R> the call's result type
   * @param supplier the call
   * @return the call's result
   */
  default <R> R get(Supplier<? extends R> supplier) {
    check();
    return supplier.get();
  }

  /**
   * {@link #check()}, then {@code callable.call()}.
   *
   * @param <R> the call's result type
   * @param callable the call
   * @return the call's result
   * @throws Exception what the call throws
   */
  default <R> R call(Callable<? extends R> callable) throws Exception {
    check();
    return callable.call();
  }

  /**
   * {@link #check()}, then {@code runnable.run()}.
   *
   * @param runnable the call
   */
  default void run(Runnable runnable) {
    check();
    runnable.run();
  }

  /**
   * {@code supplier} behind this injector; build it once, call it from any thread.
   *
   * @param <R> the call's result type
   * @param supplier the call
   * @return the decorated supplier
   */
  default <R> Supplier<R> decorate(Supplier<? extends R> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> get(supplier);
  }

  /**
   * Injects {@code spec}, replacing the fault armed or scheduled before, and journals it with {@code actor}.
   *
   * @param spec the fault, its trigger and timing
   * @param actor who injects it, for the journal
   * @return the injection
   * @throws IllegalArgumentException if the spec is a crash and this injector has no crash action
   */
  FaultInjection inject(FaultSpec spec, Actor actor);

  /** {@return the fault armed or scheduled now, if any} */
  Optional<FaultInjection> active();

  /**
   * Clears the fault armed or scheduled now, if any.
   *
   * @return whether there was one
   * @param actor who clears it, for the journal
   */
  boolean clear(Actor actor);

  /** What a crash fault does to the component. */
  @FunctionalInterface
  interface CrashAction {
    /**
     * Declares the component instance failed. {@code report} is a {@link FailureReport.Source#USER} report
     * whose reason starts with {@code "chaos <id>:"} and whose evidence names the fault and the point.
     *
     * @param injection the crash fault that fired
     * @param report the failure to report
     */
    void crash(FaultInjection injection, FailureReport report);
  }

  /** How a latency fault waits; tests pass one that advances a manual clock. */
  @FunctionalInterface
  interface Sleeper {
    /**
     * Waits {@code nanos}.
     *
     * @param nanos how long, in nanoseconds
     * @throws InterruptedException if interrupted while waiting
     */
    void sleepNanos(long nanos) throws InterruptedException;
  }

  /** Builder of {@link FaultInjector}. Not thread-safe. */
  final class Builder {
    private final String name;
    private Journal journal;
    private Scheduler scheduler;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private Sleeper sleeper = TimeUnit.NANOSECONDS::sleep;
    private CrashAction crashAction;
    private SupervisorTree tree;
    private String path;

    private Builder(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank, was " + (name == null ? "null" : "'" + name + "'"));
      }
      this.name = name;
    }

    /**
     * Binds the injector to the component at {@code path} of {@code tree}: a crash reports failed
     * ({@link SupervisorTree#reportFailure}) the instance the fault was armed against, or for a
     * {@link FaultSpec.Scope#COMPONENT} fault the instance running at the crash; an {@link FaultSpec.Scope#INSTANCE}
     * fault ends when the instance it was armed against is replaced; the journal and scheduler
     * default to the tree's. Default: not bound.
     *
     * @return this builder
     * @param tree the tree that runs the component
     * @param path the component's path in the tree
     */
    public Builder component(SupervisorTree tree, String path) {
      if (tree == null) {
        throw new IllegalArgumentException("tree must not be null");
      }
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("path must not be blank, was " + (path == null ? "null" : "'" + path + "'"));
      }
      this.tree = tree;
      this.path = path;
      return this;
    }

    /**
     * Where injections are journaled. Default: the bound tree's journal, else a new in-memory one.
     *
     * @param journal where injections are journaled
     * @return this builder
     */
    public Builder journal(Journal journal) {
      this.journal = notNull("journal", journal);
      return this;
    }

    /**
     * The scheduler that arms delayed faults and clears them when their duration is over. Default: the
     * bound tree's, else the JDK's delayed executor (no thread of ours).
     *
     * @param scheduler the scheduler that arms delayed faults and clears them when their duration is over
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = notNull("scheduler", scheduler);
      return this;
    }

    /**
     * Uniform samples in [0, 1) for probability triggers. Default {@link ThreadLocalRandom}.
     *
     * @param random uniform samples in [0, 1) for probability triggers
     * @return this builder
     */
    public Builder random(DoubleSupplier random) {
      this.random = notNull("random", random);
      return this;
    }

    /**
     * How latency faults wait. Default {@link TimeUnit#sleep} (interruptible).
     *
     * @param sleeper how latency faults wait
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = notNull("sleeper", sleeper);
      return this;
    }

    /**
     * What a crash does. Default: with {@link #component}, report the instance failed; else none (crash refused).
     *
     * @param crashAction what a crash does
     * @return this builder
     */
    public Builder crashAction(CrashAction crashAction) {
      this.crashAction = notNull("crashAction", crashAction);
      return this;
    }

    /** {@return the injector, with no fault armed} */
    public FaultInjector build() {
      Journal j = journal != null ? journal : tree != null ? tree.journal() : Journal.inMemory();
      CrashAction c = crashAction;
      if (c == null && tree != null) {
        SupervisorTree boundTree = tree;
        String boundPath = path;
        // The instance the fault was armed against, else the one running now (an instance that is starting
        // or stopping has none: then there is nothing to crash, and no failure is reported).
        c = (injection, report) -> {
          OptionalLong armed = injection.generation();
          long generation = armed.isPresent() ? armed.getAsLong() : boundTree.currentInstance(boundPath)
              .map(SupervisorEvent.ChildStarted::generation).orElse(-1L);
          if (generation >= 0) {
            boundTree.reportFailure(boundPath, generation, report);
          }
        };
      }
      return new SwitchedFaultInjector(name, j, scheduler != null ? scheduler : tree != null ? tree.scheduler() : null,
          random, sleeper, c, tree, path);
    }

    private static <T> T notNull(String field, T value) {
      if (value == null) {
        throw new IllegalArgumentException(field + " must not be null");
      }
      return value;
    }
  }
}
