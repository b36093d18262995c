package dev.selfheal.recovery.chaos;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.SupervisorTree;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One chaos experiment for an {@link ExperimentRunner}: how to inject the fault, how to tell that the
 * service serves, how many times to repeat it. A <b>soak</b> ({@link Builder#soak(Duration)}) injects
 * nothing and checks that nothing heals.
 *
 * <pre>{@code
 * Experiment crash = Experiment.builder("crash inventory")
 *     .inject(() -> inventoryFaults.inject(FaultSpec.builder(Fault.crash()).trigger(FaultTrigger.now()).build(), actor))
 *     .serving(() -> ping(inventory))
 *     .repetitions(200)
 *     .build();
 * }</pre>
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class Experiment {
  private final String name;
  private final Supplier<FaultInjection> inject;
  private final BooleanSupplier serving;
  private final LongSupplier servedAt;
  private final int repetitions;
  private final Duration timeout;
  private final Duration settle;
  private final Duration soak;

  private Experiment(Builder b) {
    this.name = b.name;
    this.inject = b.inject;
    this.serving = b.serving;
    this.servedAt = b.servedAt;
    this.repetitions = b.repetitions;
    this.timeout = b.timeout;
    this.settle = b.settle;
    this.soak = b.soak;
  }

  /**
   * A builder of an experiment named {@code name}.
   *
   * @param name the experiment's name, in its result and its journal records
   * @return a new builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The generation of the instance running at {@code path}, or -1 if none runs there now: for serving
   * checks that must see a <em>newer</em> instance. Capture it when injecting and compare after: the tree's
   * views are published between its supervisors' messages, so right after a restart decision they may still
   * show the crashed instance as running.
   *
   * @param tree the tree
   * @param path the component's path
   * @return the generation, or -1
   */
  public static long runningGeneration(SupervisorTree tree, String path) {
    ChildSnapshot c = tree.snapshot().find(path);
    return c != null && c.state() == ChildState.RUNNING ? c.generation() : -1;
  }

  /** {@return the experiment's name} */
  public String name() {
    return name;
  }

  /** {@return what injects the fault of one repetition; null for a soak} */
  public Supplier<FaultInjection> inject() {
    return inject;
  }

  /** {@return whether the service is healthy and serving} */
  public BooleanSupplier serving() {
    return serving;
  }

  /** {@return when the service served again, as the service itself stamped it; 0 when it does not know} */
  public LongSupplier servedAt() {
    return servedAt;
  }

  /** {@return the repetitions of a fault experiment} */
  public int repetitions() {
    return repetitions;
  }

  /** {@return the longest wait, per repetition, for the fault to fire, be detected and be healed} */
  public Duration timeout() {
    return timeout;
  }

  /** {@return the pause after a repetition has recovered and its fault was cleared, before the next one} */
  public Duration settle() {
    return settle;
  }

  /** {@return how long a soak runs; zero for a fault experiment} */
  public Duration soak() {
    return soak;
  }

  /** {@return whether this is a soak: no fault, healing watched for} */
  public boolean isSoak() {
    return inject == null;
  }

  /** {@return a new builder holding this experiment's values} */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.inject = inject;
    b.serving = serving;
    b.servedAt = servedAt;
    b.repetitions = repetitions;
    b.timeout = timeout;
    b.settle = settle;
    b.soak = soak;
    return b;
  }

  /** Builder of {@link Experiment}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private Supplier<FaultInjection> inject;
    private BooleanSupplier serving = () -> true;
    private LongSupplier servedAt = () -> 0L;
    private int repetitions = 1;
    private Duration timeout = Duration.ofSeconds(30);
    private Duration settle = Duration.ZERO;
    private Duration soak = Duration.ZERO;

    private Builder(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank, was " + (name == null ? "null" : "'" + name + "'"));
      }
      this.name = name;
    }

    /**
     * Injects one repetition's fault and returns it (the runner clears it after the repetition). Required unless soak.
     *
     * @param inject the inject
     * @return this builder
     */
    public Builder inject(Supplier<FaultInjection> inject) {
      if (inject == null) {
        throw new IllegalArgumentException("inject must not be null");
      }
      this.inject = inject;
      return this;
    }

    /**
     * Whether the service is healthy and serving again; polled by the runner, and read as recovered the first
     * time it is true after the healing decision. It must not be true while the crashed instance is still
     * seen: compare {@link #runningGeneration} with its value at the injection, or call through a supervised
     * handle. Default: always true.
     *
     * @param serving whether the service is healthy and serving again; polled by the runner, and read as recovered the first time it is true after the healing decision
     * @return this builder
     */
    public Builder serving(BooleanSupplier serving) {
      if (serving == null) {
        throw new IllegalArgumentException("serving must not be null");
      }
      this.serving = serving;
      return this;
    }

    /**
     * When the service served again, as it stamped it itself, on the runner's ticker (for the system ticker,
     * {@link System#nanoTime()}): for instance, the {@code ChildStarted} of a supervised handle's new instance,
     * delivered after the handle's own listener opened its gate, or the first call a new instance answered. Read once,
     * after the serving check has passed; the recovery time ends at this stamp if it lies after the fault and
     * not after the check, else at the check. The runner's poll then bounds only when the runner learns of the
     * recovery, not the figure: a check that a thread of the runner makes every poll interval measures that
     * thread's wake-up too (on a busy machine up to milliseconds). Default: {@code () -> 0}, the check's time.
     *
     * @param servedAt when the service served again, on the runner's ticker; 0 or less when it does not know
     * @return this builder
     */
    public Builder servedAt(LongSupplier servedAt) {
      if (servedAt == null) {
        throw new IllegalArgumentException("servedAt must not be null");
      }
      this.servedAt = servedAt;
      return this;
    }

    /**
     * Repetitions of a fault experiment. Default 1; range [1, 1,000,000].
     *
     * @param repetitions the repetitions
     * @return this builder
     */
    public Builder repetitions(int repetitions) {
      if (repetitions < 1 || repetitions > 1_000_000) {
        throw new IllegalArgumentException("repetitions must be within [1, 1000000], was " + repetitions);
      }
      this.repetitions = repetitions;
      return this;
    }

    /**
     * Per repetition, the longest wait for fire, detection and recovery. Default 30 s; range (0, 1 h].
     *
     * @param timeout per repetition, the longest wait for fire, detection and recovery
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = check("timeout", timeout, false);
      return this;
    }

    /**
     * Pause between repetitions. Default 0; range [0, 1 h].
     *
     * @param settle pause between repetitions
     * @return this builder
     */
    public Builder settle(Duration settle) {
      this.settle = check("settle", settle, true);
      return this;
    }

    /**
     * Makes this a soak of {@code duration}, range (0, 1 day]: no fault, and nothing may heal.
     *
     * @param duration the duration
     * @return this builder
     */
    public Builder soak(Duration duration) {
      if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("soak must be within (0, PT24H], was " + duration);
      }
      this.soak = duration;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the immutable experiment
     * @throws IllegalArgumentException on a bad combination: both or neither of inject and soak
     */
    public Experiment build() {
      if (inject == null && soak.isZero()) {
        throw new IllegalArgumentException("experiment '" + name + "' needs inject(...) or soak(...), has neither");
      }
      if (inject != null && !soak.isZero()) {
        throw new IllegalArgumentException("experiment '" + name + "' has both inject(...) and soak(" + soak
            + "): a soak injects nothing");
      }
      return new Experiment(this);
    }

    private static Duration check(String field, Duration d, boolean zeroAllowed) {
      if (d == null || d.isNegative() || (!zeroAllowed && d.isZero()) || d.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(field + " must be within " + (zeroAllowed ? "[0, " : "(0, ")
            + "PT1H], was " + d);
      }
      return d;
    }
  }
}
