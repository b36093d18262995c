package dev.selfheal.core.annotation;

import dev.selfheal.core.RestartType;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares how a supervised interface's child is supervised, read when a handle is created with
 * {@code supervise(Type.class, factory, options)}. It goes on the <em>interface</em> passed to
 * {@code supervise} (the factory's class is known only once it has made an instance). Every element can be
 * overridden with {@link Overrides} under {@code <interface>/Supervised/<element>} or
 * {@code Supervised/<element>}; a value set on {@code HandleOptions} in code beats the annotation, and an
 * override beats both.
 *
 * <pre>{@code
 * @Supervised(id = "payments", restart = RestartType.PERMANENT, shutdownMillis = 2000,
 *     fatal = {IllegalStateException.class})
 * public interface Payments { Receipt charge(Card card, long cents) throws IOException; }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Supervised {

  /** {@link #shutdownMillis()} value for OTP's {@code infinity}. */
  long INFINITY = -1;

  /** {@return the child id. Default: the interface's simple name with a lower-case first letter} */
  String id() default "";

  /** {@return the restart type. Default {@link RestartType#PERMANENT}} */
  RestartType restart() default RestartType.PERMANENT;

  /** {@return the shutdown bound in milliseconds: 0 is {@code brutal_kill}, {@link #INFINITY} waits forever. Default 5000} */
  long shutdownMillis() default 5000;

  /** {@return the time limit on the instance's {@code start()} in milliseconds; positive. Default 30000} */
  long startTimeoutMillis() default 30000;

  /** {@return the first restart delay in milliseconds; 0 means no backoff. Default 0} */
  long backoffInitialMillis() default 0;

  /** {@return the largest restart delay in milliseconds, at least {@link #backoffInitialMillis()}. Default 30000} */
  long backoffMaxMillis() default 30000;

  /**
   * Exception types that, thrown by any method, report the instance failed to its supervisor (which heals
   * it by its strategy). Every other exception counts against the method's policies only. Default none.
   *
   * @return the fatal exception types
   */
  Class<? extends Throwable>[] fatal() default {};

  /**
   * OTP's {@code significant} (a child whose exit ends its supervisor, with {@code auto_shutdown}). Not
   * supported by this version's supervisors: {@code true} is refused at supervise time rather than ignored.
   *
   * @return whether the child is significant
   */
  boolean significant() default false;
}
