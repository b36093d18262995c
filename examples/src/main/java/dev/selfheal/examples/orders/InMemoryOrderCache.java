package dev.selfheal.examples.orders;

import dev.selfheal.recovery.chaos.FaultInjector;
import java.util.concurrent.ConcurrentHashMap;

/** The cache instance; every call, its liveness ping included, passes the cache's injection point. */
final class InMemoryOrderCache implements OrderCache {
  private final FaultInjector faults;
  private final ConcurrentHashMap<Long, String> orders = new ConcurrentHashMap<>();

  InMemoryOrderCache(FaultInjector faults) {
    this.faults = faults;
  }

  @Override
  public void put(long id, String json) {
    faults.check();
    if (orders.size() > 10_000) {
      orders.clear(); // a demo's eviction policy
    }
    orders.put(id, json);
  }

  @Override
  public String get(long id) {
    faults.check();
    return orders.get(id);
  }

  @Override
  public boolean ping() {
    faults.check();
    return true;
  }
}
