package dev.selfheal.core.spi;

import dev.selfheal.core.ChildSpec;

/**
 * What a supervisor starts for a supervised handle's child: a wrapper around the user's instance, seen in
 * {@code ChildStarted} events and {@code SupervisorTree.currentInstance}. Health monitors unwrap it to probe
 * the user's instance and read the spec's extensions.
 */
public interface SupervisedInstance {

  /** {@return the user's instance, created by the factory given to {@code supervise}} */
  Object target();

  /** {@return the child spec the handle built (with the extensions contributed at supervise time)} */
  ChildSpec spec();
}
