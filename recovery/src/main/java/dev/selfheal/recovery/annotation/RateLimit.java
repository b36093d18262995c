package dev.selfheal.recovery.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.temporal.ChronoUnit;

/** A rate limit on the method ({@link dev.selfheal.recovery.RateLimiter}): {@link #value()} calls per period. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimit {
  /** {@return the calls per period. Default 50; at least 1} */
  int value() default 50;

  /** {@return the period, in {@link #periodUnit()}. Default 1000 ms; positive} */
  long period() default 1000;

  /** {@return the unit of {@link #period()}. Default milliseconds} */
  ChronoUnit periodUnit() default ChronoUnit.MILLIS;

  /** {@return the calls that may be made at once after a quiet spell; 0 means {@link #value()}. Default 0; at least 0} */
  int burst() default 0;

  /** {@return how long a call may wait for a permit, in milliseconds. Default 0 (refused at once); at least 0} */
  long maxWaitMillis() default 0;
}
