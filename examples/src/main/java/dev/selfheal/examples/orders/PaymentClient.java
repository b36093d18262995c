package dev.selfheal.examples.orders;

import dev.selfheal.recovery.chaos.FaultInjector;

/**
 * The payment client: charges an order at the payment gateway, a remote dependency. The gateway is not
 * ours to restart; its failures are contained by the breaker, retry, timeout and fallback around
 * {@link #charge}. Its injection point stands for the network and the gateway behind it.
 */
final class PaymentClient extends PublishedComponent<PaymentClient> {
  private final FaultInjector gateway;

  PaymentClient(Current<PaymentClient> current, FaultInjector gateway) {
    super(current);
    this.gateway = gateway;
  }

  String charge(long order, int cents) {
    gateway.check(); // the remote call: the gateway's faults surface here
    return "rcpt-" + order + "-" + cents;
  }
}
