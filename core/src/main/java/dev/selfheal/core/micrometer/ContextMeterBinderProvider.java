package dev.selfheal.core.micrometer;

import dev.selfheal.core.RuntimeContext;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * How a module (recovery, probes) lets {@link SelfhealMetrics} bind what it joined to a tree's
 * {@link RuntimeContext}, without core depending on that module. Found with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/dev.selfheal.core.micrometer.ContextMeterBinderProvider} entry), only when
 * {@link SelfhealMetrics} is used, so a module's provider class is never loaded without Micrometer.
 */
public interface ContextMeterBinderProvider {
  /**
   * A binder for what this module joined to {@code context}, present and future: once bound it follows the
   * context ({@link RuntimeContext#onMembershipChange}) and whatever else tells it of new or removed
   * instances, binding what appears and removing the meters of what leaves.
   *
   * @param tags added to every meter (SelfhealMetrics gives {@code tree=<root name>} and the caller's tags)
   * @param context the context whose members get meters
   * @return the binder, not bound yet
   */
  Binder create(RuntimeContext context, Iterable<Tag> tags);

  /** A binder that stops following and removes every meter it registered when closed (idempotent). */
  interface Binder extends MeterBinder, AutoCloseable {
    @Override
    void close();
  }
}
