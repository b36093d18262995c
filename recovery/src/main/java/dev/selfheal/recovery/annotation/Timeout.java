package dev.selfheal.recovery.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.temporal.ChronoUnit;

/**
 * A time limit on the method ({@link dev.selfheal.recovery.Timeout}): past it the call is interrupted and the
 * caller gets a {@link dev.selfheal.recovery.TimeoutExceededException}. The call then runs on another thread.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Timeout {
  /** {@return the limit, in {@link #unit()}. Default 1000 ms; positive} */
  long value() default 1000;

  /** {@return the unit of {@link #value()}. Default milliseconds} */
  ChronoUnit unit() default ChronoUnit.MILLIS;
}
