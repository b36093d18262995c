package dev.selfheal.recovery.internal.handle;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.annotation.Overrides;
import dev.selfheal.core.spi.CallInterceptor;
import dev.selfheal.core.spi.CallInterceptorProvider;
import dev.selfheal.core.spi.SupervisionContext;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.AdaptiveLimiter;
import dev.selfheal.recovery.AdaptiveLimiterConfig;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.Pipeline;
import dev.selfheal.recovery.RateLimiterConfig;
import dev.selfheal.recovery.RetryConfig;
import dev.selfheal.recovery.TimeoutConfig;
import dev.selfheal.recovery.internal.AdaptiveConcurrencyLimiter;
import dev.selfheal.recovery.internal.BackoffRetry;
import dev.selfheal.recovery.internal.Environment;
import dev.selfheal.recovery.internal.GcraRateLimiter;
import dev.selfheal.recovery.internal.SemaphoreBulkhead;
import dev.selfheal.recovery.internal.ThreadTimeout;
import dev.selfheal.recovery.internal.breaker.StripedCircuitBreaker;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Builds a method's {@link Pipeline} from recovery's policy annotations (found with ServiceLoader through
 * core's {@link CallInterceptorProvider}). Each parameter is read through {@link Overrides}; a parameter
 * {@code enabled=false} override turns the annotation off, as in MicroProfile Fault Tolerance. Every value
 * is checked here, so a bad one fails at supervise time with the interface, method, annotation, parameter
 * and value in the message. The policies themselves are built when the handle binds to its tree
 * ({@link CallInterceptor.PerTree}), so each tree supervising the interface has its own, journaled in that
 * tree and healthy or not in that tree's context only.
 */
public final class AnnotatedPolicies implements CallInterceptorProvider {
  static final List<Class<? extends Annotation>> TYPES = List.of(
      dev.selfheal.recovery.annotation.CircuitBreaker.class, dev.selfheal.recovery.annotation.Bulkhead.class,
      dev.selfheal.recovery.annotation.Retry.class, dev.selfheal.recovery.annotation.Timeout.class,
      dev.selfheal.recovery.annotation.Fallback.class, dev.selfheal.recovery.annotation.RateLimit.class,
      dev.selfheal.recovery.annotation.AdaptiveBulkhead.class);

  public AnnotatedPolicies() {}

  @Override
  public Optional<CallInterceptor> interceptor(SupervisionContext ctx, Method method) {
    TYPES.forEach(ctx::refuseOutsideInterface);
    String name = ctx.childId() + "." + method.getName();
    Params p = new Params(ctx, method);
    CircuitBreakerConfig breaker = null;
    BulkheadConfig bulkhead = null;
    AdaptiveLimiterConfig adaptive = null;
    RetryConfig retry = null;
    TimeoutConfig timeout = null;
    RateLimiterConfig rateLimiter = null;
    FallbackMethod fallback = null;

    var cb = p.find(dev.selfheal.recovery.annotation.CircuitBreaker.class);
    if (cb != null) {
      p.at(cb);
      int volume = p.atLeast("requestVolumeThreshold", p.i("requestVolumeThreshold", cb.requestVolumeThreshold()), 1);
      double ratio = p.d("failureRatio", cb.failureRatio());
      if (!(ratio > 0 && ratio <= 1)) {
        throw p.bad("failureRatio", ratio, "must be in (0, 1]");
      }
      Duration delay = p.positive("delay", p.l("delay", cb.delay()), p.unit("delayUnit", cb.delayUnit()));
      int trials = p.atLeast("successThreshold", p.i("successThreshold", cb.successThreshold()), 1);
      List<Class<? extends Throwable>> failOn = p.classes("failOn", cb.failOn());
      List<Class<? extends Throwable>> skipOn = p.classes("skipOn", cb.skipOn());
      boolean critical = p.b("critical", cb.critical());
      breaker = p.build(() -> CircuitBreakerConfig.builder()
          .slidingWindow(volume).minimumNumberOfCalls(volume).failureRateThreshold(ratio).openFor(delay)
          .permittedCallsInHalfOpen(trials).critical(critical).ticker(ctx.ticker())
          .recordExceptions(t -> Params.any(failOn, t) && !Params.any(skipOn, t)).build());
    }
    var bh = p.find(dev.selfheal.recovery.annotation.Bulkhead.class);
    var ab = p.find(dev.selfheal.recovery.annotation.AdaptiveBulkhead.class);
    if (bh != null && ab != null) {
      boolean fixedHere = p.onMethod(dev.selfheal.recovery.annotation.Bulkhead.class);
      if (fixedHere == p.onMethod(dev.selfheal.recovery.annotation.AdaptiveBulkhead.class)) {
        throw new IllegalArgumentException(ctx.type().getName() + "." + method.getName() + ": @Bulkhead and"
            + " @AdaptiveBulkhead both apply (both on the " + (fixedHere ? "method" : "interface") + "); an"
            + " adaptive bulkhead replaces the fixed one: keep one (maxLimit caps the adaptive one)");
      }
      if (fixedHere) {
        ab = null; // the method's own choice wins over the interface's
      } else {
        bh = null;
      }
    }
    if (ab != null) {
      p.at(ab);
      int min = p.atLeast("minLimit", p.i("minLimit", ab.minLimit()), 1);
      int max = p.atLeast("maxLimit", p.i("maxLimit", ab.maxLimit()), min);
      int initial = p.i("initialLimit", ab.initialLimit());
      if (initial < min || initial > max) {
        throw p.bad("initialLimit", initial, "must be within [minLimit=" + min + ", maxLimit=" + max + "]");
      }
      boolean critical = p.b("critical", ab.critical());
      adaptive = p.build(() -> AdaptiveLimiterConfig.builder().minLimit(min).maxLimit(max).initialLimit(initial)
          .critical(critical).build());
    }
    if (bh != null) {
      p.at(bh);
      int max = p.atLeast("value", p.i("value", bh.value()), 1);
      Duration wait = p.nonNegative("maxWait", p.l("maxWait", bh.maxWait()), p.unit("maxWaitUnit", bh.maxWaitUnit()));
      boolean critical = p.b("critical", bh.critical());
      bulkhead = p.build(() -> BulkheadConfig.builder().maxConcurrentCalls(max).maxWait(wait).critical(critical)
          .build());
    }
    var rt = p.find(dev.selfheal.recovery.annotation.Retry.class);
    if (rt != null) {
      p.at(rt);
      int retries = p.atLeast("maxRetries", p.i("maxRetries", rt.maxRetries()), 0);
      Duration delay = p.nonNegative("delay", p.l("delay", rt.delay()), p.unit("delayUnit", rt.delayUnit()));
      List<Class<? extends Throwable>> on = p.classes("retryOn", rt.retryOn());
      List<Class<? extends Throwable>> abort = p.classes("abortOn", rt.abortOn());
      retry = p.build(() -> RetryConfig.builder().maxAttempts(retries + 1).fixedBackoff(delay)
          .retryOnException(t -> Params.any(on, t) && !Params.any(abort, t)).build());
    }
    var to = p.find(dev.selfheal.recovery.annotation.Timeout.class);
    if (to != null) {
      p.at(to);
      Duration limit = p.positive("value", p.l("value", to.value()), p.unit("unit", to.unit()));
      timeout = p.build(() -> TimeoutConfig.of(limit));
    }
    var rl = p.find(dev.selfheal.recovery.annotation.RateLimit.class);
    if (rl != null) {
      p.at(rl);
      int permits = p.atLeast("value", p.i("value", rl.value()), 1);
      Duration period = p.positive("period", p.l("period", rl.period()), p.unit("periodUnit", rl.periodUnit()));
      int burst = p.atLeast("burst", p.i("burst", rl.burst()), 0);
      Duration wait = p.nonNegative("maxWaitMillis", p.l("maxWaitMillis", rl.maxWaitMillis()), ChronoUnit.MILLIS);
      rateLimiter = p.build(() -> RateLimiterConfig.builder().permitsPerPeriod(permits)
          .period(period).burst(burst == 0 ? permits : burst).maxWait(wait).build());
    }
    var fb = p.find(dev.selfheal.recovery.annotation.Fallback.class);
    if (fb != null) {
      p.at(fb);
      fallback = FallbackMethod.resolve(p, ctx.type(), method, fb);
    }
    if (breaker == null && bulkhead == null && adaptive == null && retry == null && timeout == null
        && rateLimiter == null && fallback == null) {
      return Optional.empty();
    }
    return Optional.of(new Recipe(name, breaker, bulkhead, adaptive, retry, timeout, rateLimiter, fallback));
  }

  /**
   * One method's validated policy configs (null where the annotation is absent), built into a
   * {@link Pipeline} when the handle binds to its tree: the breaker journals to the tree's journal and
   * schedules on its scheduler, the other policies share the tree's scheduler, bus and journal, and the
   * breaker's and bulkhead's health join that tree's context only.
   */
  private record Recipe(String name, CircuitBreakerConfig breaker, BulkheadConfig bulkhead,
      AdaptiveLimiterConfig adaptive, RetryConfig retry, TimeoutConfig timeout, RateLimiterConfig rateLimiter,
      FallbackMethod fallback)
      implements CallInterceptor.PerTree {
    @Override
    public CallInterceptor bind(RuntimeContext context, Ticker ticker) {
      Environment env = new Environment(ticker, context.scheduler(), context.events(), context.journal());
      Pipeline.Builder<Object> b = Pipeline.<Object>builder().ticker(ticker);
      if (breaker != null) {
        CircuitBreaker cb = new StripedCircuitBreaker(name,
            breaker.toBuilder().ticker(ticker).scheduler(context.scheduler()).build(), context.journal());
        context.addHealthSource(cb.asHealthSource());
        b.circuitBreaker(cb);
      }
      if (bulkhead != null) {
        Bulkhead bh = new SemaphoreBulkhead(name, bulkhead, env);
        context.addHealthSource(bh.asHealthSource());
        b.bulkhead(bh);
      }
      if (adaptive != null) {
        AdaptiveLimiter al = new AdaptiveConcurrencyLimiter(name, adaptive, env);
        context.addHealthSource(al.asHealthSource());
        b.adaptiveLimiter(al);
      }
      if (retry != null) {
        b.retry(new BackoffRetry(name, retry, env));
      }
      if (timeout != null) {
        b.timeout(new ThreadTimeout(name, timeout, env));
      }
      if (rateLimiter != null) {
        b.rateLimiter(new GcraRateLimiter(name, rateLimiter, env));
      }
      if (fallback != null) {
        b.fallback(fallback.policy());
      }
      Pipeline<Object> pipeline = b.build();
      return fallback == null ? pipeline : fallback.around(pipeline);
    }
  }
}
