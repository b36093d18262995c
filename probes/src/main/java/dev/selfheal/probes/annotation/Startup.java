package dev.selfheal.probes.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A startup probe: holds the component's liveness and readiness probes back until it passes; past its failure threshold the instance is restarted.
 *
 * <p>On a method of a supervised interface (or of the implementation named in {@code HandleOptions}) that
 * takes no arguments and returns {@code boolean} or a {@link dev.selfheal.probes.ProbeResult}. The probe
 * calls it on the current instance directly (not through the handle's policies), on a probe thread. The
 * parameters are Kubernetes' and can be overridden under {@code <class>/<method>/Startup/<parameter>}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Startup {
  /** {@return the delay before the first run after an instance starts, in ms ({@code initialDelaySeconds}). Default 0; at least 0} */
  long initialDelayMillis() default 0;

  /** {@return the time between runs, in ms ({@code periodSeconds}). Default 10000; positive} */
  long periodMillis() default 10000;

  /** {@return how long a run may take before it has failed, in ms ({@code timeoutSeconds}). Default 1000; positive} */
  long timeoutMillis() default 1000;

  /** {@return the consecutive passes that make a failing probe pass again. Default 1; at least 1} */
  int successThreshold() default 1;

  /** {@return the consecutive failures that make the verdict fail. Default 3; at least 1} */
  int failureThreshold() default 3;

  /** {@return whether a failing verdict may pull the process's readiness down. Default true} */
  boolean critical() default true;
}
