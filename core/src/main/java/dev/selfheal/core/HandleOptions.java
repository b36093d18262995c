package dev.selfheal.core;

import dev.selfheal.core.annotation.Overrides;
import dev.selfheal.core.annotation.Supervised;
import dev.selfheal.core.spi.CallInterceptor;
import dev.selfheal.core.spi.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a supervised handle routes and heals: the child's supervision parameters (when not taken from
 * {@link Supervised}), the fatal exception types, how long callers wait for an instance, programmatic
 * interceptors and the overrides of annotation parameters.
 *
 * <p>Why this class is large (475 lines): an immutable config with its builder: every option has a field, an
 * accessor, a copy in {@code toBuilder()} and a documented, validated builder method; splitting them would
 * separate a field from its validation.
 *
 * <p>Each supervision parameter is taken from, first found: an {@link Overrides} key
 * ({@code <interface>/Supervised/<element>}, then {@code Supervised/<element>}), this object when set
 * here, the interface's {@code @Supervised}, the default of {@link ChildSpec}.
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class HandleOptions {
  private static final HandleOptions DEFAULTS = builder().build();
  static final Duration MAX_AWAIT = Duration.ofHours(1);

  private final String id;
  private final RestartType restartType;
  private final Shutdown shutdown;
  private final Duration startTimeout;
  private final Backoff backoff;
  private final List<Class<? extends Throwable>> fatal;
  private final boolean errorsFatal;
  private final Duration awaitInstance;
  private final Overrides overrides;
  private final Ticker ticker;
  private final Map<String, CallInterceptor> interceptors;
  private final Class<?> implementation;
  private final boolean discoverProviders;
  private final boolean constructsInline;
  private final RecoveryPlan plan;
  private final List<String> dependsOn;
  private final List<String> dependsOnHealth;

  private HandleOptions(Builder b) {
    this.id = b.id;
    this.restartType = b.restartType;
    this.shutdown = b.shutdown;
    this.startTimeout = b.startTimeout;
    this.backoff = b.backoff;
    this.fatal = List.copyOf(b.fatal);
    this.errorsFatal = b.errorsFatal;
    this.awaitInstance = b.awaitInstance;
    this.overrides = b.overrides;
    this.ticker = b.ticker;
    this.interceptors = Map.copyOf(b.interceptors);
    this.implementation = b.implementation;
    this.discoverProviders = b.discoverProviders;
    this.constructsInline = b.constructsInline;
    this.plan = b.plan;
    this.dependsOn = List.copyOf(b.dependsOn);
    this.dependsOnHealth = List.copyOf(b.dependsOnHealth);
  }

  /** {@return options with every default: annotations and system-property overrides decide} */
  public static HandleOptions ofDefaults() {
    return DEFAULTS;
  }

  /** {@return a new builder, every option unset} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a new builder holding these options} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.restartType = restartType;
    b.shutdown = shutdown;
    b.startTimeout = startTimeout;
    b.backoff = backoff;
    b.fatal.addAll(fatal);
    b.errorsFatal = errorsFatal;
    b.awaitInstance = awaitInstance;
    b.overrides = overrides;
    b.ticker = ticker;
    b.interceptors.putAll(interceptors);
    b.implementation = implementation;
    b.discoverProviders = discoverProviders;
    b.constructsInline = constructsInline;
    b.plan = plan;
    b.dependsOn.addAll(dependsOn);
    b.dependsOnHealth.addAll(dependsOnHealth);
    return b;
  }

  /** {@return the child id set here; null when unset} */
  public String id() {
    return id;
  }

  /** {@return the restart type set by the builder, or null when unset} */
  public RestartType restartType() {
    return restartType;
  }

  /** {@return the shutdown set by the builder, or null when unset} */
  public Shutdown shutdown() {
    return shutdown;
  }

  /** {@return the start timeout set by the builder, or null when unset} */
  public Duration startTimeout() {
    return startTimeout;
  }

  /** {@return the backoff set by the builder, or null when unset} */
  public Backoff backoff() {
    return backoff;
  }

  /**
   * Fatal exception types set here (added to those of {@code @Supervised}).
   *
   * @return the fatal types, an unmodifiable list
   */
  public List<Class<? extends Throwable>> fatal() {
    return fatal;
  }

  /**
   * Whether an {@link Error} thrown by a method is fatal.
   *
   * @return whether errors are fatal
   */
  public boolean errorsFatal() {
    return errorsFatal;
  }

  /** {@return how long a call waits for a running instance; null when unset} */
  public Duration awaitInstance() {
    return awaitInstance;
  }

  /** {@return where annotation parameters are overridden} */
  public Overrides overrides() {
    return overrides;
  }

  /** {@return the ticker set by the builder, or null when unset (a handle made on a tree then uses the tree's ticker)} */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * Programmatic interceptors by method name; {@code "*"} applies to every method without its own.
   *
   * @return the interceptors, an unmodifiable map
   */
  public Map<String, CallInterceptor> interceptors() {
    return interceptors;
  }

  /** {@return the implementation class whose method annotations are read too; null when unset} */
  public Class<?> implementation() {
    return implementation;
  }

  /** {@return the child's recovery plan ({@link ChildSpec.Builder#plan}); null when unset: OTP's restart} */
  public RecoveryPlan plan() {
    return plan;
  }

  /** {@return the sibling ids the child depends on ({@link ChildSpec.Builder#dependsOn}), an unmodifiable list} */
  public List<String> dependsOn() {
    return dependsOn;
  }

  /**
   * The health sources the child depends on ({@link ChildSpec.Builder#dependsOnHealth}).
   *
   * @return the source names, an unmodifiable list
   */
  public List<String> dependsOnHealth() {
    return dependsOnHealth;
  }

  /** {@return whether interceptor providers and spec contributors are found with ServiceLoader} */
  public boolean discoverProviders() {
    return discoverProviders;
  }

  /** {@return whether the factory only constructs, so that it runs on the supervisor's own thread} */
  public boolean constructsInline() {
    return constructsInline;
  }

  @Override
  public String toString() {
    return "HandleOptions[id=" + id + ", fatal=" + fatal + ", errorsFatal=" + errorsFatal + ", awaitInstance="
        + awaitInstance + ", constructsInline=" + constructsInline + ", interceptors=" + interceptors.keySet()
        + ", " + overrides + "]";
  }

  /** Builder of {@link HandleOptions}. Not thread-safe. */
  public static final class Builder {
    private String id;
    private RestartType restartType;
    private Shutdown shutdown;
    private Duration startTimeout;
    private Backoff backoff;
    private final List<Class<? extends Throwable>> fatal = new ArrayList<>();
    private boolean errorsFatal = true;
    private Duration awaitInstance = Duration.ofSeconds(1);
    private Overrides overrides = Overrides.systemProperties();
    private Ticker ticker;
    private final Map<String, CallInterceptor> interceptors = new LinkedHashMap<>();
    private Class<?> implementation;
    private boolean discoverProviders = true;
    private boolean constructsInline;
    private RecoveryPlan plan;
    private final List<String> dependsOn = new ArrayList<>();
    private final List<String> dependsOnHealth = new ArrayList<>();

    private Builder() {}

    /**
     * The child id. Default: {@code @Supervised.id}, else the interface's simple name, first letter lower case.
     *
     * @param id the child id
     * @return this builder
     */
    public Builder id(String id) {
      ChildSpec.validateId("id", id);
      this.id = id;
      return this;
    }

    /**
     * Default: {@code @Supervised.restart}, else {@link RestartType#PERMANENT}.
     *
     * @param restartType the restart type; default: {@code @Supervised.restart}, else {@link RestartType#PERMANENT}
     * @return this builder
     */
    public Builder restartType(RestartType restartType) {
      this.restartType = Objects.requireNonNull(restartType, "restartType");
      return this;
    }

    /**
     * Default: {@code @Supervised.shutdownMillis}, else 5 s. Calls in flight finish within this bound before
     * the instance's {@code stop()} runs; with {@link Shutdown#brutalKill()} they are not waited for.
     *
     * @param shutdown the shutdown; default: {@code @Supervised.shutdownMillis}, else 5 s
     * @return this builder
     */
    public Builder shutdown(Shutdown shutdown) {
      this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
      return this;
    }

    /**
     * Default: {@code @Supervised.startTimeoutMillis}, else 30 s; positive.
     *
     * @param startTimeout the start timeout; default: {@code @Supervised.startTimeoutMillis}, else 30 s; positive
     * @return this builder
     */
    public Builder startTimeout(Duration startTimeout) {
      Objects.requireNonNull(startTimeout, "startTimeout");
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be > 0, was " + startTimeout);
      }
      this.startTimeout = startTimeout;
      return this;
    }

    /**
     * Default: from {@code @Supervised}, else {@link Backoff#none()}.
     *
     * @param backoff the backoff; default: from {@code @Supervised}, else {@link Backoff#none()}
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Exception types that report the instance failed to its supervisor when a method throws them (the
     * caller still gets the exception). Added to {@code @Supervised.fatal}. Default none.
     *
     * @param types exception types that report the instance failed to its supervisor when a method throws them (the caller still gets the exception)
     * @return this builder
     */
    @SafeVarargs
    public final Builder fatal(Class<? extends Throwable>... types) {
      for (Class<? extends Throwable> t : types) {
        fatal.add(Objects.requireNonNull(t, "fatal type"));
      }
      return this;
    }

    /**
     * Whether an {@link Error} thrown by a component method (an {@code AssertionError}, a
     * {@code StackOverflowError}, an {@code OutOfMemoryError}) reports the instance failed. Default
     * {@code true}: after an Error the instance's state cannot be trusted, so a fresh one is started, as
     * OTP does for any crash. {@code false} lets Errors count against the method's policies only.
     *
     * @param errorsFatal whether an {@link Error} thrown by a component method (an {@code AssertionError}, a {@code StackOverflowError}, an {@code OutOfMemoryError}) reports the instance failed
     * @return this builder
     */
    public Builder errorsFatal(boolean errorsFatal) {
      this.errorsFatal = errorsFatal;
      return this;
    }

    /**
     * How long a call waits for a running instance when there is none (restarting, starting), then throws
     * {@link ComponentUnavailableException}. Default 1 s; range 0 (fail fast) to 1 hour.
     *
     * @param awaitInstance how long a call waits for a running instance when there is none (restarting, starting), then throws {@link ComponentUnavailableException}
     * @return this builder
     */
    public Builder awaitInstance(Duration awaitInstance) {
      Objects.requireNonNull(awaitInstance, "awaitInstance");
      if (awaitInstance.isNegative() || awaitInstance.compareTo(MAX_AWAIT) > 0) {
        throw new IllegalArgumentException("awaitInstance must be in [0, 1h], was " + awaitInstance);
      }
      this.awaitInstance = awaitInstance;
      return this;
    }

    /**
     * Where annotation parameters are overridden. Default {@link Overrides#systemProperties()}.
     *
     * @param overrides where annotation parameters are overridden
     * @return this builder
     */
    public Builder overrides(Overrides overrides) {
      this.overrides = Objects.requireNonNull(overrides, "overrides");
      return this;
    }

    /**
     * The time source of the policies built from annotations. Default: the tree's, else the system's.
     *
     * @param ticker the time source of the policies built from annotations
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Runs every overload of {@code method} through {@code interceptor} (recovery's {@code Pipeline} is one):
     * the programmatic form of policy annotations. A method may not have both. Default: none.
     *
     * @return this builder
     * @param method the interface method's name, or {@code "*"}
     * @param interceptor runs each call of that method
     */
    public Builder intercept(String method, CallInterceptor interceptor) {
      Objects.requireNonNull(method, "method");
      interceptors.put(method, Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Runs every method without an interceptor of its own through {@code interceptor}.
     *
     * @param interceptor the interceptor
     * @return this builder
     */
    public Builder interceptAll(CallInterceptor interceptor) {
      return intercept("*", interceptor);
    }

    /**
     * Also read annotations from the methods of this implementation class (an annotation on a method that
     * implements no interface method is then refused). Default: the interface only.
     *
     * @param implementation also read annotations from the methods of this implementation class (an annotation on a method that implements no interface method is then refused)
     * @return this builder
     */
    public Builder implementation(Class<?> implementation) {
      this.implementation = Objects.requireNonNull(implementation, "implementation");
      return this;
    }

    /**
     * Whether interceptor providers and spec contributors are found with ServiceLoader. Default true.
     *
     * @param discover whether interceptor providers and spec contributors are found with ServiceLoader
     * @return this builder
     */
    public Builder discoverProviders(boolean discover) {
      this.discoverProviders = discover;
      return this;
    }

    /**
     * Declares that the factory only constructs the instance (no I/O, no lock, no wait), so that the
     * supervisor runs it on its own thread, as OTP runs a child's start function, instead of handing it to a
     * lifecycle thread and waiting: one thread hand-off and its wake-up less per restart (the tail of a
     * restart on a busy machine). The price is the bound: a factory that blocks anyway blocks its supervisor
     * and the healing of its other children until it returns (a start slower than {@link #startTimeout}
     * still fails, once it returns). An instance that must connect or load should implement
     * {@link Component} and do so in {@code start()}, which runs on a lifecycle thread within the start
     * timeout either way. Default false: the factory runs on a lifecycle thread and is abandoned at the
     * start timeout, so a hung factory never wedges the supervisor. "The supervisor's thread" is whichever
     * thread handles its messages: after a crash reported from inside a call through this handle, that is
     * often the crashed call's own thread, which helps its supervisor before its exception reaches the
     * caller (see the handle's rules in the README).
     *
     * @param constructsInline whether the factory only constructs
     * @return this builder
     */
    public Builder constructsInline(boolean constructsInline) {
      this.constructsInline = constructsInline;
      return this;
    }

    /**
     * A graduated recovery plan for the child instead of OTP's plain restart, as
     * {@link ChildSpec.Builder#plan}: a QUARANTINE or NOT_READY step holds it, and its callers fail fast
     * ({@link ComponentUnavailableException} after {@link #awaitInstance}) until it is released and the kept
     * instance serves again. Default none.
     *
     * @param plan the plan
     * @return this builder
     */
    public Builder plan(RecoveryPlan plan) {
      this.plan = Objects.requireNonNull(plan, "plan");
      return this;
    }

    /**
     * Sibling children the child depends on, as {@link ChildSpec.Builder#dependsOn} (validated when the tree
     * is built). Default none.
     *
     * @param siblingIds the sibling ids
     * @return this builder
     */
    public Builder dependsOn(String... siblingIds) {
      for (String id : siblingIds) {
        dependsOn.add(Objects.requireNonNull(id, "dependsOn"));
      }
      return this;
    }

    /**
     * Health sources the child depends on, as {@link ChildSpec.Builder#dependsOnHealth}: while one is DOWN a
     * failure of the child holds it instead of restarting it, and its callers fail fast until it is released.
     * Default none.
     *
     * @param sourceNames the source names
     * @return this builder
     */
    public Builder dependsOnHealth(String... sourceNames) {
      for (String name : sourceNames) {
        dependsOnHealth.add(Objects.requireNonNull(name, "dependsOnHealth"));
      }
      return this;
    }

    /** {@return the immutable options} */
    public HandleOptions build() {
      return new HandleOptions(this);
    }
  }
}
