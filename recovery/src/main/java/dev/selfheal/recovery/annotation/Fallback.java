package dev.selfheal.recovery.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Replaces the method's failure with the result of {@link #fallbackMethod()}: a {@code default} or
 * {@code static} method of the supervised interface with the same parameter types (optionally followed by
 * one {@link Throwable}, which receives the failure) and a return type assignable to the method's. It runs
 * on the handle, not on an instance, so it answers while the component is down.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Fallback {
  /** {@return the fallback method's name. Required} */
  String fallbackMethod();

  /** {@return the failure types that are replaced. Default: every {@link Exception} (never an {@link Error})} */
  Class<? extends Throwable>[] applyOn() default {Exception.class};

  /** {@return the failure types that are not replaced (they win over {@link #applyOn()}). Default none} */
  Class<? extends Throwable>[] skipOn() default {};
}
