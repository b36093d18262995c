package dev.selfheal.recovery.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.temporal.ChronoUnit;

/** A bulkhead around the method ({@link dev.selfheal.recovery.Bulkhead}): at most {@link #value()} calls at once. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Bulkhead {
  /** {@return the calls allowed at once. Default 10; at least 1} */
  int value() default 10;

  /** {@return how long a call waits for a permit, in {@link #maxWaitUnit()}. Default 0 (refused at once); at least 0} */
  long maxWait() default 0;

  /** {@return the unit of {@link #maxWait()}. Default milliseconds} */
  ChronoUnit maxWaitUnit() default ChronoUnit.MILLIS;

  /** {@return whether its saturation may pull the process's readiness down. Default false} */
  boolean critical() default false;
}
