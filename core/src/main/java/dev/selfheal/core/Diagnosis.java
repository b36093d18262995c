package dev.selfheal.core;

import dev.selfheal.core.spi.HealthSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A tree's diagnosis settings: heal the cause, not the symptom. When a child that declares dependencies
 * ({@link ChildSpec.Builder#dependsOn}, {@link ChildSpec.Builder#dependsOnHealth}) fails, its supervisor
 * looks at those dependencies first; if one is down, the child is <em>held</em> instead of restarted.
 *
 * <p><b>Rules</b> (implemented by the supervisor's diagnosis policy):
 * <ul>
 *   <li>A sibling dependency is down when it is not {@link ChildState#RUNNING} (RESTARTING, FAILED, STOPPED,
 *       or itself HELD). An external one is down when its health source reports
 *       {@link dev.selfheal.core.spi.HealthStatus#DOWN}. Sources are found by name among those given here
 *       and those of supervised handles' policies, then among the tree's {@link RuntimeContext} sources as
 *       they are at the decision: one that joins the context later (declared with
 *       {@link Builder#expectHealthSource}) is seen from then on; a name no source has yet is not down.</li>
 *   <li>A failure (an exit or a failure report) of a child with a dependency down is a <b>hold</b>: the
 *       child shows {@link ChildState#HELD}, is not restarted and not counted in the restart intensity; its
 *       calls fail fast (a handle sees no current instance); while any child is held the tree's health
 *       source is DEGRADED (not DOWN: the process still serves what does not need the dependency). An instance a report declared failed is kept;
 *       one that ended on its own is cleaned up. The dependency, if it is a sibling, is healed by its own
 *       failure's decision (OTP's rules). Journaled as {@code child.hold} with evidence: {@code dependency},
 *       {@code signal} (what showed it down) and {@code since}.</li>
 *   <li>Held children are checked again after every decision of their supervisor and every
 *       {@link Builder#recheckEvery}; once every dependency is up, a held child is <b>released</b>
 *       ({@code child.release}): a kept instance returns to RUNNING and serves (if it still fails, its next
 *       failure is decided with its dependencies up, by OTP's rules); one that had ended is started again,
 *       not counted. An operator may release a held child at any time ({@link SupervisorTree#releaseChild}).</li>
 *   <li>Dry-run journals "would hold" and holds nothing; pause defers the decision; a suspension holds the
 *       failure unacted, as for any decision.</li>
 * </ul>
 *
 * <pre>{@code
 *   RUNNING ──failure, a dependency down──► HELD ──dependencies up / operator release──► RUNNING
 *                                            │ (instance had ended)                       ▲
 *                                            └──────────────► STARTING ───────────────────┘
 * }</pre>
 *
 * <p>Default ({@link #ofDefaults()}): no external sources, re-check every second. A child with no declared
 * dependency is healed exactly by OTP's rules.
 *
 * <p>This class is immutable and thread-safe; its builder is not.
 */
public final class Diagnosis {
  private final List<HealthSource> healthSources;
  private final Set<String> expectedHealthSources;
  private final Duration recheckEvery;

  private Diagnosis(Builder b) {
    this.healthSources = List.copyOf(b.healthSources);
    this.expectedHealthSources = Collections.unmodifiableSet(new LinkedHashSet<>(b.expected));
    this.recheckEvery = b.recheckEvery;
  }

  /** {@return a new builder, with no external sources} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a diagnosis with no external sources: only declared siblings are checked} */
  public static Diagnosis ofDefaults() {
    return builder().build();
  }

  /** {@return a new builder holding this diagnosis's sources} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.healthSources.addAll(healthSources);
    b.expected.addAll(expectedHealthSources);
    b.recheckEvery = recheckEvery;
    return b;
  }

  /**
   * External dependencies, found by {@link HealthSource#name()}.
   *
   * @return the sources, an unmodifiable list
   */
  public List<HealthSource> healthSources() {
    return healthSources;
  }

  /**
   * Names of health sources that join the tree's {@link RuntimeContext} later (after the tree is built or
   * started), declared so that the tree accepts children naming them, in declaration order.
   *
   * @return the names, an unmodifiable set
   */
  public Set<String> expectedHealthSources() {
    return expectedHealthSources;
  }

  /** {@return how often held children are checked again while any is held} */
  public Duration recheckEvery() {
    return recheckEvery;
  }

  /** Builder of {@link Diagnosis}. Not thread-safe. */
  public static final class Builder {
    private final List<HealthSource> healthSources = new ArrayList<>();
    private final Set<String> expected = new LinkedHashSet<>();
    private Duration recheckEvery = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * Makes {@code source} known by its name to {@link ChildSpec.Builder#dependsOnHealth}. Default: none
     * (besides the sources of supervised handles' policies, always known). Names must be unique.
     *
     * @param source the source
     * @return this builder
     */
    public Builder healthSource(HealthSource source) {
      healthSources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /**
     * Declares that a health source named {@code name} will join the tree's {@link RuntimeContext} later
     * (a registry's breaker, a probe exposed as a source, added after the tree is built or started), so that
     * {@link ChildSpec.Builder#dependsOnHealth} and a plan step's {@code releaseWhen} may name it. Until a
     * source of that name is in the context it is not down (nothing holds on it, nothing is released by
     * it); from then on it is read at every decision, like the others. Default none; not blank.
     *
     * @param name the name the source will have
     * @return this builder
     */
    public Builder expectHealthSource(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("expectHealthSource: name must not be blank, was '" + name + "'");
      }
      expected.add(name);
      return this;
    }

    /**
     * How often held children are checked again while any is held. Default 1 s; positive.
     *
     * @param recheckEvery how often held children are checked again while any is held
     * @return this builder
     */
    public Builder recheckEvery(Duration recheckEvery) {
      Objects.requireNonNull(recheckEvery, "recheckEvery");
      if (recheckEvery.isNegative() || recheckEvery.isZero()) {
        throw new IllegalArgumentException("recheckEvery must be > 0, was " + recheckEvery);
      }
      this.recheckEvery = recheckEvery;
      return this;
    }

    /**
     * Validates (unique source names) and builds.
     *
     * @return the immutable diagnosis
     */
    public Diagnosis build() {
      java.util.Set<String> names = new java.util.HashSet<>();
      for (HealthSource s : healthSources) {
        if (!names.add(s.name())) {
          throw new IllegalArgumentException("healthSource: two sources are named '" + s.name() + "'");
        }
      }
      return new Diagnosis(this);
    }
  }
}
