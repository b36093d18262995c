package dev.selfheal.examples.orders;

import dev.selfheal.recovery.chaos.FaultInjector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The inventory client: reserves stock. The stock itself lives outside the instance, as a database would. */
final class Inventory extends PublishedComponent<Inventory> {
  private final FaultInjector faults;
  private final ConcurrentHashMap<String, LongAdder> reserved;

  Inventory(Current<Inventory> current, FaultInjector faults, ConcurrentHashMap<String, LongAdder> reserved) {
    super(current);
    this.faults = faults;
    this.reserved = reserved;
  }

  void reserve(String sku, int quantity) {
    faults.check();
    reserved.computeIfAbsent(sku, k -> new LongAdder()).add(quantity);
  }
}
