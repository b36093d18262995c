package dev.selfheal.recovery;

/*
 * Why this class is large (674 lines): it is the one place that names, creates, finds, evicts and removes every
 * kind of policy, and joins them to a context (health, policy controls, journal); each kind is a few delegating
 * lines over the shared Table, so a class per kind would only forward.
 */

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.internal.AdaptiveConcurrencyLimiter;
import dev.selfheal.recovery.internal.BackoffRetry;
import dev.selfheal.recovery.internal.Environment;
import dev.selfheal.recovery.internal.ExecutorScheduler;
import dev.selfheal.recovery.internal.GcraRateLimiter;
import dev.selfheal.recovery.internal.RegistryPolicyControl;
import dev.selfheal.recovery.internal.SemaphoreBulkhead;
import dev.selfheal.recovery.internal.PolicyKind;
import dev.selfheal.recovery.internal.Table;
import dev.selfheal.recovery.internal.ThreadTimeout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Named policy instances that operators, metrics and health probes can look up. Instances created here share
 * the registry's {@link Ticker}, {@link Scheduler}, {@link EventBus} and {@link Journal}: every creation,
 * removal, eviction and reconfiguration is an event and a journal record.
 *
 * <pre>{@code
 * RecoveryRegistry registry = RecoveryRegistry.builder()
 *     .bulkheadDefaults(BulkheadConfig.builder().maxConcurrentCalls(10).build())
 *     .evictIdleAfter(Duration.ofMinutes(10))       // a registry keyed per tenant stays bounded
 *     .maxInstancesPerKind(10_000)
 *     .build();
 * Bulkhead b = registry.bulkhead("tenant-" + tenantId);
 * CircuitBreaker cb = registry.circuitBreaker("payments", name -> CircuitBreaker.of(name, cbConfig));
 * }</pre>
 *
 * <p><b>Eviction.</b> With {@link Builder#evictIdleAfter} set, an instance not looked up for that long is
 * dropped when the next instance is created (or by {@link #evictIdle()}); with
 * {@link Builder#maxInstancesPerKind} set, creating one more drops the least recently used. A bulkhead with
 * calls in flight is never dropped. Callers holding a dropped instance may keep using it.
 *
 * <p><b>Health and the runtime context.</b> Unless {@link Builder#exposeHealth(boolean) exposeHealth(false)},
 * the registry's bulkheads, breakers, adaptive limiters and {@link #register(HealthSource) registered
 * sources} are part of some health, and its policies of some endpoint's {@code /selfheal/policies}:
 * <ul>
 *   <li><b>With a context</b> ({@link #of(RuntimeContext) RecoveryRegistry.of(tree.context())} or
 *       {@link Builder#context}): the registry uses the context's ticker, scheduler, event bus and journal,
 *       and adds its health sources and its {@link dev.selfheal.core.spi.PolicyControl} to that context
 *       only. Monitors and endpoints of the trees sharing that context see it; no other tree does, so two
 *       trees with a breaker of the same name never see each other's.
 *   <li><b>Without a context</b> (the default, as before contexts existed): the registry is process-wide.
 *       {@link RecoveryHealthSources}, found through {@link java.util.ServiceLoader}, shows it in every
 *       context; it is held weakly there. Not isolated: use a context when two trees share the JVM.
 * </ul>
 * {@link #close()} removes it from either.
 *
 * <p>This class is thread-safe. {@link #close()} stops the timeouts' threads.
 *
 * <p>Over ~400 lines for a reason: six policy kinds each need their create, find and list accessors, and the
 * builder documents every default; the logic itself lives in {@code internal.Table}.
 */
public final class RecoveryRegistry implements AutoCloseable {
  private final Environment env;
  private final BulkheadConfig bulkheadDefaults;
  private final RetryConfig retryDefaults;
  private final RateLimiterConfig rateLimiterDefaults;
  private final TimeoutConfig timeoutDefaults;
  private final Table<Bulkhead> bulkheads;
  private final Table<Retry> retries;
  private final Table<RateLimiter> rateLimiters;
  private final Table<Timeout> timeouts;
  private final Table<CircuitBreaker> breakers;
  private final AdaptiveLimiterConfig adaptiveDefaults;
  private final Table<AdaptiveLimiter> adaptiveLimiters;
  private final CopyOnWriteArrayList<HealthSource> otherSources = new CopyOnWriteArrayList<>();
  private final RuntimeContext context;
  private final List<RuntimeContext.Registration> registrations = new ArrayList<>();

  private RecoveryRegistry(Builder b) {
    this.env = new Environment(b.ticker, b.scheduler, b.events, b.journal);
    this.bulkheadDefaults = b.bulkheadDefaults;
    this.retryDefaults = b.retryDefaults;
    this.rateLimiterDefaults = b.rateLimiterDefaults;
    this.timeoutDefaults = b.timeoutDefaults;
    this.bulkheads = new Table<>(PolicyKind.BULKHEAD, env, b.idle, b.maxInstances,
        x -> x.availablePermits() < x.config().maxConcurrentCalls(), x -> {});
    this.retries = new Table<>(PolicyKind.RETRY, env, b.idle, b.maxInstances, x -> false, x -> {});
    this.rateLimiters = new Table<>(PolicyKind.RATE_LIMITER, env, b.idle, b.maxInstances, x -> false, x -> {});
    this.timeouts = new Table<>(PolicyKind.TIMEOUT, env, b.idle, b.maxInstances, x -> false, Timeout::close);
    this.breakers = new Table<>(PolicyKind.CIRCUIT_BREAKER, env, b.idle, b.maxInstances,
        x -> x.state() != CircuitBreaker.State.CLOSED, x -> {});
    this.adaptiveDefaults = b.adaptiveDefaults;
    this.adaptiveLimiters = new Table<>(PolicyKind.ADAPTIVE_LIMITER, env, b.idle, b.maxInstances, x -> x.inFlight() > 0,
        x -> {});
    this.context = b.context;
    if (b.exposeHealth && context != null) {
      registrations.add(context.addHealthSources(this::healthSources));
      registrations.add(context.addPolicyControl(new RegistryPolicyControl(this)));
    } else if (b.exposeHealth) {
      RecoveryHealthSources.track(this);
    }
  }

  /**
   * A registry with every default config, in {@code context}: its policies share the context's ticker,
   * scheduler, bus and journal, and appear in that context's health and policy listing only.
   *
   * @param context the context the registry joins
   * @return the registry
   */
  public static RecoveryRegistry of(RuntimeContext context) {
    return builder().context(context).build();
  }

  /** {@return a registry with every default (system ticker, JDK delayed executor, new bus, in-memory journal)} */
  public static RecoveryRegistry ofDefaults() {
    return builder().build();
  }

  /** {@return a builder of a registry, every setting at its default} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the bulkhead named {@code name}, created with the registry's defaults if absent}
   *
   * @param name the instance's name in this registry
   */
  public Bulkhead bulkhead(String name) {
    return bulkhead(name, bulkheadDefaults);
  }

  /**
   * {@return the bulkhead named {@code name}, created with {@code config} if absent (an existing one is
   * returned as is)}
   *
   * @param name the instance's name in this registry
   * @param config the config of a bulkhead created now; ignored for an existing one
   */
  public Bulkhead bulkhead(String name, BulkheadConfig config) {
    return bulkheads.get(name, n -> new SemaphoreBulkhead(n, config, env));
  }

  /**
   * {@return the adaptive limiter named {@code name}, created with the registry's defaults if absent}
   *
   * @param name the instance's name in this registry
   */
  public AdaptiveLimiter adaptiveLimiter(String name) {
    return adaptiveLimiter(name, adaptiveDefaults);
  }

  /**
   * {@return the adaptive limiter named {@code name}, created with {@code config} if absent}
   *
   * @param name the instance's name in this registry
   * @param config the config of a limiter created now; ignored for an existing one
   */
  public AdaptiveLimiter adaptiveLimiter(String name, AdaptiveLimiterConfig config) {
    return adaptiveLimiters.get(name, n -> new AdaptiveConcurrencyLimiter(n, config, env));
  }

  /**
   * {@return the adaptive limiter named {@code name}, or empty if this registry has none; creates nothing}
   *
   * @param name the instance's name in this registry
   */
  public Optional<AdaptiveLimiter> findAdaptiveLimiter(String name) {
    return adaptiveLimiters.find(name);
  }

  /** {@return the adaptive limiters this registry holds now} */
  public List<AdaptiveLimiter> adaptiveLimiters() {
    return adaptiveLimiters.values();
  }

  /**
   * {@return the retry named {@code name}, created with the registry's defaults if absent}
   *
   * @param name the instance's name in this registry
   */
  public Retry retry(String name) {
    return retry(name, retryDefaults);
  }

  /**
   * {@return the retry named {@code name}, created with {@code config} if absent}
   *
   * @param name the instance's name in this registry
   * @param config the config of a retry created now; ignored for an existing one
   */
  public Retry retry(String name, RetryConfig config) {
    return retries.get(name, n -> new BackoffRetry(n, config, env));
  }

  /**
   * {@return the rate limiter named {@code name}, created with the registry's defaults if absent}
   *
   * @param name the instance's name in this registry
   */
  public RateLimiter rateLimiter(String name) {
    return rateLimiter(name, rateLimiterDefaults);
  }

  /**
   * {@return the rate limiter named {@code name}, created with {@code config} if absent}
   *
   * @param name the instance's name in this registry
   * @param config the config of a rate limiter created now; ignored for an existing one
   */
  public RateLimiter rateLimiter(String name, RateLimiterConfig config) {
    return rateLimiters.get(name, n -> new GcraRateLimiter(n, config, env));
  }

  /**
   * {@return the timeout named {@code name}, created with the registry's defaults if absent}
   *
   * @param name the instance's name in this registry
   */
  public Timeout timeout(String name) {
    return timeout(name, timeoutDefaults);
  }

  /**
   * {@return the timeout named {@code name}, created with {@code config} if absent}
   *
   * @param name the instance's name in this registry
   * @param config the config of a timeout created now; ignored for an existing one
   */
  public Timeout timeout(String name, TimeoutConfig config) {
    return timeouts.get(name, n -> new ThreadTimeout(n, config, env));
  }

  /**
   * The breaker named {@code name}, created by {@code factory} if absent. A breaker that is not CLOSED is never
   * evicted.
   *
   * @param name the instance's name in this registry
   * @param factory makes the breaker from {@code name} when there is none; not called for an existing one
   * @return the breaker named {@code name}
   */
  public CircuitBreaker circuitBreaker(String name, Function<String, ? extends CircuitBreaker> factory) {
    return breakers.get(name, factory);
  }

  /**
   * {@return the bulkhead named {@code name}, or empty if this registry has none; creates nothing}
   *
   * @param name the instance's name in this registry
   */
  public Optional<Bulkhead> findBulkhead(String name) {
    return bulkheads.find(name);
  }

  /**
   * {@return the retry named {@code name}, or empty if this registry has none; creates nothing}
   *
   * @param name the instance's name in this registry
   */
  public Optional<Retry> findRetry(String name) {
    return retries.find(name);
  }

  /**
   * {@return the rate limiter named {@code name}, or empty if this registry has none; creates nothing}
   *
   * @param name the instance's name in this registry
   */
  public Optional<RateLimiter> findRateLimiter(String name) {
    return rateLimiters.find(name);
  }

  /**
   * {@return the timeout named {@code name}, or empty if this registry has none; creates nothing}
   *
   * @param name the instance's name in this registry
   */
  public Optional<Timeout> findTimeout(String name) {
    return timeouts.find(name);
  }

  /**
   * {@return the breaker named {@code name}, or empty if this registry has none; creates nothing}
   *
   * @param name the instance's name in this registry
   */
  public Optional<CircuitBreaker> findCircuitBreaker(String name) {
    return breakers.find(name);
  }

  /** {@return the bulkheads this registry holds now} */
  public List<Bulkhead> bulkheads() {
    return bulkheads.values();
  }

  /** {@return the retries this registry holds now} */
  public List<Retry> retries() {
    return retries.values();
  }

  /** {@return the rate limiters this registry holds now} */
  public List<RateLimiter> rateLimiters() {
    return rateLimiters.values();
  }

  /** {@return the timeouts this registry holds now} */
  public List<Timeout> timeouts() {
    return timeouts.values();
  }

  /** {@return the breakers this registry holds now} */
  public List<CircuitBreaker> circuitBreakers() {
    return breakers.values();
  }

  /**
   * Removes the instance of {@code policy} kind ({@code bulkhead}, {@code retry}, {@code ratelimiter},
   * {@code timeout}, {@code circuitbreaker}, {@code adaptivelimiter}) named {@code name}; a removed timeout is
   * closed.
   *
   * @param policy the kind of the instance
   * @param name the instance's name in this registry
   * @param actor who removes it, for the journal
   * @return whether there was one
   * @throws IllegalArgumentException for an unknown kind
   */
  public boolean remove(String policy, String name, Actor actor) {
    return table(policy).remove(name, actor);
  }

  /**
   * Evicts instances idle for the configured period now.
   *
   * @return how many were dropped
   */
  public int evictIdle() {
    return bulkheads.evictIdle() + retries.evictIdle() + rateLimiters.evictIdle() + timeouts.evictIdle()
        + breakers.evictIdle() + adaptiveLimiters.evictIdle();
  }

  /**
   * Adds another health source (for example a supervised dependency) to the registry's health view.
   *
   * @param source shown under its own name; added once however often it is registered
   */
  public void register(HealthSource source) {
    otherSources.addIfAbsent(Validation.notNull("source", source));
  }

  /**
   * The bulkheads, breakers, adaptive limiters and registered sources, as the probes module sees them: each
   * policy's {@code asHealthSource()}, named {@code bulkhead:<name>}, {@code circuit:<name>} and
   * {@code adaptivelimiter:<name>} (the names of their journal records), so a bulkhead and a breaker guarding
   * the same dependency under the same name stay two distinct checks; registered sources keep their own names.
   *
   * @return the sources now, a new list on every call
   */
  public List<HealthSource> healthSources() {
    List<HealthSource> out = new ArrayList<>();
    for (Bulkhead b : bulkheads.values()) {
      out.add(b.asHealthSource());
    }
    for (CircuitBreaker cb : breakers.values()) {
      out.add(cb.asHealthSource());
    }
    for (AdaptiveLimiter a : adaptiveLimiters.values()) {
      out.add(a.asHealthSource());
    }
    out.addAll(otherSources);
    return out;
  }

  /** {@return the bus the policies publish their events on} */
  public EventBus events() {
    return env.events();
  }

  /** {@return the journal the policies record their transitions in} */
  public Journal journal() {
    return env.journal();
  }

  /** {@return the monotonic time source of the policies} */
  public Ticker ticker() {
    return env.ticker();
  }

  /** {@return the scheduler of the policies' delayed work (retry backoff, breaker deadlines)} */
  public Scheduler scheduler() {
    return env.scheduler();
  }

  /** {@return the context given to the builder, if any} */
  public Optional<RuntimeContext> context() {
    return Optional.ofNullable(context);
  }

  /** Stops every timeout's threads and stops exposing health. The journal is the caller's to close. */
  @Override
  public void close() {
    RecoveryHealthSources.untrack(this);
    synchronized (registrations) {
      registrations.forEach(RuntimeContext.Registration::close);
      registrations.clear();
    }
    for (Timeout t : timeouts.values()) {
      t.close();
    }
  }

  private Table<?> table(String policy) {
    switch (policy) {
      case "bulkhead":
        return bulkheads;
      case "retry":
        return retries;
      case "ratelimiter":
        return rateLimiters;
      case "timeout":
        return timeouts;
      case "circuitbreaker":
        return breakers;
      case "adaptivelimiter":
        return adaptiveLimiters;
      default:
        throw new IllegalArgumentException("policy must be one of bulkhead, retry, ratelimiter, timeout,"
            + " circuitbreaker, adaptivelimiter; was " + policy);
    }
  }

  /** Builder of {@link RecoveryRegistry}. Not thread-safe. */
  public static final class Builder {
    private Ticker ticker = Ticker.system();
    private Scheduler scheduler;
    private EventBus events;
    private Journal journal;
    private BulkheadConfig bulkheadDefaults = BulkheadConfig.ofDefaults();
    private RetryConfig retryDefaults = RetryConfig.ofDefaults();
    private RateLimiterConfig rateLimiterDefaults = RateLimiterConfig.ofDefaults();
    private TimeoutConfig timeoutDefaults = TimeoutConfig.ofDefaults();
    private AdaptiveLimiterConfig adaptiveDefaults = AdaptiveLimiterConfig.ofDefaults();
    private Duration idle;
    private int maxInstances = Integer.MAX_VALUE;
    private boolean exposeHealth = true;
    private RuntimeContext context;
    private final java.util.Set<String> explicitParts = new java.util.LinkedHashSet<>();

    private Builder() {}

    /**
     * Binds the registry to {@code context} (see the class's "Health and the runtime context"): its
     * ticker, scheduler, event bus and journal, and its membership. Default: none, a process-wide registry.
     * Not combinable with {@link #ticker}, {@link #scheduler}, {@link #eventBus} or {@link #journal}.
     *
     * @param context the context
     * @return this builder
     */
    public Builder context(RuntimeContext context) {
      this.context = Validation.notNull("context", context);
      return this;
    }

    /**
     * The time source of every instance. Default {@link Ticker#system()}.
     *
     * @param ticker the time source of every instance
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Validation.notNull("ticker", ticker);
      explicitParts.add("ticker");
      return this;
    }

    /**
     * Where async retries and deadlines wait. Default: the JDK's {@code CompletableFuture.delayedExecutor}
     * (no thread of ours). Tests pass a {@code dev.selfheal.test.ManualScheduler} (selfheal-test).
     *
     * @param scheduler where async retries and deadlines wait
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Validation.notNull("scheduler", scheduler);
      explicitParts.add("scheduler");
      return this;
    }

    /**
     * {@link #scheduler(Scheduler)} over an executor the caller owns and shuts down.
     *
     * @param executor {@link #scheduler(Scheduler)} over an executor the caller owns and shuts down
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService executor) {
      return scheduler(new ExecutorScheduler(Validation.notNull("scheduler", executor)));
    }

    /**
     * Where events go. Default: a new {@link EventBus}.
     *
     * @param events where events go
     * @return this builder
     */
    public Builder eventBus(EventBus events) {
      this.events = Validation.notNull("eventBus", events);
      explicitParts.add("eventBus");
      return this;
    }

    /**
     * Where journal records go. Default: {@link Journal#inMemory()}.
     *
     * @param journal where journal records go
     * @return this builder
     */
    public Builder journal(Journal journal) {
      this.journal = Validation.notNull("journal", journal);
      explicitParts.add("journal");
      return this;
    }

    /**
     * Config of bulkheads created by name only. Default {@link BulkheadConfig#ofDefaults()}.
     *
     * @param config config of bulkheads created by name only
     * @return this builder
     */
    public Builder bulkheadDefaults(BulkheadConfig config) {
      this.bulkheadDefaults = Validation.notNull("bulkheadDefaults", config);
      return this;
    }

    /**
     * Config of retries created by name only. Default {@link RetryConfig#ofDefaults()}.
     *
     * @param config config of retries created by name only
     * @return this builder
     */
    public Builder retryDefaults(RetryConfig config) {
      this.retryDefaults = Validation.notNull("retryDefaults", config);
      return this;
    }

    /**
     * Config of rate limiters created by name only. Default {@link RateLimiterConfig#ofDefaults()}.
     *
     * @param config config of rate limiters created by name only
     * @return this builder
     */
    public Builder rateLimiterDefaults(RateLimiterConfig config) {
      this.rateLimiterDefaults = Validation.notNull("rateLimiterDefaults", config);
      return this;
    }

    /**
     * Config of timeouts created by name only. Default {@link TimeoutConfig#ofDefaults()}.
     *
     * @param config config of timeouts created by name only
     * @return this builder
     */
    public Builder timeoutDefaults(TimeoutConfig config) {
      this.timeoutDefaults = Validation.notNull("timeoutDefaults", config);
      return this;
    }

    /**
     * Config of adaptive limiters created by name only. Default {@link AdaptiveLimiterConfig#ofDefaults()}.
     *
     * @param config config of adaptive limiters created by name only
     * @return this builder
     */
    public Builder adaptiveLimiterDefaults(AdaptiveLimiterConfig config) {
      this.adaptiveDefaults = Validation.notNull("adaptiveLimiterDefaults", config);
      return this;
    }

    /**
     * Drop instances not looked up for this long. Default: never; range {@code [1 ms, 30 days]}.
     *
     * @param idle drop instances not looked up for this long
     * @return this builder
     */
    public Builder evictIdleAfter(Duration idle) {
      Validation.durationWithin("evictIdleAfter", idle, Duration.ofMillis(1), Duration.ofDays(30));
      this.idle = idle;
      return this;
    }

    /**
     * At most this many instances of each kind. Default unbounded; range {@code [1, Integer.MAX_VALUE]}.
     *
     * @param max at most this many instances of each kind
     * @return this builder
     */
    public Builder maxInstancesPerKind(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxInstancesPerKind must be >= 1, was " + max);
      }
      this.maxInstances = max;
      return this;
    }

    /**
     * Whether this registry's sources and policies are exposed: in its context, or without one through
     * {@link RecoveryHealthSources}. Default {@code true}.
     *
     * @param exposeHealth whether this registry's sources and policies are exposed: in its context, or without one through {@link RecoveryHealthSources}
     * @return this builder
     */
    public Builder exposeHealth(boolean exposeHealth) {
      this.exposeHealth = exposeHealth;
      return this;
    }

    /**
     * Builds the registry.
     *
     * @return the registry
     * @throws IllegalArgumentException when a context is given together with one of its parts
     */
    public RecoveryRegistry build() {
      if (context != null) {
        if (!explicitParts.isEmpty()) {
          throw new IllegalArgumentException("context must not be combined with " + explicitParts
              + ": the context already gives them");
        }
        ticker = context.ticker();
        scheduler = context.scheduler();
        events = context.events();
        journal = context.journal();
      }
      if (scheduler == null) {
        scheduler = Environment.defaultScheduler();
      }
      if (events == null) {
        events = new EventBus();
      }
      if (journal == null) {
        journal = Journal.inMemory();
      }
      return new RecoveryRegistry(this);
    }
  }
}
