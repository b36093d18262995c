package dev.selfheal.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A supervisor's flags and static children (OTP's {@code init/1} result): a name, a
 * {@link RestartStrategy}, a {@link RestartIntensity}, and children in start order.
 *
 * <pre>{@code
 * SupervisorSpec app = SupervisorSpec.builder("app")
 *     .strategy(RestartStrategy.ONE_FOR_ONE)
 *     .intensity(RestartIntensity.of(3, Duration.ofSeconds(10)))
 *     .child(ChildSpec.service("db", DatabasePool::new).build())
 *     .child(ChildSpec.worker("poller", Poller::new).build())
 *     .build();
 * }</pre>
 *
 * <p>Defaults (OTP's): ONE_FOR_ONE, 1 restart in 5 seconds, no children.
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class SupervisorSpec {
  private final String name;
  private final RestartStrategy strategy;
  private final RestartIntensity intensity;
  private final List<ChildSpec> children;
  private final AutoShutdown autoShutdown;

  private SupervisorSpec(Builder b) {
    this.name = b.name;
    this.strategy = b.strategy;
    this.intensity = b.intensity;
    this.children = List.copyOf(b.children);
    this.autoShutdown = b.autoShutdown;
  }

  /**
   * @param name the supervisor's id: letters, digits, '.', '_', ':', '-'
   *
   * @return a new builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@return a new builder holding this spec's values} */
  public Builder toBuilder() {
    Builder b = new Builder(name).strategy(strategy).intensity(intensity).autoShutdown(autoShutdown);
    b.children.addAll(children);
    return b;
  }

  /** {@return the supervisor's id, its path segment in the tree} */
  public String name() {
    return name;
  }

  /** {@return which siblings restart with a failed child (OTP's {@code strategy})} */
  public RestartStrategy strategy() {
    return strategy;
  }

  /** {@return how many restarts in what period before the supervisor gives up and escalates} */
  public RestartIntensity intensity() {
    return intensity;
  }

  /** {@return when the supervisor shuts itself down after its significant children end. Default NEVER} */
  public AutoShutdown autoShutdown() {
    return autoShutdown;
  }

  /** {@return the static children, in start order} */
  public List<ChildSpec> children() {
    return children;
  }

  @Override
  public String toString() {
    return "SupervisorSpec[" + name + ", " + strategy + ", " + intensity + ", " + children.size() + " children]";
  }

  /**
   * OTP's bad_combination: a significant child under auto_shutdown NEVER (the supervisor checks the same
   * for children added at run time).
   */
  private static void requireSignificantAllowed(String supervisor, AutoShutdown autoShutdown, ChildSpec child) {
    if (child.significant() && autoShutdown == AutoShutdown.NEVER) {
      throw new IllegalArgumentException("significant: child '" + child.id() + "' is significant but supervisor '"
          + supervisor + "' has autoShutdown NEVER (OTP bad_combination)");
    }
  }

  /** Builder of {@link SupervisorSpec}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private RestartStrategy strategy = RestartStrategy.ONE_FOR_ONE;
    private RestartIntensity intensity = RestartIntensity.ofDefaults();
    private final List<ChildSpec> children = new ArrayList<>();
    private AutoShutdown autoShutdown = AutoShutdown.NEVER;

    private Builder(String name) {
      ChildSpec.validateId("supervisor name", name);
      this.name = name;
    }

    /**
     * Default {@link RestartStrategy#ONE_FOR_ONE}.
     *
     * @param strategy the strategy; default {@link RestartStrategy#ONE_FOR_ONE}
     * @return this builder
     */
    public Builder strategy(RestartStrategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Default {@link RestartIntensity#ofDefaults()}: 1 restart in 5 seconds.
     *
     * @param intensity the intensity; default {@link RestartIntensity#ofDefaults()}: 1 restart in 5 seconds
     * @return this builder
     */
    public Builder intensity(RestartIntensity intensity) {
      this.intensity = Objects.requireNonNull(intensity, "intensity");
      return this;
    }

    /**
     * Shorthand for {@code intensity(RestartIntensity.of(maxRestarts, period))}.
     *
     * @return this builder
     * @param maxRestarts at least 0
     * @param period positive
     */
    public Builder intensity(int maxRestarts, Duration period) {
      return intensity(RestartIntensity.of(maxRestarts, period));
    }

    /**
     * OTP's {@code auto_shutdown}. Default {@link AutoShutdown#NEVER}.
     *
     * @param autoShutdown OTP's {@code auto_shutdown}
     * @return this builder
     */
    public Builder autoShutdown(AutoShutdown autoShutdown) {
      this.autoShutdown = Objects.requireNonNull(autoShutdown, "autoShutdown");
      return this;
    }

    /**
     * Appends a child; children start in the order they are added.
     *
     * @param child the child
     * @return this builder
     */
    public Builder child(ChildSpec child) {
      children.add(Objects.requireNonNull(child, "child"));
      return this;
    }

    /**
     * Appends a child built from {@code child}.
     *
     * @param child the child
     * @return this builder
     */
    public Builder child(ChildSpec.Builder child) {
      return child(Objects.requireNonNull(child, "child").build());
    }

    /**
     * Adds a child made of {@code factory}'s instances and returns its <em>supervised handle</em>: an object
     * implementing {@code type} that routes every call to the child's current instance, through the policies
     * declared for it (annotations of recovery on the interface's methods, or
     * {@link HandleOptions.Builder#intercept}). An instance that also implements {@link Component} is started
     * and stopped with the child; calls reach it only between the end of its {@code start()} and the
     * beginning of its {@code stop()}. The handle serves once the tree built from this spec is started.
     *
     * <p>The child's id, restart type, shutdown, start timeout, backoff and fatal exception types come from
     * {@code options} and the interface's {@link dev.selfheal.core.annotation.Supervised}; probes declared
     * with probes' annotations are attached to the child spec. What a caller sees in each child state, and
     * how exceptions reach the supervisor, is described in {@link ComponentUnavailableException} and
     * {@link HandleOptions.Builder#fatal}.
     *
     * @param <T> the interface's type
     * @param type the interface the handle implements
     * @param factory makes a fresh instance for every (re)start, from that instance's context
     * @param options the handle's options, over the interface's annotations
     * @return the handle
     * @throws IllegalArgumentException on any misconfiguration (the message names the class, the method, the
     *     annotation and the problem): nothing is added
     */
    public <T> T supervise(Class<T> type, Function<ChildContext, ? extends T> factory, HandleOptions options) {
      dev.selfheal.core.internal.handle.Handles.Created<T> c =
          dev.selfheal.core.internal.handle.Handles.create(type, factory, options, dev.selfheal.core.spi.Ticker.system());
      child(c.spec());
      return c.handle();
    }

    /**
     * {@link #supervise(Class, Function, HandleOptions)} with a factory that needs no context.
     *
     * @param <T> the interface's type
     * @param type the interface the handle implements
     * @param factory makes a fresh instance for every (re)start
     * @param options the handle's options, over the interface's annotations
     * @return the handle
     */
    public <T> T supervise(Class<T> type, Supplier<? extends T> factory, HandleOptions options) {
      Objects.requireNonNull(factory, "factory");
      return supervise(type, ctx -> factory.get(), options);
    }

    /**
     * Validates and builds: unique child ids; significant children only with an auto_shutdown; declared
     * dependencies ({@link ChildSpec#dependsOn()}) name siblings, form no cycle, and are declared before
     * their dependents ({@link Dependencies}).
     *
     * @return the immutable spec
     */
    public SupervisorSpec build() {
      Set<String> seen = new HashSet<>();
      for (ChildSpec c : children) {
        if (!seen.add(c.id())) {
          throw new IllegalArgumentException("duplicate child id '" + c.id() + "' in supervisor '" + name + "'");
        }
        requireSignificantAllowed(name, autoShutdown, c);
      }
      Dependencies.validate(name, children);
      return new SupervisorSpec(this);
    }
  }
}
