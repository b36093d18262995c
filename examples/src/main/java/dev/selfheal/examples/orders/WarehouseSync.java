package dev.selfheal.examples.orders;

import dev.selfheal.core.ChildContext;
import dev.selfheal.core.Worker;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A background worker that copies one table of the warehouse db (the price list, the delivery estimates)
 * into a snapshot every 20 ms, for the request path to read. While the db is down its query throws and the worker
 * exits abnormally: restarting it cannot bring the db back, which is why it declares the db as a dependency
 * and its supervisor holds it instead.
 */
final class WarehouseSync implements Worker {
  private final String table;
  private final WarehouseDb db;
  private final AtomicReference<String> snapshot;

  WarehouseSync(String table, WarehouseDb db, AtomicReference<String> snapshot) {
    this.table = table;
    this.db = db;
    this.snapshot = snapshot;
  }

  @Override
  public void run(ChildContext ctx) throws InterruptedException {
    while (!ctx.stopRequested()) {
      snapshot.set(db.query(table, "*")); // the db's faults surface here: an abnormal exit
      Thread.sleep(20);
    }
  }
}
