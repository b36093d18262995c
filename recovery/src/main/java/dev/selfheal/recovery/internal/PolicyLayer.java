package dev.selfheal.recovery.internal;

/**
 * A policy as a pipeline layer. {@link #rank()} is its place in the default order, outermost first:
 * Fallback 0, Retry 1, CircuitBreaker 2, RateLimiter 3, Timeout 4, Bulkhead 5. Not API.
 */
public interface PolicyLayer {
  int FALLBACK = 0;
  int RETRY = 1;
  int CIRCUIT_BREAKER = 2;
  int RATE_LIMITER = 3;
  int TIMEOUT = 4;
  int BULKHEAD = 5;

  int rank();

  Stage wrap(Stage next);

  AsyncStage wrapAsync(AsyncStage next);
}
