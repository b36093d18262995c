package dev.selfheal.recovery.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.temporal.ChronoUnit;

/** Retries the method ({@link dev.selfheal.recovery.Retry}): up to {@link #maxRetries()} more attempts. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Retry {
  /** {@return the retries after the first attempt. Default 3; at least 0} */
  int maxRetries() default 3;

  /** {@return the wait before each retry, in {@link #delayUnit()}. Default 0; at least 0} */
  long delay() default 0;

  /** {@return the unit of {@link #delay()}. Default milliseconds} */
  ChronoUnit delayUnit() default ChronoUnit.MILLIS;

  /** {@return the failure types that are retried. Default: every {@link Exception}} */
  Class<? extends Throwable>[] retryOn() default {Exception.class};

  /** {@return the failure types that are never retried (they win over {@link #retryOn()}). Default none} */
  Class<? extends Throwable>[] abortOn() default {};
}
