package dev.selfheal.examples.orders;

/** The inventory: reserves stock. Callers hold a supervised handle that routes to the current instance. */
interface Inventory {
  void reserve(String sku, int quantity);

  /** Whether an instance answers (no fault is checked: the experiments use it to see the service back). */
  boolean ping();
}
