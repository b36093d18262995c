package dev.selfheal.examples.orders;

import dev.selfheal.recovery.chaos.FaultInjector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The inventory client instance. The stock itself lives outside the instance, as a database would. Each
 * instance stamps the first call it answered ({@link #firstServed}), which is when the service served again
 * after a crash, on the thread that served it: the experiment's recovery time ends there, not when the
 * runner's polling thread next wakes up to look.
 */
final class InventoryClient implements Inventory {
  private final FaultInjector faults;
  private final ConcurrentHashMap<String, LongAdder> reserved;
  private volatile long firstServed;

  InventoryClient(FaultInjector faults, ConcurrentHashMap<String, LongAdder> reserved) {
    this.faults = faults;
    this.reserved = reserved;
  }

  @Override
  public void reserve(String sku, int quantity) {
    faults.check(); // a crash fault reports this instance failed and fails the call
    reserved.computeIfAbsent(sku, k -> new LongAdder()).add(quantity);
    served();
  }

  @Override
  public boolean ping() {
    served();
    return true;
  }

  /** {@return the {@link System#nanoTime()} of the first call this instance answered; 0 before} */
  long firstServed() {
    return firstServed;
  }

  private void served() {
    if (firstServed == 0) {
      firstServed = System.nanoTime(); // a race of two first calls keeps either: both served then
    }
  }
}
