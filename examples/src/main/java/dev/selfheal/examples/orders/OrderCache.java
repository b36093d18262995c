package dev.selfheal.examples.orders;

import dev.selfheal.recovery.chaos.FaultInjector;
import java.util.concurrent.ConcurrentHashMap;

/** A cache of recent orders. When it hangs, its liveness probe ({@link #ping}) catches it and it is restarted. */
final class OrderCache extends PublishedComponent<OrderCache> {
  private final FaultInjector faults;
  private final ConcurrentHashMap<Long, String> orders = new ConcurrentHashMap<>();

  OrderCache(Current<OrderCache> current, FaultInjector faults) {
    super(current);
    this.faults = faults;
  }

  void put(long id, String json) {
    faults.check();
    if (orders.size() > 10_000) {
      orders.clear(); // a demo's eviction policy
    }
    orders.put(id, json);
  }

  String get(long id) {
    faults.check();
    return orders.get(id);
  }

  boolean ping() {
    faults.check();
    return true;
  }
}
