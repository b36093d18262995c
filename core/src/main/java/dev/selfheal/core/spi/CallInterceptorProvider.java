package dev.selfheal.core.spi;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Builds the {@link CallInterceptor} of one method of a supervised interface from whatever that module
 * reads (recovery reads its policy annotations). Found with {@link java.util.ServiceLoader} when a handle is
 * created; with no provider on the class path, calls go straight to the instance.
 *
 * <p>Called once per interface method, at supervise time. Misconfiguration must throw
 * {@link IllegalArgumentException} naming the class, the method, the annotation and the problem: supervise
 * then fails and nothing is started.
 */
public interface CallInterceptorProvider {

  /**
   * The interceptor for {@code method}, or empty when this provider has nothing to add to it.
   *
   * @param context the supervised interface and its implementation
   * @param method the interface method
   * @return the interceptor, or empty
   */
  Optional<CallInterceptor> interceptor(SupervisionContext context, Method method);
}
