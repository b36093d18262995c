package dev.selfheal.examples.orders;

/** A cache of recent orders. When it hangs, its liveness probe ({@link #ping}) catches it. */
interface OrderCache {
  void put(long id, String json);

  /** The order's JSON, or null if not cached. */
  String get(long id);

  boolean ping();
}
