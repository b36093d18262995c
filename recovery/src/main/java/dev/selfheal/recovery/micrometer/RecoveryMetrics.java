package dev.selfheal.recovery.micrometer;

import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.micrometer.Binders;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.RateLimiter;
import dev.selfheal.recovery.RecoveryEvent;
import dev.selfheal.recovery.RecoveryRegistry;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.Timeout;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters for recovery policies: every instance of a {@link RecoveryRegistry}, bound when it is
 * created and unbound when it is removed or evicted, or a fixed set of instances.
 *
 * <pre>{@code
 * RecoveryMetrics metrics = RecoveryMetrics.of(recoveryRegistry);   // or RecoveryMetrics.of(breaker, bulkhead)
 * metrics.bindTo(meterRegistry);
 * ...
 * metrics.close();                                                   // removes every meter it registered
 * }</pre>
 *
 * <p><b>Pull-based.</b> Every meter is a {@code FunctionCounter} or {@code Gauge} reading the policy's own
 * counters through their {@code metrics()} records ({@link CircuitBreaker#metrics()}, {@link Bulkhead#metrics()},
 * {@link Retry#metrics()}, {@link RateLimiter#metrics()}, {@link Timeout#metrics()}) at scrape time; the
 * call path is unchanged whether metrics are bound or not. Micrometer holds the policies weakly.
 *
 * <p><b>Dynamic instances.</b> The binder follows the registry's {@link RecoveryEvent.InstanceAdded} and
 * {@link RecoveryEvent.InstanceRemoved} events; on each it reconciles that kind against the registry's current
 * instances (by identity), so a name removed and created again is bound to the new instance and a removed one
 * leaves no meter behind.
 *
 * <p><b>Cardinality.</b> Each instance's meters are tagged {@code name} with its name. A registry keyed per
 * tenant or per host would make that unbounded: at most {@code maxInstancesPerKind} instances of each kind
 * are bound (default {@value #DEFAULT_MAX_INSTANCES_PER_KIND}); the ones beyond are not bound and a WARN
 * says so once per kind. Every other tag has a fixed set of values. The meters are listed in
 * {@link PolicyMeters}.
 *
 * <p>This class is thread-safe. Only the {@code micrometer} package of recovery touches Micrometer, an optional
 * dependency.
 */
public final class RecoveryMetrics implements MeterBinder, AutoCloseable {
  /** Default bound on bound instances per kind. */
  public static final int DEFAULT_MAX_INSTANCES_PER_KIND = 200;
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryMetrics.class);

  private final RecoveryRegistry source; // null for a fixed set
  private final List<Object> fixed;
  private final Tags tags;
  private final int maxPerKind;
  private final Map<Object, List<Meter>> bound = new IdentityHashMap<>(); // guarded by this
  private final Map<String, Boolean> warned = new java.util.HashMap<>(); // guarded by this
  private final List<EventBus.Subscription> subscriptions = new ArrayList<>();
  private MeterRegistry registry;

  private RecoveryMetrics(RecoveryRegistry source, List<Object> fixed, Iterable<Tag> tags, int maxPerKind) {
    this.source = source;
    this.fixed = fixed;
    this.tags = Tags.of(tags);
    this.maxPerKind = maxPerKind;
  }

  /**
   * Meters for every instance of {@code registry}, present and future.
   *
   * @param registry the registry whose instances get meters
   * @return the binder
   */
  public static RecoveryMetrics of(RecoveryRegistry registry) {
    return of(registry, Tags.empty(), DEFAULT_MAX_INSTANCES_PER_KIND);
  }

  /**
   * Meters for every instance of {@code registry}, with {@code tags} added to each meter and at most
   * {@code maxInstancesPerKind} (range 1 to 100,000) instances of a kind bound.
   *
   * @param registry the registry whose instances get meters
   * @param tags added to every meter
   * @param maxInstancesPerKind how many instances of each kind get meters
   * @return the binder
   */
  public static RecoveryMetrics of(RecoveryRegistry registry, Iterable<Tag> tags, int maxInstancesPerKind) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(tags, "tags");
    if (maxInstancesPerKind < 1 || maxInstancesPerKind > 100_000) {
      throw new IllegalArgumentException("maxInstancesPerKind must be in [1, 100000], was " + maxInstancesPerKind);
    }
    return new RecoveryMetrics(registry, List.of(), tags, maxInstancesPerKind);
  }

  /**
   * Meters for a fixed set of policies outside any registry: {@link CircuitBreaker}, {@link Bulkhead},
   * {@link Retry}, {@link RateLimiter} or {@link Timeout} instances.
   *
   * @param policies the policies
   * @return the binder
   * @throws IllegalArgumentException naming the type of a policy this binder does not know
   */
  public static RecoveryMetrics of(Object... policies) {
    List<Object> list = List.of(policies);
    for (Object p : list) {
      PolicyMeters.kindOf(p); // validates
    }
    return new RecoveryMetrics(null, list, Tags.empty(), Integer.MAX_VALUE);
  }

  /**
   * Registers the meters of every current instance and, for a registry, follows it.
   *
   * @param registry where the meters go
   * @throws IllegalStateException if already bound
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    this.registry = Binders.checkUnbound(this.registry, registry);
    if (source == null) {
      fixed.forEach(this::bind);
      return;
    }
    subscriptions.add(source.events().subscribe(RecoveryEvent.InstanceAdded.class, e -> reconcile(e.policy())));
    subscriptions.add(source.events().subscribe(RecoveryEvent.InstanceRemoved.class, e -> reconcile(e.policy())));
    for (String kind : PolicyMeters.KINDS) {
      reconcile(kind);
    }
  }

  /** {@return the instances bound now (for tests and diagnostics)} */
  public synchronized int boundInstances() {
    return bound.size();
  }

  private synchronized void reconcile(String kind) {
    if (registry == null || source == null) {
      return;
    }
    List<?> current = instances(kind).get();
    Map<Object, Boolean> present = new IdentityHashMap<>();
    current.forEach(x -> present.put(x, Boolean.TRUE));
    bound.entrySet().removeIf(e -> {
      if (PolicyMeters.kindOf(e.getKey()).equals(kind) && !present.containsKey(e.getKey())) {
        e.getValue().forEach(registry::remove);
        return true;
      }
      return false;
    });
    long ofKind = bound.keySet().stream().filter(x -> PolicyMeters.kindOf(x).equals(kind)).count();
    for (Object x : current) {
      if (bound.containsKey(x)) {
        continue;
      }
      if (ofKind >= maxPerKind) {
        if (warned.putIfAbsent(kind, Boolean.TRUE) == null) {
          LOG.warn("more than {} {} instances: the rest get no meters (bounded tag cardinality)", maxPerKind, kind);
        }
        break;
      }
      bind(x);
      ofKind++;
    }
  }

  private Supplier<List<?>> instances(String kind) {
    switch (kind) {
      case PolicyMeters.CIRCUIT:
        return source::circuitBreakers;
      case PolicyMeters.BULKHEAD:
        return source::bulkheads;
      case PolicyMeters.RETRY:
        return source::retries;
      case PolicyMeters.RATE_LIMITER:
        return source::rateLimiters;
      case PolicyMeters.TIMEOUT:
        return source::timeouts;
      default:
        return List::of; // a kind this binder does not meter
    }
  }

  private void bind(Object policy) {
    bound.put(policy, PolicyMeters.register(policy, registry, tags));
  }

  /** Stops following the registry and removes every meter this binder registered. Idempotent. */
  @Override
  public synchronized void close() {
    subscriptions.forEach(EventBus.Subscription::close);
    subscriptions.clear();
    if (registry != null) {
      bound.values().forEach(ms -> ms.forEach(registry::remove));
    }
    bound.clear();
    registry = null;
  }
}
