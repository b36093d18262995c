package dev.selfheal.recovery.internal;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.RecoveryEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What every policy instance shares with its registry: the ticker, the scheduler for async waits, the
 * event bus and the journal. Not API.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class Environment {
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final EventBus events;
  private final Journal journal;

  public Environment(Ticker ticker, Scheduler scheduler, EventBus events, Journal journal) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.events = Objects.requireNonNull(events, "events");
    this.journal = Objects.requireNonNull(journal, "journal");
  }

  /** For instances built outside a registry: system ticker, JDK delayed executor, own bus and small journal. */
  public static Environment standalone() {
    return new Environment(Ticker.system(), defaultScheduler(), new EventBus(),
        Journal.builder().capacity(64).build());
  }

  /** The JDK's delayed executor as a {@link Scheduler}: no thread of ours to start or stop. */
  public static Scheduler defaultScheduler() {
    return JdkDelayScheduler.INSTANCE;
  }

  public Ticker ticker() {
    return ticker;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public EventBus events() {
    return events;
  }

  public Journal journal() {
    return journal;
  }

  /**
   * Installs a new configuration and announces it: {@code install} swaps it in (under {@code lock}, which
   * serialises reconfigurations and is never taken by calls) and returns the old one; then the change is
   * published as an event and journaled, outside the lock.
   */
  public <C> void reconfigure(PolicyKind policy, String name, Object lock, C newConfig, Actor actor,
      UnaryOperator<C> install) {
    Objects.requireNonNull(newConfig, "config");
    Objects.requireNonNull(actor, "actor");
    C old;
    synchronized (lock) {
      old = install.apply(newConfig);
    }
    configChanged(policy, name, old, newConfig, actor);
  }

  /** Publishes a config change as an event and a journal record (cold path). */
  public void configChanged(PolicyKind policy, String name, Object oldConfig, Object newConfig, Actor actor) {
    journal.append(policy.instanceName(name), policy.reconfigured(), "was " + oldConfig, "now " + newConfig, actor,
        Duration.ZERO);
    events.publish(new RecoveryEvent.ConfigChanged(policy.kind(), name, oldConfig, newConfig, actor));
  }
}
