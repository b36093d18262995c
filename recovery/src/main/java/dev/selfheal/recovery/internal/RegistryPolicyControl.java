package dev.selfheal.recovery.internal;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerMetrics;
import dev.selfheal.recovery.RateLimiter;
import dev.selfheal.recovery.RecoveryRegistry;
import dev.selfheal.recovery.Retry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link PolicyControl} over one {@link RecoveryRegistry}, through the policies' public API only.
 *
 * <p>States: a breaker's {@link CircuitBreaker.State}; a bulkhead {@code FULL} when no permit is free, else
 * {@code ACCEPTING}; a retry and a rate limiter {@code ACTIVE} (they have no state an operator changes).
 * Commands map to {@link CircuitBreaker#transitionTo} (force-open: FORCED_OPEN, disable: DISABLED, close:
 * CLOSED), {@link CircuitBreaker#reset} and {@link Bulkhead#reconfigure} with the new maximum; each is
 * journaled by the policy with the caller's actor. A breaker already in the target state, or a bulkhead
 * already at the limit, answers UNCHANGED and nothing is journaled. Reset always applies (it also forgets the
 * window and the backoff).
 *
 * <p>This class is thread-safe (the registry and the policies are).
 */
public final class RegistryPolicyControl implements PolicyControl {
  private final RecoveryRegistry registry;

  public RegistryPolicyControl(RecoveryRegistry registry) {
    this.registry = registry;
  }

  /** The registry this control answers for (the Micrometer binder of a context finds registries by it). */
  public RecoveryRegistry registry() {
    return registry;
  }

  @Override
  public List<Policy> policies() {
    List<Policy> out = new ArrayList<>();
    for (CircuitBreaker cb : registry.circuitBreakers()) {
      CircuitBreakerMetrics m = cb.metrics();
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("callsInWindow", m.callsInWindow());
      metrics.put("failuresInWindow", m.failuresInWindow());
      metrics.put("slowCallsInWindow", m.slowCallsInWindow());
      metrics.put("failureRate", m.failureRate());
      metrics.put("slowCallRate", m.slowCallRate());
      metrics.put("successfulCalls", m.successfulCalls());
      metrics.put("failedCalls", m.failedCalls());
      metrics.put("rejectedCalls", m.rejectedCalls());
      metrics.put("ignoredCalls", m.ignoredCalls());
      metrics.put("halfOpenPermitsInUse", m.halfOpenPermitsInUse());
      out.add(new Policy(CIRCUIT_BREAKER, cb.name(), m.state().name(), metrics));
    }
    for (Bulkhead b : registry.bulkheads()) {
      int available = b.availablePermits();
      out.add(new Policy(BULKHEAD, b.name(), available <= 0 ? "FULL" : "ACCEPTING", Map.of(
          "maxConcurrentCalls", b.config().maxConcurrentCalls(), "availablePermits", available,
          "permittedCalls", b.permittedCalls(), "rejectedCalls", b.rejectedCalls())));
    }
    for (Retry r : registry.retries()) {
      out.add(new Policy(RETRY, r.name(), "ACTIVE", Map.of(
          "maxAttempts", r.config().maxAttempts(),
          "successfulCallsWithoutRetry", r.successfulCallsWithoutRetry(),
          "successfulCallsWithRetry", r.successfulCallsWithRetry(),
          "failedCallsWithRetry", r.failedCallsWithRetry(),
          "failedCallsWithoutRetry", r.failedCallsWithoutRetry(),
          "budgetRefusals", r.budgetRefusals())));
    }
    for (RateLimiter l : registry.rateLimiters()) {
      out.add(new Policy(RATE_LIMITER, l.name(), "ACTIVE", Map.of(
          "permitsPerPeriod", l.config().permitsPerPeriod(), "periodMillis", l.config().period().toMillis(),
          "permittedCalls", l.permittedCalls(), "rejectedCalls", l.rejectedCalls())));
    }
    return out;
  }

  @Override
  public Outcome apply(String kind, String name, Action action, int value, Actor actor) {
    switch (kind) {
      case CIRCUIT_BREAKER -> {
        Optional<CircuitBreaker> cb = registry.findCircuitBreaker(name);
        return cb.isEmpty() ? Outcome.notFound() : breaker(cb.get(), action, actor);
      }
      case BULKHEAD -> {
        Optional<Bulkhead> b = registry.findBulkhead(name);
        return b.isEmpty() ? Outcome.notFound() : bulkhead(b.get(), action, value, actor);
      }
      case RETRY -> {
        return registry.findRetry(name).isEmpty() ? Outcome.notFound() : notApplicable(kind, action, "ACTIVE");
      }
      case RATE_LIMITER -> {
        return registry.findRateLimiter(name).isEmpty() ? Outcome.notFound() : notApplicable(kind, action, "ACTIVE");
      }
      default -> {
        return Outcome.notFound();
      }
    }
  }

  private static Outcome breaker(CircuitBreaker cb, Action action, Actor actor) {
    CircuitBreaker.State target = switch (action) {
      case FORCE_OPEN -> CircuitBreaker.State.FORCED_OPEN;
      case DISABLE -> CircuitBreaker.State.DISABLED;
      case CLOSE -> CircuitBreaker.State.CLOSED;
      default -> null;
    };
    if (action == Action.RESET) {
      cb.reset(actor);
      return new Outcome(Status.DONE, cb.state().name(), "");
    }
    if (target == null) {
      return notApplicable(CIRCUIT_BREAKER, action, cb.state().name());
    }
    if (cb.state() == target) {
      return new Outcome(Status.UNCHANGED, target.name(), "");
    }
    cb.transitionTo(target, actor);
    return new Outcome(Status.DONE, cb.state().name(), "");
  }

  private static Outcome bulkhead(Bulkhead b, Action action, int limit, Actor actor) {
    String state = b.availablePermits() <= 0 ? "FULL" : "ACCEPTING";
    if (action != Action.SET_LIMIT) {
      return notApplicable(BULKHEAD, action, state);
    }
    BulkheadConfig config = b.config();
    if (config.maxConcurrentCalls() == limit) {
      return new Outcome(Status.UNCHANGED, state, "");
    }
    BulkheadConfig next;
    try {
      next = config.toBuilder().maxConcurrentCalls(limit).build();
    } catch (IllegalArgumentException e) {
      return new Outcome(Status.INVALID, state, e.getMessage());
    }
    b.reconfigure(next, actor);
    return new Outcome(Status.DONE, b.availablePermits() <= 0 ? "FULL" : "ACCEPTING", "");
  }

  private static Outcome notApplicable(String kind, Action action, String state) {
    return new Outcome(Status.NOT_APPLICABLE, state, action.name().toLowerCase(java.util.Locale.ROOT)
        .replace('_', '-') + " does not apply to a " + kind);
  }
}
