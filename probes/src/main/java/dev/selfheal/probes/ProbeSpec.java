package dev.selfheal.probes;

import java.util.Objects;

/**
 * One probe on one component of the tree: the component's path, the probe's {@link ProbeConfig} (which
 * carries its {@link ProbeKind}), the check, and whether the component is <em>critical</em> for the
 * process's readiness.
 *
 * <pre>{@code
 * ProbeSpec<DatabasePool> live = ProbeSpec.liveness("app/db", DatabasePool.class, db -> db.ping())
 *     .config(ProbeConfig.builder(ProbeKind.LIVENESS).period(Duration.ofSeconds(5)).build())
 *     .build();
 * ProbeSpec<DatabasePool> ready = ProbeSpec.readiness("app/db", DatabasePool.class,
 *         HealthProbe.ofBoolean(DatabasePool::hasIdleConnection))
 *     .critical(false)    // a not-ready pool only degrades the process
 *     .build();
 * }</pre>
 *
 * <p>The check receives the child's current instance ({@code ChildStarted.instance()}); an instance that is
 * not a {@code type} fails the probe with a reason that says so.
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 *
 * @param <T> the type of the instances the check receives
 */
public final class ProbeSpec<T> {
  private final String path;
  private final Class<T> type;
  private final HealthProbe<? super T> check;
  private final ProbeConfig config;
  private final boolean critical;

  private ProbeSpec(Builder<T> b) {
    this.path = b.path;
    this.type = b.type;
    this.check = b.check;
    this.config = b.config;
    this.critical = b.critical;
  }

  /**
   * A liveness probe with Kubernetes' default config.
   *
   * @return a new builder
   * @param <T> the component's type
   * @param path the component's path in the tree, such as {@code app/db}
   * @param type the class the running instance is checked against
   * @param check the check, run on the current instance
   */
  public static <T> Builder<T> liveness(String path, Class<T> type, HealthProbe<? super T> check) {
    return new Builder<>(path, type, check, ProbeConfig.ofDefaults(ProbeKind.LIVENESS));
  }

  /**
   * A readiness probe with Kubernetes' default config.
   *
   * @return a new builder
   * @param <T> the component's type
   * @param path the component's path in the tree, such as {@code app/db}
   * @param type the class the running instance is checked against
   * @param check the check, run on the current instance
   */
  public static <T> Builder<T> readiness(String path, Class<T> type, HealthProbe<? super T> check) {
    return new Builder<>(path, type, check, ProbeConfig.ofDefaults(ProbeKind.READINESS));
  }

  /**
   * A startup probe with Kubernetes' default config.
   *
   * @return a new builder
   * @param <T> the component's type
   * @param path the component's path in the tree, such as {@code app/db}
   * @param type the class the running instance is checked against
   * @param check the check, run on the current instance
   */
  public static <T> Builder<T> startup(String path, Class<T> type, HealthProbe<? super T> check) {
    return new Builder<>(path, type, check, ProbeConfig.ofDefaults(ProbeKind.STARTUP));
  }

  /**
   * A probe whose kind is {@code config.kind()}.
   *
   * @return a new builder
   * @param <T> the component's type
   * @param path the component's path in the tree, such as {@code app/db}
   * @param type the class the running instance is checked against
   * @param config the probe's kind, timing and thresholds
   * @param check the check, run on the current instance
   */
  public static <T> Builder<T> of(String path, Class<T> type, ProbeConfig config, HealthProbe<? super T> check) {
    return new Builder<>(path, type, check, Objects.requireNonNull(config, "config"));
  }

  /** {@return a new builder holding this spec's values} */
  public Builder<T> toBuilder() {
    return new Builder<>(path, type, check, config).critical(critical);
  }

  /**
   * The component's path in the tree, such as {@code app/db}.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /** {@return liveness, readiness or startup} */
  public ProbeKind kind() {
    return config.kind();
  }

  /** {@return the type instances must have} */
  public Class<T> type() {
    return type;
  }

  /** {@return the check, run on the current instance} */
  public HealthProbe<? super T> check() {
    return check;
  }

  /** {@return the probe's kind, timing and thresholds} */
  public ProbeConfig config() {
    return config;
  }

  /**
   * Whether the component may pull the process's readiness down (see {@link HealthMonitor}).
   *
   * @return whether the component is critical
   */
  public boolean critical() {
    return critical;
  }

  @Override
  public String toString() {
    return "ProbeSpec[" + path + ", " + config + ", critical=" + critical + "]";
  }

  /** Builder of {@link ProbeSpec}. Not thread-safe. */
  public static final class Builder<T> {
    private final String path;
    private final Class<T> type;
    private final HealthProbe<? super T> check;
    private ProbeConfig config;
    private boolean critical = true;

    private Builder(String path, Class<T> type, HealthProbe<? super T> check, ProbeConfig config) {
      Objects.requireNonNull(path, "path");
      if (path.isBlank() || path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
        throw new IllegalArgumentException("path must be a tree path such as 'app/db', was '" + path + "'");
      }
      this.path = path;
      this.type = Objects.requireNonNull(type, "type");
      this.check = Objects.requireNonNull(check, "check");
      this.config = config;
    }

    /**
     * Timing and thresholds. Default: {@link ProbeConfig#ofDefaults} for the kind this builder was made for.
     * Its kind must be that kind.
     *
     * @param config timing and thresholds
     * @return this builder
     * @throws IllegalArgumentException if {@code config.kind()} differs from this probe's kind
     */
    public Builder<T> config(ProbeConfig config) {
      Objects.requireNonNull(config, "config");
      if (config.kind() != this.config.kind()) {
        throw new IllegalArgumentException("config.kind must be " + this.config.kind() + " for this probe, was "
            + config.kind());
      }
      this.config = config;
      return this;
    }

    /**
     * Whether a NOT_READY or DOWN verdict on this component takes the process's readiness down ({@code true})
     * or only degrades it ({@code false}). Default {@code true}. A component is critical if any of its probes
     * is.
     *
     * @param critical whether a NOT_READY or DOWN verdict on this component takes the process's readiness down ({@code true}) or only degrades it ({@code false})
     * @return this builder
     */
    public Builder<T> critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    /** {@return the immutable spec} */
    public ProbeSpec<T> build() {
      return new ProbeSpec<>(this);
    }
  }
}
