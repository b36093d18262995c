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
  private final Map<Class<?>, Object> extensions;

  private ChildSpec(Builder b) {
    this.id = b.id;
    this.kind = b.kind;
    this.factory = b.factory;
    this.supervisor = b.supervisor;
    this.restartType = b.restartType;
    this.shutdown = b.shutdown != null ? b.shutdown : Shutdown.defaultFor(b.kind);
    this.startTimeout = b.startTimeout;
    this.backoff = b.backoff;
    this.dependsOn = Set.copyOf(b.dependsOn);
    this.extensions = Map.copyOf(b.extensions);
  }

  /** A service whose factory needs no context. */
  public static Builder service(String id, Supplier<? extends Component> factory) {
    Objects.requireNonNull(factory, "factory");
    return new Builder(id, ChildKind.SERVICE, ctx -> factory.get(), null);
  }

  /** A service whose factory receives the instance's {@link ChildContext} (to report its own failure). */
  public static Builder service(String id, Function<ChildContext, ? extends Component> factory) {
    Objects.requireNonNull(factory, "factory");
    return new Builder(id, ChildKind.SERVICE, factory, null);
  }

  /** A worker: each (re)start runs a fresh instance's {@link Worker#run} on a new thread. */
  public static Builder worker(String id, Supplier<? extends Worker> factory) {
    Objects.requireNonNull(factory, "factory");
    return new Builder(id, ChildKind.WORKER, ctx -> factory.get(), null);
  }

  /** A nested supervisor, with the spec's name as child id. */
  public static Builder supervisor(SupervisorSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return new Builder(spec.name(), ChildKind.SUPERVISOR, null, spec);
  }

  public Builder toBuilder() {
    Builder b = new Builder(id, kind, factory, supervisor);
    b.restartType = restartType;
    b.shutdown = shutdown;
    b.startTimeout = startTimeout;
    b.backoff = backoff;
    b.dependsOn.addAll(dependsOn);
    b.extensions.putAll(extensions);
    return b;
  }

  public String id() {
    return id;
  }

  public ChildKind kind() {
    return kind;
  }

  /** The factory of instances (a {@link Component} or a {@link Worker}); null for a supervisor. */
  public Function<ChildContext, ?> factory() {
    return factory;
  }

  /** The nested supervisor's spec; null unless {@link #kind()} is SUPERVISOR. */
  public SupervisorSpec supervisorSpec() {
    return supervisor;
  }

  public RestartType restartType() {
    return restartType;
  }

  public Shutdown shutdown() {
    return shutdown;
  }

  /** The time limit on a service's {@code start()}; null when unbounded (workers, supervisors). */
  public Duration startTimeout() {
    return startTimeout;
  }

  public Backoff backoff() {
    return backoff;
  }

  /** Ids of siblings this child depends on (declared for diagnosis; not yet used for decisions). */
  public Set<String> dependsOn() {
    return dependsOn;
  }

  /**
   * The extension of {@code type} another module attached to this child (probe declarations, policies),
   * or empty. Extensions are how probes and recovery declare things on a child without depending on each
   * other: each module looks up only its own types.
   */
  public <T> Optional<T> extension(Class<T> type) {
    return Optional.ofNullable(type.cast(extensions.get(Objects.requireNonNull(type, "type"))));
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
    private final Map<Class<?>, Object> extensions = new LinkedHashMap<>();

    private Builder(String id, ChildKind kind, Function<ChildContext, ?> factory, SupervisorSpec supervisor) {
      validateId("child id", id);
      this.id = id;
      this.kind = kind;
      this.factory = factory;
      this.supervisor = supervisor;
      this.startTimeout = kind == ChildKind.SERVICE ? DEFAULT_START_TIMEOUT : null;
    }

    /** Default {@link RestartType#PERMANENT}. */
    public Builder restartType(RestartType restartType) {
      this.restartType = Objects.requireNonNull(restartType, "restartType");
      return this;
    }

    /** Default 5 s for services and workers, {@link Shutdown#infinity()} for supervisors. */
    public Builder shutdown(Shutdown shutdown) {
      this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
      return this;
    }

    /** Time limit on a service's {@code start()}; positive. Default 30 s. Services only. */
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

    /** Default {@link Backoff#none()}. */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** Declares siblings this child depends on. */
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
     * Attaches {@code value} as this child's extension of {@code type}, replacing an earlier one of the same
     * type. Default: no extensions. {@code value} must be immutable and thread-safe, like the spec.
     */
    public <T> Builder extension(Class<T> type, T value) {
      Objects.requireNonNull(type, "type");
      extensions.put(type, type.cast(Objects.requireNonNull(value, "value")));
      return this;
    }

    public ChildSpec build() {
      return new ChildSpec(this);
    }
  }
}
