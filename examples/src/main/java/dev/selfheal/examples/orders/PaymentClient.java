package dev.selfheal.examples.orders;

import dev.selfheal.recovery.chaos.FaultInjector;

/**
 * The payment client instance: charges an order at the payment gateway. The gateway is not ours to
 * restart; its failures are contained by the breaker, retry, timeout and fallback around the call. Its
 * injection point stands for the network and the gateway behind it.
 */
final class PaymentClient implements Payments {
  private final FaultInjector gateway;

  PaymentClient(FaultInjector gateway) {
    this.gateway = gateway;
  }

  @Override
  public String charge(long order, int cents) {
    gateway.check(); // the remote call: the gateway's faults surface here
    return "rcpt-" + order + "-" + cents;
  }
}
