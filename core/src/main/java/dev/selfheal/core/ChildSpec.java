package dev.selfheal.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What a supervisor needs to know to own a child (OTP's child spec): its id, how to create a fresh
 * instance, its {@link RestartType}, its {@link Shutdown} bound, its start time limit and its restart
 * {@link Backoff}.
 *
 * <p>Why this class is large (447 lines): an immutable config with its builder (OTP's child spec fields, each
 * validated and documented with its default, unit and range, plus dependencies, plan and typed extensions); each
 * part is a few lines, and the builder belongs next to the fields it fills.
 *
 * <pre>{@code
 * ChildSpec db = ChildSpec.service("db", ctx -> new DatabasePool(ctx))
 *     .restartType(RestartType.PERMANENT)
 *     .shutdown(Shutdown.timeout(Duration.ofSeconds(2)))
 *     .backoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)))
 *     .build();
 * }</pre>
 *
 * <p>Defaults: restart type PERMANENT; shutdown 5 s for services and workers, infinity for supervisors
 * (OTP's); start timeout 30 s for services, none for workers (their start is creating the thread) and
 * supervisors (bounded by their own children's); no backoff.
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class ChildSpec {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");
  static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

  private final String id;
  private final ChildKind kind;
  private final Function<ChildContext, ?> factory;
  private final SupervisorSpec supervisor;
  private final RestartType restartType;
  private final Shutdown shutdown;
  private final Duration startTimeout;
  private final Backoff backoff;
  private final Set<String> dependsOn;
  private final Set<String> dependsOnHealth;
  private final RecoveryPlan plan;
  private final Map<Class<?>, Object> extensions;
  private final boolean significant;
  private final boolean ignoreWhenNull;

  private ChildSpec(Builder b) {
    this.id = b.id;
    this.kind = b.kind;
    this.factory = b.factory;
    this.supervisor = b.supervisor;
    this.restartType = b.restartType;
    this.shutdown = b.shutdown != null ? b.shutdown : Shutdown.defaultFor(b.kind);
    this.startTimeout = b.startTimeout;
    this.backoff = b.backoff;
    this.dependsOn = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.dependsOn));
    this.plan = b.plan;
    this.dependsOnHealth = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.dependsOnHealth));
    this.extensions = Map.copyOf(b.extensions);
    this.significant = b.significant;
    this.ignoreWhenNull = b.ignoreWhenNull;
  }

  /**
   * A service whose factory needs no context.
   *
   * @return a new builder
   * @param id the child's id among its siblings
   * @param factory makes a fresh instance for every (re)start
   */
  public static Builder service(String id, Supplier<? extends Component> factory) {
    Objects.requireNonNull(factory, "factory");
    return new Builder(id, ChildKind.SERVICE, ctx -> factory.get(), null);
  }

  /**
   * A service whose factory receives the instance's {@link ChildContext} (to report its own failure).
   *
   * @return a new builder
   * @param id the child's id among its siblings
   * @param factory makes a fresh instance for every (re)start, from that instance's context
   */
  public static Builder service(String id, Function<ChildContext, ? extends Component> factory) {
    Objects.requireNonNull(factory, "factory");
    return new Builder(id, ChildKind.SERVICE, factory, null);
  }

  /**
   * A worker: each (re)start runs a fresh instance's {@link Worker#run} on a new thread.
   *
   * @return a new builder
   * @param id the child's id among its siblings
   * @param factory makes a fresh worker for every (re)start
   */
  public static Builder worker(String id, Supplier<? extends Worker> factory) {
    Objects.requireNonNull(factory, "factory");
    return new Builder(id, ChildKind.WORKER, ctx -> factory.get(), null);
  }

  /**
   * A nested supervisor, with the spec's name as child id.
   *
   * @param spec a nested supervisor, with the spec's name as child id
   * @return a new builder
   */
  public static Builder supervisor(SupervisorSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return new Builder(spec.name(), ChildKind.SUPERVISOR, null, spec);
  }

  /** {@return a new builder holding this spec's values} */
  public Builder toBuilder() {
    Builder b = new Builder(id, kind, factory, supervisor);
    b.restartType = restartType;
    b.shutdown = shutdown;
    b.startTimeout = startTimeout;
    b.backoff = backoff;
    b.dependsOn.addAll(dependsOn);
    b.dependsOnHealth.addAll(dependsOnHealth);
    b.plan = plan;
    b.extensions.putAll(extensions);
    b.significant = significant;
    b.ignoreWhenNull = ignoreWhenNull;
    return b;
  }

  /** {@return the child's id among its siblings} */
  public String id() {
    return id;
  }

  /** {@return whether the child is a service, a worker or a supervisor} */
  public ChildKind kind() {
    return kind;
  }

  /**
   * The factory of instances (a {@link Component} or a {@link Worker}); null for a supervisor.
   *
   * @return the factory, or null for a supervisor
   */
  public Function<ChildContext, ?> factory() {
    return factory;
  }

  /**
   * The nested supervisor's spec; null unless {@link #kind()} is SUPERVISOR.
   *
   * @return the spec, or null for a service or a worker
   */
  public SupervisorSpec supervisorSpec() {
    return supervisor;
  }

  /** {@return when the child is restarted (OTP's {@code restart})} */
  public RestartType restartType() {
    return restartType;
  }

  /** {@return how the child is stopped (OTP's {@code shutdown})} */
  public Shutdown shutdown() {
    return shutdown;
  }

  /**
   * The time limit on a service's {@code start()}; null when unbounded (workers, supervisors).
   *
   * @return the time limit, or null when unbounded
   */
  public Duration startTimeout() {
    return startTimeout;
  }

  /** {@return the delay before each restart} */
  public Backoff backoff() {
    return backoff;
  }

  /**
   * Ids of siblings this child depends on, in declaration order. Each must be declared earlier in its
   * supervisor ({@link SupervisorSpec.Builder#build()} checks), so OTP's start order (declaration order) starts
   * a dependency before its dependents and the reverse stop order stops it after them. Used for diagnosis:
   * see {@link Diagnosis}.
   *
   * @return the sibling ids, an unmodifiable set
   */
  public Set<String> dependsOn() {
    return dependsOn;
  }

  /**
   * Names of {@link dev.selfheal.core.spi.HealthSource}s (a breaker, a bulkhead, a probe exposed as a source)
   * this child depends on, in declaration order; checked against the tree's sources when the tree is built.
   *
   * @return the source names, an unmodifiable set
   */
  public Set<String> dependsOnHealth() {
    return dependsOnHealth;
  }

  /** {@return the child's recovery plan, or null for OTP's plain restart} */
  public RecoveryPlan plan() {
    return plan;
  }

  /**
   * The extension of {@code type} another module attached to this child (probe declarations, policies),
   * or empty. Extensions are how probes and recovery declare things on a child without depending on each
   * other: each module looks up only its own types.
   *
   * @param <T> the extension's type
   * @param type the extension's class, as given to {@link Builder#extension}
   * @return the extension, or empty
   */
  public <T> Optional<T> extension(Class<T> type) {
    return Optional.ofNullable(type.cast(extensions.get(Objects.requireNonNull(type, "type"))));
  }

  /**
   * Whether this child's end can shut its supervisor down ({@link AutoShutdown}). Default false.
   *
   * @return whether the child is significant
   */
  public boolean significant() {
    return significant;
  }

  /**
   * Whether a factory returning null means OTP's {@code ignore} rather than a failed start. Default false.
   *
   * @return whether a null instance is OTP's {@code ignore}
   */
  public boolean ignoreWhenNull() {
    return ignoreWhenNull;
  }

  @Override
  public String toString() {
    return "ChildSpec[" + id + ", " + kind + ", " + restartType + ", shutdown=" + shutdown + "]";
  }

  static void validateId(String field, String id) {
    if (id == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(field + " must match " + ID.pattern()
          + " (letters, digits, '.', '_', ':', '-'; no '/', which separates paths), was '" + id + "'");
    }
  }

  /** Builder of {@link ChildSpec}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private final ChildKind kind;
    private final Function<ChildContext, ?> factory;
    private final SupervisorSpec supervisor;
    private RestartType restartType = RestartType.PERMANENT;
    private Shutdown shutdown;
    private Duration startTimeout;
    private Backoff backoff = Backoff.none();
    private final Set<String> dependsOn = new LinkedHashSet<>();
    private final Set<String> dependsOnHealth = new LinkedHashSet<>();
    private RecoveryPlan plan;
    private final Map<Class<?>, Object> extensions = new LinkedHashMap<>();
    private boolean significant;
    private boolean ignoreWhenNull;

    private Builder(String id, ChildKind kind, Function<ChildContext, ?> factory, SupervisorSpec supervisor) {
      validateId("child id", id);
      this.id = id;
      this.kind = kind;
      this.factory = factory;
      this.supervisor = supervisor;
      this.startTimeout = kind == ChildKind.SERVICE ? DEFAULT_START_TIMEOUT : null;
    }

    /**
     * Default {@link RestartType#PERMANENT}.
     *
     * @param restartType the restart type; default {@link RestartType#PERMANENT}
     * @return this builder
     */
    public Builder restartType(RestartType restartType) {
      this.restartType = Objects.requireNonNull(restartType, "restartType");
      return this;
    }

    /**
     * Default 5 s for services and workers, {@link Shutdown#infinity()} for supervisors.
     *
     * @param shutdown the shutdown; default 5 s for services and workers, {@link Shutdown#infinity()} for supervisors
     * @return this builder
     */
    public Builder shutdown(Shutdown shutdown) {
      this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
      return this;
    }

    /**
     * Time limit on a service's {@code start()}; positive. Default 30 s. Services only.
     *
     * @param startTimeout time limit on a service's {@code start()}; positive
     * @return this builder
     */
    public Builder startTimeout(Duration startTimeout) {
      Objects.requireNonNull(startTimeout, "startTimeout");
      if (kind != ChildKind.SERVICE) {
        throw new IllegalArgumentException("startTimeout applies to services only; child '" + id + "' is a " + kind);
      }
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be > 0, was " + startTimeout);
      }
      this.startTimeout = startTimeout;
      return this;
    }

    /**
     * Default {@link Backoff#none()}.
     *
     * @param backoff the backoff; default {@link Backoff#none()}
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Declares siblings this child depends on. Default: none. Each must be a sibling declared before this
     * child (checked by {@link SupervisorSpec.Builder#build()}, which also names any cycle).
     *
     * @param siblingIds the sibling ids
     * @return this builder
     */
    public Builder dependsOn(String... siblingIds) {
      for (String s : siblingIds) {
        validateId("dependsOn", s);
        if (s.equals(id)) {
          throw new IllegalArgumentException("dependsOn: child '" + id + "' cannot depend on itself");
        }
        dependsOn.add(s);
      }
      return this;
    }

    /**
     * Declares health sources, by {@link dev.selfheal.core.spi.HealthSource#name()}, this child depends on
     * (such as {@code circuit:payments}). Default: none. Each name must be known to the tree (a source given
     * to {@link Diagnosis.Builder#healthSource} or exposed by a supervised handle's policies), checked when
     * the tree is built.
     *
     * @param sourceNames the source names
     * @return this builder
     */
    public Builder dependsOnHealth(String... sourceNames) {
      for (String s : sourceNames) {
        if (s == null || s.isBlank()) {
          throw new IllegalArgumentException("dependsOnHealth: child '" + id + "' names a blank health source, was '"
              + s + "'");
        }
        dependsOnHealth.add(s);
      }
      return this;
    }

    /**
     * Graduated recovery instead of OTP's plain restart ({@link RecoveryPlan}). Default none: OTP's rules.
     *
     * @param plan graduated recovery instead of OTP's plain restart ({@link RecoveryPlan})
     * @return this builder
     */
    public Builder plan(RecoveryPlan plan) {
      this.plan = Objects.requireNonNull(plan, "plan");
      return this;
    }

    /**
     * Attaches {@code value} as this child's extension of {@code type}, replacing an earlier one of the same
     * type. Default: no extensions. {@code value} must be immutable and thread-safe, like the spec.
     *
     * @return this builder
     * @param <T> the extension's type
     * @param type the class the extension is looked up by
     * @param value the extension
     */
    public <T> Builder extension(Class<T> type, T value) {
      Objects.requireNonNull(type, "type");
      extensions.put(type, type.cast(Objects.requireNonNull(value, "value")));
      return this;
    }

    /**
     * Marks the child significant (OTP's {@code significant}): its end on its own, not followed by a
     * restart, can shut its supervisor down ({@link AutoShutdown}). Default false. A significant child
     * must not be PERMANENT (OTP's {@code bad_combination}, checked by {@link #build()}), and its supervisor
     * must have an {@link AutoShutdown} other than NEVER (checked by {@link SupervisorSpec.Builder#build()}
     * and by {@code startChild}).
     *
     * @param significant whether the child is significant
     * @return this builder
     */
    public Builder significant(boolean significant) {
      this.significant = significant;
      return this;
    }

    /**
     * Lets the factory answer OTP's {@code ignore} by returning null: the child is then not started, its
     * spec is kept with no instance (counted as a spec, not as active) and, if TEMPORARY, not kept at all.
     * Default false: a factory returning null is a failed start, because a forgotten return is a bug, not
     * a decision. Services and workers only (a supervisor's start cannot be ignored).
     *
     * @return this builder
     */
    public Builder ignoreWhenNull() {
      if (kind == ChildKind.SUPERVISOR) {
        throw new IllegalArgumentException("ignoreWhenNull applies to services and workers; child '" + id
            + "' is a SUPERVISOR");
      }
      this.ignoreWhenNull = true;
      return this;
    }

    /**
     * Validates and builds: a significant child must not be PERMANENT (OTP's bad_combination).
     *
     * @return the immutable child spec
     */
    public ChildSpec build() {
      if (significant && restartType == RestartType.PERMANENT) {
        throw new IllegalArgumentException("significant: child '" + id
            + "' is PERMANENT; a significant child must be TRANSIENT or TEMPORARY (OTP bad_combination)");
      }
      return new ChildSpec(this);
    }
  }
}
