package dev.selfheal.examples.orders;

/** Tells customers their order shipped. A sibling of the worker in the fulfilment subtree. */
interface Notifier {
  void shipped(long order);
}
