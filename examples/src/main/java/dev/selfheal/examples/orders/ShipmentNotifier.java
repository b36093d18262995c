package dev.selfheal.examples.orders;

import java.util.concurrent.atomic.LongAdder;

/** The notifier instance (it counts, in the demo). */
final class ShipmentNotifier implements Notifier {
  private final LongAdder sent;

  ShipmentNotifier(LongAdder sent) {
    this.sent = sent;
  }

  @Override
  public void shipped(long order) {
    sent.increment();
  }
}
