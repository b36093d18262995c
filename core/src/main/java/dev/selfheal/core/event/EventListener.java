package dev.selfheal.core.event;

/**
 * Receives events of one type. Listeners run synchronously on the thread that published the event,
 * after the transition has been committed and outside any lock; keep them short. A listener that
 * throws is isolated: the exception is logged at WARN, counted, and never reaches the publisher.
 */
@FunctionalInterface
public interface EventListener<E> {
  /**
   * Receives one event.
   *
   * @param event the event
   */
  void onEvent(E event);
}
