package dev.selfheal.core.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/** Rules every Selfheal binder shares (core, recovery and probes binders use it). */
public final class Binders {
  private Binders() {}

  /**
   * The registry a binder may bind to: {@code next}, if the binder is not bound yet ({@code current} null).
   *
   * @throws IllegalStateException if it is already bound (a binder binds to one registry at a time)
   */
  public static MeterRegistry checkUnbound(MeterRegistry current, MeterRegistry next) {
    Objects.requireNonNull(next, "registry");
    if (current != null) {
      throw new IllegalStateException("already bound to " + current + "; close() first");
    }
    return next;
  }
}
