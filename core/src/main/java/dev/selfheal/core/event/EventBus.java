package dev.selfheal.core.event;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed publish/subscribe for transitions and healing events. Dispatch is synchronous, on the
 * publishing thread, in subscription order; publishers publish after a transition is committed and
 * outside any lock.
 *
 * <p>A listener that throws is isolated: logged at WARN with the listener and the event, counted in
 * {@link #listenerFailures()}, and the remaining listeners still run.
 *
 * <p>This class is thread-safe.
 */
public final class EventBus {
  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

  private final CopyOnWriteArrayList<Registration<?>> registrations = new CopyOnWriteArrayList<>();
  private final AtomicLong listenerFailures = new AtomicLong();

  /** A bus with no listeners yet. */
  public EventBus() {}

  /**
   * Calls {@code listener} for every published event that is an instance of {@code type}.
   *
   * @return a handle whose {@code close()} removes the listener
   * @param <E> the events' type
   * @param type the events' class; subclasses match too
   * @param listener called with each event
   */
  public <E> Subscription subscribe(Class<E> type, EventListener<? super E> listener) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(listener, "listener");
    Registration<E> r = new Registration<>(type, listener);
    registrations.add(r);
    return () -> registrations.remove(r);
  }

  /**
   * Whether anyone listens for {@code type} (check before allocating an event on a warm path).
   *
   * @param type an event class
   * @return whether a listener would get an event of that class
   */
  public boolean hasListeners(Class<?> type) {
    for (Registration<?> r : registrations) {
      if (r.type.isAssignableFrom(type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Delivers {@code event} to every matching listener.
   *
   * @param event the event
   */
  public void publish(Object event) {
    Objects.requireNonNull(event, "event");
    for (Registration<?> r : registrations) {
      r.deliver(event, this);
    }
  }

  /** {@return listener invocations that threw} */
  public long listenerFailures() {
    return listenerFailures.get();
  }

  /** A subscription's handle. */
  @FunctionalInterface
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private record Registration<E>(Class<E> type, EventListener<? super E> listener) {
    void deliver(Object event, EventBus bus) {
      if (!type.isInstance(event)) {
        return;
      }
      try {
        listener.onEvent(type.cast(event));
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw e;
        }
        bus.listenerFailures.incrementAndGet();
        LOG.warn("listener {} threw on event {}; other listeners still run", listener, event, e);
      }
    }
  }
}
