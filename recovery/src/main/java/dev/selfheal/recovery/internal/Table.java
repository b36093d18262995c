package dev.selfheal.recovery.internal;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.RecoveryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The named instances of one policy kind in a registry, with optional idle eviction and a size bound.
 *
 * <p>Lookups of existing instances are a {@link ConcurrentHashMap#get} (plus one ticker read when idle
 * eviction is on). Creation and eviction are serialised on this table's monitor, which keeps the bound
 * exact; events and journal records are written after the change, outside the monitor. Not API.
 *
 * <p>This class is thread-safe.
 *
 * @param <T> the policy type
 */
public final class Table<T> {
  private final PolicyKind kind;
  private final Environment env;
  private final long idleNanos; // <= 0: never idle
  private final int maxSize;
  private final Predicate<? super T> busy; // a busy instance (calls in flight) is never evicted
  private final Consumer<? super T> onRemove;
  private final ConcurrentHashMap<String, Entry<T>> entries = new ConcurrentHashMap<>();

  public Table(PolicyKind kind, Environment env, Duration idle, int maxSize, Predicate<? super T> busy,
      Consumer<? super T> onRemove) {
    this.kind = kind;
    this.env = env;
    this.idleNanos = idle == null ? 0 : idle.toNanos();
    this.maxSize = maxSize;
    this.busy = busy;
    this.onRemove = onRemove;
  }

  /** The instance named {@code name}, created by {@code factory} if absent. */
  public T get(String name, Function<String, ? extends T> factory) {
    Entry<T> e = entries.get(name);
    if (e != null) {
      touch(e);
      return e.value;
    }
    List<Removal<T>> evicted = new ArrayList<>();
    T created;
    synchronized (this) {
      e = entries.get(name);
      if (e != null) {
        touch(e);
        return e.value;
      }
      evictLocked(evicted, true);
      created = factory.apply(name);
      if (created == null) {
        throw new IllegalArgumentException("the " + kind + " factory returned null for '" + name + "'");
      }
      e = new Entry<>(created);
      touch(e);
      entries.put(name, e);
    }
    announceRemovals(evicted);
    env.journal().append(kind.instanceName(name), kind.added(), "", "created", Actor.automatic(), Duration.ZERO);
    env.events().publish(new RecoveryEvent.InstanceAdded(kind.kind(), name));
    return created;
  }

  public Optional<T> find(String name) {
    Entry<T> e = entries.get(name);
    if (e == null) {
      return Optional.empty();
    }
    touch(e);
    return Optional.of(e.value);
  }

  public List<T> values() {
    List<T> out = new ArrayList<>(entries.size());
    for (Entry<T> e : entries.values()) {
      out.add(e.value);
    }
    return out;
  }

  public boolean remove(String name, Actor actor) {
    Entry<T> e;
    synchronized (this) {
      e = entries.remove(name);
    }
    if (e == null) {
      return false;
    }
    onRemove.accept(e.value);
    env.journal().append(kind.instanceName(name), kind.removed(), "", "removed", actor, Duration.ZERO);
    env.events().publish(new RecoveryEvent.InstanceRemoved(kind.kind(), name, "removed"));
    return true;
  }

  /** Evicts idle instances now; returns how many. */
  public int evictIdle() {
    List<Removal<T>> evicted = new ArrayList<>();
    synchronized (this) {
      evictLocked(evicted, false);
    }
    announceRemovals(evicted);
    return evicted.size();
  }

  public int size() {
    return entries.size();
  }

  private void touch(Entry<T> e) {
    if (idleNanos > 0 || maxSize != Integer.MAX_VALUE) {
      e.lastAccess = env.ticker().read();
    }
  }

  private void evictLocked(List<Removal<T>> out, boolean makeRoom) {
    Ticker ticker = env.ticker();
    long now = ticker.read();
    if (idleNanos > 0) {
      entries.forEach((name, e) -> {
        if (now - e.lastAccess >= idleNanos && !busy.test(e.value) && entries.remove(name, e)) {
          out.add(new Removal<>(name, e.value, "idle"));
        }
      });
    }
    while (makeRoom && entries.size() >= maxSize) {
      String oldest = null;
      Entry<T> oldestEntry = null;
      for (Map.Entry<String, Entry<T>> me : entries.entrySet()) {
        Entry<T> e = me.getValue();
        if (!busy.test(e.value) && (oldestEntry == null || e.lastAccess < oldestEntry.lastAccess)) {
          oldest = me.getKey();
          oldestEntry = e;
        }
      }
      if (oldest == null) {
        break; // every instance has calls in flight: none may be dropped
      }
      entries.remove(oldest, oldestEntry);
      out.add(new Removal<>(oldest, oldestEntry.value, "capacity"));
    }
  }

  private void announceRemovals(List<Removal<T>> evicted) {
    for (Removal<T> r : evicted) {
      onRemove.accept(r.value);
      env.journal().append(kind.instanceName(r.name), kind.evicted(), r.reason, "evicted", Actor.automatic(),
          Duration.ZERO);
      env.events().publish(new RecoveryEvent.InstanceRemoved(kind.kind(), r.name, r.reason));
    }
  }

  private record Removal<T>(String name, T value, String reason) {}

  private static final class Entry<T> {
    final T value;
    volatile long lastAccess;

    Entry(T value) {
      this.value = value;
    }
  }
}
