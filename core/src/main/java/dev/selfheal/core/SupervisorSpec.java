package dev.selfheal.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

  /** @param name the supervisor's id: letters, digits, '.', '_', ':', '-' */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Builder toBuilder() {
    Builder b = new Builder(name).strategy(strategy).intensity(intensity).autoShutdown(autoShutdown);
    b.children.addAll(children);
    return b;
  }

  public String name() {
    return name;
  }

  public RestartStrategy strategy() {
    return strategy;
  }

  public RestartIntensity intensity() {
    return intensity;
  }

  /** When the supervisor shuts itself down after its significant children end. Default NEVER. */
  public AutoShutdown autoShutdown() {
    return autoShutdown;
  }

  /** The static children, in start order. */
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
    private RestartIntensity intensity = RestartIntensity.defaults();
    private final List<ChildSpec> children = new ArrayList<>();
    private AutoShutdown autoShutdown = AutoShutdown.NEVER;

    private Builder(String name) {
      ChildSpec.validateId("supervisor name", name);
      this.name = name;
    }

    /** Default {@link RestartStrategy#ONE_FOR_ONE}. */
    public Builder strategy(RestartStrategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /** Default {@link RestartIntensity#defaults()}: 1 restart in 5 seconds. */
    public Builder intensity(RestartIntensity intensity) {
      this.intensity = Objects.requireNonNull(intensity, "intensity");
      return this;
    }

    /** Shorthand for {@code intensity(RestartIntensity.of(maxRestarts, period))}. */
    public Builder intensity(int maxRestarts, Duration period) {
      return intensity(RestartIntensity.of(maxRestarts, period));
    }

    /** OTP's {@code auto_shutdown}. Default {@link AutoShutdown#NEVER}. */
    public Builder autoShutdown(AutoShutdown autoShutdown) {
      this.autoShutdown = Objects.requireNonNull(autoShutdown, "autoShutdown");
      return this;
    }

    /** Appends a child; children start in the order they are added. */
    public Builder child(ChildSpec child) {
      children.add(Objects.requireNonNull(child, "child"));
      return this;
    }

    /** Appends a child built from {@code child}. */
    public Builder child(ChildSpec.Builder child) {
      return child(Objects.requireNonNull(child, "child").build());
    }

    /** Validates (unique child ids; significant children only with an auto_shutdown) and builds. */
    public SupervisorSpec build() {
      Set<String> seen = new HashSet<>();
      for (ChildSpec c : children) {
        if (!seen.add(c.id())) {
          throw new IllegalArgumentException("duplicate child id '" + c.id() + "' in supervisor '" + name + "'");
        }
        requireSignificantAllowed(name, autoShutdown, c);
      }
      return new SupervisorSpec(this);
    }
  }
}
