package dev.selfheal.examples.orders;

/** Charges orders at the payment gateway, a remote dependency. */
interface Payments {
  String charge(long order, int cents);
}
