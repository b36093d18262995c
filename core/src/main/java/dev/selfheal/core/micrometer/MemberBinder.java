package dev.selfheal.core.micrometer;

import dev.selfheal.core.RuntimeContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The usual {@link ContextMeterBinderProvider.Binder}: it follows a context's membership and keeps one set of
 * meters per member of one kind (a module's registry, a health monitor), bound when the member appears and
 * closed when it leaves. Members are told apart by identity. Thread-safe.
 *
 * @param <M> the kind of member that gets meters
 */
public final class MemberBinder<M> implements ContextMeterBinderProvider.Binder {
  private final RuntimeContext context;
  private final Function<RuntimeContext, ? extends Collection<? extends M>> members;
  private final BiFunction<? super M, MeterRegistry, ? extends Runnable> bind;
  private final Map<M, Runnable> bound = new IdentityHashMap<>(); // guarded by this
  private RuntimeContext.Registration following;
  private MeterRegistry registry;

  /**
   * A binder, not bound yet.
   *
   * @param context the context whose members are followed
   * @param members the members of {@code context} that get meters, read at each membership change
   * @param bind binds one member's meters to a registry and returns the action that removes them
   */
  public MemberBinder(RuntimeContext context, Function<RuntimeContext, ? extends Collection<? extends M>> members,
      BiFunction<? super M, MeterRegistry, ? extends Runnable> bind) {
    this.context = context;
    this.members = members;
    this.bind = bind;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    this.registry = Binders.checkUnbound(this.registry, registry);
    following = context.onMembershipChange(this::reconcile);
    reconcile();
  }

  private synchronized void reconcile() {
    if (registry == null) {
      return; // closed
    }
    Map<M, Boolean> present = new IdentityHashMap<>();
    for (M m : members.apply(context)) {
      present.put(m, Boolean.TRUE);
    }
    bound.entrySet().removeIf(e -> {
      if (!present.containsKey(e.getKey())) {
        e.getValue().run();
        return true;
      }
      return false;
    });
    for (M m : present.keySet()) {
      if (!bound.containsKey(m)) {
        bound.put(m, bind.apply(m, registry));
      }
    }
  }

  @Override
  public synchronized void close() {
    if (following != null) {
      following.close();
      following = null;
    }
    bound.values().forEach(Runnable::run);
    bound.clear();
    registry = null;
  }

}
