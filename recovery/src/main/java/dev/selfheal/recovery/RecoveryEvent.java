package dev.selfheal.recovery;

import dev.selfheal.core.event.Actor;

/**
 * What the recovery policies publish on their {@link dev.selfheal.core.event.EventBus}: config changes and
 * registry membership. Per-call outcomes are never events (they are counters on each policy).
 * Subscribe with {@code registry.events().subscribe(RecoveryEvent.ConfigChanged.class, listener)}.
 */
public sealed interface RecoveryEvent {

  /** {@return the policy kind, such as {@code bulkhead}, {@code retry}, {@code ratelimiter}, {@code timeout}} */
  String policy();

  /** {@return the instance's name} */
  String name();

  /**
   * A running instance took a new configuration; its state (permits in use, budget) was kept.
   *
   * @param policy the instance's kind, such as {@code bulkhead}
   * @param name the instance's name
   * @param oldConfig the configuration before
   * @param newConfig the configuration now in force
   * @param actor     who changed it
   */
  record ConfigChanged(String policy, String name, Object oldConfig, Object newConfig, Actor actor)
      implements RecoveryEvent {}

  /**
   * A registry created an instance.
   *
   * @param policy the instance's kind, such as {@code bulkhead}
   * @param name the instance's name
   */
  record InstanceAdded(String policy, String name) implements RecoveryEvent {}

  /**
   * A registry dropped an instance.
   *
   * @param policy the instance's kind, such as {@code bulkhead}
   * @param name the instance's name
   * @param reason {@code removed} (explicit), {@code idle} (not used for the idle period) or {@code capacity}
   */
  record InstanceRemoved(String policy, String name, String reason) implements RecoveryEvent {}
}
