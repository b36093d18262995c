package dev.selfheal.core.micrometer;

import dev.selfheal.core.HealingMetrics;
import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.SupervisorTree;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * One call binds everything a tree's {@link RuntimeContext} owns: the tree's healing meters
 * ({@link CoreMetrics}) and the meters of every module's members of that context (the recovery module's
 * registries joined with {@code RecoveryRegistry.of(tree.context())}, ...), including members that join
 * later; a member that leaves (a registry closed) loses its meters.
 *
 * <pre>{@code
 * SupervisorTree tree = SupervisorTree.builder(spec).build();
 * SelfhealMetrics metrics = SelfhealMetrics.bindTo(meterRegistry, tree);
 * RecoveryRegistry policies = RecoveryRegistry.of(tree.context());   // bound when it joins
 * ...
 * metrics.close();                                                   // every meter above removed
 * }</pre>
 *
 * <p>Modules take part through {@link ContextMeterBinderProvider} found with {@link ServiceLoader}: core does
 * not depend on them, and a module absent from the class path simply adds nothing.
 *
 * <p><b>Tags.</b> Every meter carries {@code tree=<root name>} plus the caller's tags, the policies' meters
 * too (unlike a {@code RecoveryMetrics} bound by hand), so two trees with a breaker of the same name can
 * share one meter registry. Prometheus wants every meter of a name to carry the same tag keys: bind a
 * registry's policies either this way or by hand, not both.
 *
 * <p>This class is thread-safe.
 */
public final class SelfhealMetrics implements AutoCloseable {
  private final HealingMetrics healing; // closed with this when this attached it, else null
  private final CoreMetrics core;
  private final List<ContextMeterBinderProvider.Binder> modules;

  private SelfhealMetrics(HealingMetrics owned, CoreMetrics core, List<ContextMeterBinderProvider.Binder> modules) {
    this.healing = owned;
    this.core = core;
    this.modules = modules;
  }

  /**
   * Attaches {@link HealingMetrics} to {@code tree} (call it before {@code tree.start()} so no healing is
   * missed) and binds everything the tree's context owns to {@code registry}.
   *
   * @param registry where the meters go
   * @param tree the tree whose context is bound
   * @return the binding; {@code close()} removes every meter it registered
   * @throws IllegalStateException if another tree with the same root name is bound to {@code registry}
   */
  public static SelfhealMetrics bindTo(MeterRegistry registry, SupervisorTree tree) {
    Objects.requireNonNull(registry, "registry");
    HealingMetrics healing = HealingMetrics.attach(Objects.requireNonNull(tree, "tree"));
    try {
      return bind(registry, healing, Tags.empty(), healing);
    } catch (RuntimeException e) {
      healing.close();
      throw e;
    }
  }

  /**
   * Binds {@code healing}'s tree and everything its context owns to {@code registry}, with {@code extraTags}
   * on every meter. {@code healing} stays the caller's to close.
   *
   * @param registry where the meters go
   * @param healing the tree's healing figures
   * @param extraTags tags added to every meter
   * @return the binding; {@code close()} removes every meter it registered
   * @throws IllegalStateException if another tree with the same tags is bound to {@code registry}
   */
  public static SelfhealMetrics bindTo(MeterRegistry registry, HealingMetrics healing, Iterable<Tag> extraTags) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(healing, "healing");
    return bind(registry, healing, Tags.of(Objects.requireNonNull(extraTags, "extraTags")), null);
  }

  private static SelfhealMetrics bind(MeterRegistry registry, HealingMetrics healing, Tags extra,
      HealingMetrics owned) {
    SupervisorTree tree = healing.tree();
    CoreMetrics core = new CoreMetrics(healing, extra);
    core.bindTo(registry); // refuses a second tree with the same tags before any module meter exists
    RuntimeContext context = tree.context();
    Tags tags = Tags.of("tree", tree.rootPath()).and(extra);
    List<ContextMeterBinderProvider.Binder> modules = new ArrayList<>();
    try {
      for (ContextMeterBinderProvider p : ServiceLoader.load(ContextMeterBinderProvider.class,
          SelfhealMetrics.class.getClassLoader())) {
        ContextMeterBinderProvider.Binder b = p.create(context, tags);
        modules.add(b);
        b.bindTo(registry);
      }
    } catch (RuntimeException e) {
      modules.forEach(ContextMeterBinderProvider.Binder::close);
      core.close();
      throw e;
    }
    return new SelfhealMetrics(owned, core, List.copyOf(modules));
  }

  /** {@return the module binders found (for tests and diagnostics)} */
  public int moduleBinders() {
    return modules.size();
  }

  /** Stops following the context and removes every meter bound by this call. Idempotent. */
  @Override
  public void close() {
    modules.forEach(ContextMeterBinderProvider.Binder::close);
    core.close();
    if (healing != null) {
      healing.close();
    }
  }
}
