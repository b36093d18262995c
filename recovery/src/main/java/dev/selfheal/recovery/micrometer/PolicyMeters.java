package dev.selfheal.recovery.micrometer;

import dev.selfheal.core.micrometer.Binders;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.RateLimiter;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.Timeout;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one policy instance, each tagged {@code name=<instance name>} (Prometheus names in
 * parentheses; counters get {@code _total}):
 *
 * <ul>
 *   <li>{@code selfheal.circuit.state{state}}: gauge, 1 for the current state, 0 for the five others
 *       ({@code selfheal_circuit_state})
 *   <li>{@code selfheal.circuit.calls{outcome}}: counter, outcome {@code success}, {@code failure},
 *       {@code rejected} (not permitted), {@code ignored}, {@code cancelled}
 *   <li>{@code selfheal.circuit.slow.calls}: counter of slow calls (also counted as success or failure)
 *   <li>{@code selfheal.circuit.failure.ratio}, {@code selfheal.circuit.slow.ratio}: gauges over the current
 *       window (also below the minimum number of calls: {@code CircuitBreakerMetrics#callsInWindow()} says over how
 *       many); while OPEN, over the window that opened the breaker
 *   <li>{@code selfheal.bulkhead.available}, {@code selfheal.bulkhead.max}: gauges of permits
 *       ({@code selfheal_bulkhead_available_permits}, {@code selfheal_bulkhead_max_permits})
 *   <li>{@code selfheal.bulkhead.calls{outcome}}: counter, {@code permitted} or {@code rejected}
 *   <li>{@code selfheal.retry.calls{outcome}}: counter, {@code success_without_retry},
 *       {@code success_with_retry}, {@code failure_with_retry}, {@code failure_without_retry}
 *   <li>{@code selfheal.retry.attempts}: counter of attempts, first tries included
 *   <li>{@code selfheal.retry.budget.refusals}: counter of retries the retry budget refused
 *   <li>{@code selfheal.ratelimiter.calls{outcome}}: counter, {@code permitted} or {@code rejected}
 *   <li>{@code selfheal.ratelimiter.available}: gauge of permits a call could take now
 *       ({@code selfheal_ratelimiter_available_permits})
 *   <li>{@code selfheal.timeout.timeouts}: counter of calls that ran past the limit
 *   <li>{@code selfheal.timeout.completed}: counter of calls that ended within the limit
 *       ({@code selfheal_timeout_completed_calls_total})
 * </ul>
 *
 * <p>Every meter reads the policy's {@code metrics()} record ({@code CircuitBreakerMetrics}, {@code BulkheadMetrics},
 * {@code RetryMetrics}, {@code RateLimiterMetrics}, {@code TimeoutMetrics}) at scrape time. Every meter has a
 * description and a base unit. Not API beyond this list.
 */
final class PolicyMeters {
  static final String CIRCUIT = "circuitbreaker";
  static final String BULKHEAD = "bulkhead";
  static final String RETRY = "retry";
  static final String RATE_LIMITER = "ratelimiter";
  static final String TIMEOUT = "timeout";
  static final List<String> KINDS = List.of(CIRCUIT, BULKHEAD, RETRY, RATE_LIMITER, TIMEOUT);

  private final MeterRegistry registry;
  private final Tags tags;
  private final List<Meter> meters = new ArrayList<>();

  private PolicyMeters(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
  }

  /**
   * The registry kind of {@code policy}, as in {@code RecoveryEvent.policy()}.
   *
   * @param policy a policy instance
   * @return its kind
   */
  static String kindOf(Object policy) {
    if (policy instanceof CircuitBreaker) {
      return CIRCUIT;
    } else if (policy instanceof Bulkhead) {
      return BULKHEAD;
    } else if (policy instanceof Retry) {
      return RETRY;
    } else if (policy instanceof RateLimiter) {
      return RATE_LIMITER;
    } else if (policy instanceof Timeout) {
      return TIMEOUT;
    }
    throw new IllegalArgumentException("policy must be a CircuitBreaker, Bulkhead, Retry, RateLimiter or Timeout,"
        + " was " + (policy == null ? "null" : policy.getClass().getName()));
  }

  /**
   * Registers the meters of {@code policy} and returns them.
   *
   * @param policy a policy instance
   * @param registry where the meters go
   * @param tags added to every meter
   * @return the meters registered
   */
  static List<Meter> register(Object policy, MeterRegistry registry, Tags tags) {
    PolicyMeters m = new PolicyMeters(registry, tags);
    if (policy instanceof CircuitBreaker cb) {
      m.circuit(cb);
    } else if (policy instanceof Bulkhead b) {
      m.bulkhead(b);
    } else if (policy instanceof Retry r) {
      m.retry(r);
    } else if (policy instanceof RateLimiter rl) {
      m.rateLimiter(rl);
    } else if (policy instanceof Timeout t) {
      m.timeout(t);
    } else {
      kindOf(policy);
    }
    return List.copyOf(m.meters);
  }

