package dev.selfheal.examples.orders;

import dev.selfheal.core.Component;

/**
 * A service that publishes itself as its component's {@link Current} instance while it runs: what the
 * supervised handle (#7) will do for any component, written by hand until then.
 */
abstract class PublishedComponent<T> implements Component {
  private final Current<T> current;

  PublishedComponent(Current<T> current) {
    this.current = current;
  }

  @SuppressWarnings("unchecked") // T is the subclass itself
  private T self() {
    return (T) this;
  }

  @Override
  public void start() {
    current.set(self());
  }

  @Override
  public void stop() {
    current.clear(self());
  }
}
