package dev.selfheal.core.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/** Rules every Selfheal binder shares (core, recovery and probes binders use it). */
public final class Binders {
  private Binders() {}

  /**
   * The registry a binder may bind to: {@code next}, if the binder is not bound yet ({@code current} null).
   *
   * @param current the registry the binder is bound to, or null
   * @param next the registry to bind to
   * @return {@code next}
   * @throws IllegalStateException if it is already bound (a binder binds to one registry at a time)
   */
  public static MeterRegistry checkUnbound(MeterRegistry current, MeterRegistry next) {
    Objects.requireNonNull(next, "registry");
    if (current != null) {
      throw new IllegalStateException("already bound to " + current + "; close() first");
    }
    return next;
  }

  /**
   * A {@link FunctionCounter} reading {@code f(obj)} at scrape time (Micrometer holds {@code obj} weakly).
   *
   * @param <T> the type of the object read
   * @param registry where the meter goes
   * @param name the meter's name
   * @param description the meter's description
   * @param unit the meter's base unit
   * @param obj the object read
   * @param f reads the figure from {@code obj}
   * @param tags the meter's tags
   * @return the meter registered
   */
  public static <T> Meter counter(MeterRegistry registry, String name, String description, String unit, T obj,
      ToDoubleFunction<T> f, Iterable<Tag> tags) {
    return FunctionCounter.builder(name, obj, f).description(description).baseUnit(unit).tags(tags)
        .register(registry);
  }

  /**
   * A {@link Gauge} reading {@code f(obj)} at scrape time (Micrometer holds {@code obj} weakly).
   *
   * @param <T> the type of the object read
   * @param registry where the meter goes
   * @param name the meter's name
   * @param description the meter's description
   * @param unit the meter's base unit
   * @param obj the object read
   * @param f reads the figure from {@code obj}
   * @param tags the meter's tags
   * @return the meter registered
   */
  public static <T> Meter gauge(MeterRegistry registry, String name, String description, String unit, T obj,
      ToDoubleFunction<T> f, Iterable<Tag> tags) {
    return Gauge.builder(name, obj, f).description(description).baseUnit(unit).tags(tags).register(registry);
  }
}
