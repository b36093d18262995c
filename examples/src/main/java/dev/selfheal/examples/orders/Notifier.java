package dev.selfheal.examples.orders;

import java.util.concurrent.atomic.LongAdder;

/** Tells customers their order shipped (counts, in the demo). A sibling of the worker in the fulfilment subtree. */
final class Notifier extends PublishedComponent<Notifier> {
  private final LongAdder sent;

  Notifier(Current<Notifier> current, LongAdder sent) {
    super(current);
    this.sent = sent;
  }

  void shipped(long order) {
    sent.increment();
  }
}