  private void circuit(CircuitBreaker cb) {
    Tags name = Tags.of("name", cb.name());
    for (CircuitBreaker.State s : CircuitBreaker.State.values()) {
      gauge("selfheal.circuit.state", "1 while the breaker is in this state, else 0", "state", cb,
          x -> x.state() == s ? 1 : 0, name.and("state", s.name().toLowerCase(Locale.ROOT)));
    }
    String calls = "Calls through the breaker by outcome (rejected: not permitted)";
    counter("selfheal.circuit.calls", calls, cb, x -> x.metrics().successfulCalls(), name.and("outcome", "success"));
    counter("selfheal.circuit.calls", calls, cb, x -> x.metrics().failedCalls(), name.and("outcome", "failure"));
    counter("selfheal.circuit.calls", calls, cb, x -> x.metrics().rejectedCalls(), name.and("outcome", "rejected"));
    counter("selfheal.circuit.calls", calls, cb, x -> x.metrics().ignoredCalls(), name.and("outcome", "ignored"));
    counter("selfheal.circuit.calls", calls, cb, x -> x.metrics().cancelledCalls(), name.and("outcome", "cancelled"));
    counter("selfheal.circuit.slow.calls", "Calls slower than the slow-call threshold (also counted as success or"
        + " failure)", cb, x -> x.metrics().slowCalls(), name);
    gauge("selfheal.circuit.failure.ratio", "Failure rate of the current window (while OPEN: of the window that"
        + " opened it)", "ratio", cb, x -> x.metrics().failureRate(), name);
    gauge("selfheal.circuit.slow.ratio", "Slow-call rate of the current window (while OPEN: of the window that"
        + " opened it)", "ratio", cb, x -> x.metrics().slowCallRate(), name);
  }

  private void bulkhead(Bulkhead b) {
    Tags name = Tags.of("name", b.name());
    gauge("selfheal.bulkhead.available", "Free permits of the bulkhead", "permits", b,
        x -> x.metrics().availablePermits(), name);
    gauge("selfheal.bulkhead.max", "Maximum concurrent calls of the bulkhead", "permits", b,
        x -> x.metrics().maxPermits(), name);
    String calls = "Calls that asked the bulkhead for a permit, by outcome";
    counter("selfheal.bulkhead.calls", calls, b, x -> x.metrics().permittedCalls(), name.and("outcome", "permitted"));
    counter("selfheal.bulkhead.calls", calls, b, x -> x.metrics().rejectedCalls(), name.and("outcome", "rejected"));
  }

  private void retry(Retry r) {
    Tags name = Tags.of("name", r.name());
    String calls = "Calls through the retry by outcome, whether or not they were retried";
    counter("selfheal.retry.calls", calls, r, x -> x.metrics().successfulCallsWithoutRetry(),
        name.and("outcome", "success_without_retry"));
    counter("selfheal.retry.calls", calls, r, x -> x.metrics().successfulCallsWithRetry(),
        name.and("outcome", "success_with_retry"));
    counter("selfheal.retry.calls", calls, r, x -> x.metrics().failedCallsWithRetry(),
        name.and("outcome", "failure_with_retry"));
    counter("selfheal.retry.calls", calls, r, x -> x.metrics().failedCallsWithoutRetry(),
        name.and("outcome", "failure_without_retry"));
    counterWithUnit("selfheal.retry.attempts", "Attempts made, first tries included (retries: attempts minus"
        + " calls)", "attempts", r, x -> x.metrics().attempts(), name);
    counterWithUnit("selfheal.retry.budget.refusals", "Retries refused by the retry budget (a retry storm held"
        + " back)", "refusals", r, x -> x.metrics().budgetRefusals(), name);
  }

  private void rateLimiter(RateLimiter rl) {
    Tags name = Tags.of("name", rl.name());
    String calls = "Calls that asked the rate limiter for a permit, by outcome";
    counter("selfheal.ratelimiter.calls", calls, rl, x -> x.metrics().permittedCalls(),
        name.and("outcome", "permitted"));
    counter("selfheal.ratelimiter.calls", calls, rl, x -> x.metrics().rejectedCalls(),
        name.and("outcome", "rejected"));
    gauge("selfheal.ratelimiter.available", "Permits a call could take now without waiting", "permits", rl,
        x -> x.metrics().availablePermits(), name);
  }

  private void timeout(Timeout t) {
    counterWithUnit("selfheal.timeout.timeouts", "Calls that ran past the time limit", "timeouts", t,
        x -> x.metrics().timedOutCalls(), Tags.of("name", t.name()));
    counter("selfheal.timeout.completed", "Calls that ended within the time limit, with a result or their own"
        + " exception", t, x -> x.metrics().completedCalls(), Tags.of("name", t.name()));
  }

  private <T> void counter(String meter, String description, T obj, ToDoubleFunction<T> f, Tags extra) {
    counterWithUnit(meter, description, "calls", obj, f, extra);
  }

  private <T> void counterWithUnit(String meter, String description, String unit, T obj, ToDoubleFunction<T> f,
      Tags extra) {
    meters.add(Binders.counter(registry, meter, description, unit, obj, f, tags.and(extra)));
  }

  private <T> void gauge(String meter, String description, String unit, T obj, ToDoubleFunction<T> f, Tags extra) {
    meters.add(Binders.gauge(registry, meter, description, unit, obj, f, tags.and(extra)));
  }
}
