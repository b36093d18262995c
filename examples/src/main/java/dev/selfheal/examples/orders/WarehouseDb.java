package dev.selfheal.examples.orders;

import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.recovery.chaos.FaultInjector;
import java.util.function.Supplier;

/**
 * The warehouse database: a remote dependency that is not ours to restart, shared by the price and delivery-estimate
 * sync workers and read by the request path. Its injection point stands for the network and the database
 * behind it; its health source ({@value #NAME}) is what the workers declare they depend on
 * ({@code dependsOnHealth}), so that the supervisor holds them while the database is down instead of
 * restarting them.
 *
 * <p>The health check is a query on the caller's thread (the supervisor's, while it decides): it must not
 * block, so the demo injects only exceptions here, never a hang or latency. This class is thread-safe.
 */
final class WarehouseDb implements HealthSource {
  static final String NAME = "warehouse-db";
  private final Supplier<FaultInjector> faults; // read at each query: assigned after the tree is built

  WarehouseDb(Supplier<FaultInjector> faults) {
    this.faults = faults;
  }

  /** One query: the database's faults surface here. */
  String query(String table, String sku) {
    faults.get().check();
    switch (table) {
      case "stock":
        return "in stock";
      case "prices":
        return "list";
      default:
        return "2 days";
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HealthReport health() {
    try {
      query("health", "");
      return HealthReport.up();
    } catch (RuntimeException e) {
      return HealthReport.down("query failed: " + e.getMessage());
    }
  }
}
