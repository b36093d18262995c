package dev.selfheal.recovery.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An adaptive bulkhead around the method ({@link dev.selfheal.recovery.AdaptiveLimiter}, issue #11): at most
 * as many calls at once as a limit that follows the latency of completed calls and their drops, within
 * {@code [minLimit, maxLimit]}, starting at {@link #initialLimit()} in slow start. A call over the limit is
 * refused at once with {@link dev.selfheal.recovery.BulkheadFullException}, as a full {@link Bulkhead} refuses
 * it. Its health is {@code adaptivelimiter:<child id>.<method>}: UP, DEGRADED while saturated.
 *
 * <p>It replaces {@link Bulkhead}, it does not stack on it: both on the same method (or both on the
 * interface) is refused at supervise time; one on the method wins over the other on the interface. The
 * parameters not named here keep {@link dev.selfheal.recovery.AdaptiveLimiterConfig}'s defaults. In the
 * pipeline it sits innermost, next to the call, so that it measures the call itself. Every parameter can be
 * overridden under {@code <interface>/<method>/AdaptiveBulkhead/<parameter>} (see the package javadoc), and
 * {@code AdaptiveBulkhead/enabled=false} turns it off.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AdaptiveBulkhead {
  /** {@return the limit the slow start begins at. Default 20; within {@code [minLimit, maxLimit]}} */
  int initialLimit() default 20;

  /** {@return the lowest limit the limiter may choose. Default 1; within {@code [1, maxLimit]}} */
  int minLimit() default 1;

  /** {@return the highest limit (a hard cap on calls in flight). Default 1000; within {@code [minLimit, 1000000]}} */
  int maxLimit() default 1000;

  /** {@return whether its saturation may pull the process's readiness down. Default false} */
  boolean critical() default false;
}
