package dev.selfheal.core;

import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import java.util.function.Supplier;

/** A non-critical health source whose verdict a test controls (a breaker, a probe exposed as a source). */
public record NamedSource(String name, Supplier<HealthReport> report) implements HealthSource {
  @Override
  public HealthReport health() {
    return report.get();
  }
}
