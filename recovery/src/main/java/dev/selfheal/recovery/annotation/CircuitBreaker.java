package dev.selfheal.recovery.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.temporal.ChronoUnit;

/**
 * A circuit breaker around the method ({@link dev.selfheal.recovery.CircuitBreaker}): it opens when the
 * failure ratio over the last {@link #requestVolumeThreshold()} calls reaches {@link #failureRatio()}, stays
 * open for {@link #delay()}, then admits {@link #successThreshold()} trial calls.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface CircuitBreaker {
  /** {@return the calls in the rolling window, and the calls it must hold before it can open. Default 20; at least 1} */
  int requestVolumeThreshold() default 20;

  /** {@return the failure ratio at which it opens. Default 0.5; in (0, 1]} */
  double failureRatio() default 0.5;

  /** {@return how long it stays open, in {@link #delayUnit()}. Default 5000 ms; positive} */
  long delay() default 5000;

  /** {@return the unit of {@link #delay()}. Default milliseconds} */
  ChronoUnit delayUnit() default ChronoUnit.MILLIS;

  /** {@return the trial calls admitted when half-open; all must succeed to close. Default 1; at least 1} */
  int successThreshold() default 1;

  /** {@return the failure types that count. Default: every exception} */
  Class<? extends Throwable>[] failOn() default {Throwable.class};

  /** {@return the failure types that do not count (they win over {@link #failOn()}). Default none} */
  Class<? extends Throwable>[] skipOn() default {};

  /** {@return whether its OPEN state may pull the process's readiness down. Default false} */
  boolean critical() default false;
}
