package dev.selfheal.examples.orders;

import dev.selfheal.recovery.chaos.FaultInjector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The inventory client instance. The stock itself lives outside the instance, as a database would. */
final class InventoryClient implements Inventory {
  private final FaultInjector faults;
  private final ConcurrentHashMap<String, LongAdder> reserved;

  InventoryClient(FaultInjector faults, ConcurrentHashMap<String, LongAdder> reserved) {
    this.faults = faults;
    this.reserved = reserved;
  }

  @Override
  public void reserve(String sku, int quantity) {
    faults.check(); // a crash fault reports this instance failed and fails the call
    reserved.computeIfAbsent(sku, k -> new LongAdder()).add(quantity);
  }

  @Override
  public boolean ping() {
    return true;
  }
}
