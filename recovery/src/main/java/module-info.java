/**
 * Selfheal recovery: circuit breaker, bulkhead, retry, timeout, fallback, rate limiter, their pipeline and
 * fault injection.
 *
 * <p>Only the API packages are exported; {@code dev.selfheal.recovery.internal.*} is implementation. The
 * policies reach probes and the handle only through core's SPI, as the services provided below.
 */
module dev.selfheal.recovery {
  exports dev.selfheal.recovery;
  exports dev.selfheal.recovery.annotation;
  exports dev.selfheal.recovery.chaos;
  exports dev.selfheal.recovery.micrometer;

  requires transitive dev.selfheal.core;
  requires org.slf4j;
  requires static micrometer.core;

  provides dev.selfheal.core.spi.HealthSourceProvider with dev.selfheal.recovery.RecoveryHealthSources;
  provides dev.selfheal.core.spi.PolicyControlProvider with dev.selfheal.recovery.RecoveryHealthSources;
  provides dev.selfheal.core.spi.CallInterceptorProvider with dev.selfheal.recovery.internal.handle.AnnotatedPolicies;
  provides dev.selfheal.core.micrometer.ContextMeterBinderProvider
      with dev.selfheal.recovery.micrometer.RecoveryContextMeters;
}
