package dev.selfheal.recovery.internal.handle;

import dev.selfheal.core.annotation.Overrides;
import dev.selfheal.core.spi.CallInterceptor;
import dev.selfheal.core.spi.CallInterceptorProvider;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.SupervisionContext;
import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.Pipeline;
import dev.selfheal.recovery.RateLimiter;
import dev.selfheal.recovery.RateLimiterConfig;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import dev.selfheal.recovery.Timeout;
import dev.selfheal.recovery.TimeoutConfig;
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
 * and value in the message.
 */
public final class AnnotatedPolicies implements CallInterceptorProvider {
  static final List<Class<? extends Annotation>> TYPES = List.of(
      dev.selfheal.recovery.annotation.CircuitBreaker.class, dev.selfheal.recovery.annotation.Bulkhead.class,
      dev.selfheal.recovery.annotation.Retry.class, dev.selfheal.recovery.annotation.Timeout.class,
      dev.selfheal.recovery.annotation.Fallback.class, dev.selfheal.recovery.annotation.RateLimit.class);

  public AnnotatedPolicies() {}

  @Override
  public Optional<CallInterceptor> interceptor(SupervisionContext ctx, Method method) {
    TYPES.forEach(ctx::refuseOutsideInterface);
    String name = ctx.childId() + "." + method.getName();
    Params p = new Params(ctx, method);
    Pipeline.Builder<Object> b = Pipeline.<Object>builder().ticker(ctx.ticker());
    boolean any = false;
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
      CircuitBreakerConfig config = p.build(() -> CircuitBreakerConfig.builder()
          .slidingWindow(volume).minimumNumberOfCalls(volume).failureRateThreshold(ratio).openFor(delay)
          .permittedCallsInHalfOpen(trials).critical(critical).ticker(ctx.ticker())
          .recordExceptions(t -> Params.any(failOn, t) && !Params.any(skipOn, t)).build());
      CircuitBreaker breaker = CircuitBreaker.of(name, config);
      ctx.healthSource(new Named("circuit:" + name, breaker));
      b.circuitBreaker(breaker);
      any = true;
    }
    var bh = p.find(dev.selfheal.recovery.annotation.Bulkhead.class);
    if (bh != null) {
      p.at(bh);
      int max = p.atLeast("value", p.i("value", bh.value()), 1);
      Duration wait = p.nonNegative("maxWait", p.l("maxWait", bh.maxWait()), p.unit("maxWaitUnit", bh.maxWaitUnit()));
      boolean critical = p.b("critical", bh.critical());
      Bulkhead bulkhead = Bulkhead.of(name, p.build(() -> BulkheadConfig.builder().maxConcurrentCalls(max)
          .maxWait(wait).critical(critical).build()));
      ctx.healthSource(new Named("bulkhead:" + name, bulkhead));
      b.bulkhead(bulkhead);
      any = true;
    }
    var rt = p.find(dev.selfheal.recovery.annotation.Retry.class);
    if (rt != null) {
      p.at(rt);
      int retries = p.atLeast("maxRetries", p.i("maxRetries", rt.maxRetries()), 0);
      Duration delay = p.nonNegative("delay", p.l("delay", rt.delay()), p.unit("delayUnit", rt.delayUnit()));
      List<Class<? extends Throwable>> on = p.classes("retryOn", rt.retryOn());
      List<Class<? extends Throwable>> abort = p.classes("abortOn", rt.abortOn());
      b.retry(Retry.of(name, p.build(() -> RetryConfig.builder().maxAttempts(retries + 1).fixedBackoff(delay)
          .retryOnException(t -> Params.any(on, t) && !Params.any(abort, t)).build())));
      any = true;
    }
    var to = p.find(dev.selfheal.recovery.annotation.Timeout.class);
    if (to != null) {
      p.at(to);
      Duration limit = p.positive("value", p.l("value", to.value()), p.unit("unit", to.unit()));
      b.timeout(Timeout.of(name, p.build(() -> TimeoutConfig.of(limit))));
      any = true;
    }
    var rl = p.find(dev.selfheal.recovery.annotation.RateLimit.class);
    if (rl != null) {
      p.at(rl);
      int permits = p.atLeast("value", p.i("value", rl.value()), 1);
      Duration period = p.positive("period", p.l("period", rl.period()), p.unit("periodUnit", rl.periodUnit()));
      int burst = p.atLeast("burst", p.i("burst", rl.burst()), 0);
      Duration wait = p.nonNegative("maxWaitMillis", p.l("maxWaitMillis", rl.maxWaitMillis()), ChronoUnit.MILLIS);
      b.rateLimiter(RateLimiter.of(name, p.build(() -> RateLimiterConfig.builder().permitsPerPeriod(permits)
          .period(period).burst(burst == 0 ? permits : burst).maxWait(wait).build())));
      any = true;
    }
    var fb = p.find(dev.selfheal.recovery.annotation.Fallback.class);
    if (fb != null) {
      p.at(fb);
      fallback = FallbackMethod.resolve(p, ctx.type(), method, fb);
      b.fallback(fallback.policy());
      any = true;
    }
    if (!any) {
      return Optional.empty();
    }
    Pipeline<Object> pipeline = b.build();
    return Optional.of(fallback == null ? pipeline : fallback.around(pipeline));
  }

  /** A policy's health under its kind-prefixed name, as the registry names its sources. */
  private record Named(String name, HealthSource source) implements HealthSource {
    @Override
    public HealthReport health() {
      return source.health();
    }

    @Override
    public boolean critical() {
      return source.critical();
    }
  }
}
