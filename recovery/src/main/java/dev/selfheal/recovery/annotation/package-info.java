/**
 * Policy annotations for supervised handles, read with plain reflection when a handle is created with
 * {@code supervise(Interface.class, factory, options)}. They go on methods of the supervised interface (or on
 * the interface, for every method without its own), or on the implementation's methods when
 * {@code HandleOptions.implementation} names it. Names follow MicroProfile Fault Tolerance where the meaning
 * is the same, and every parameter can be overridden with {@code dev.selfheal.core.annotation.Overrides}
 * under {@code <interface>/<method>/<Annotation>/<parameter>}, {@code <interface>/<Annotation>/<parameter>}
 * or {@code <Annotation>/<parameter>}.
 *
 * <p>The policies of one method compose in {@link dev.selfheal.recovery.Pipeline}'s default order, outermost
 * first: Fallback, Retry, CircuitBreaker, RateLimit, Timeout, Bulkhead or AdaptiveBulkhead (one of the two: an
 * adaptive bulkhead replaces the fixed one); each retry attempt asks the breaker, the limiter and the bulkhead
 * again, and goes to the component's current instance. Each annotated method
 * gets its own policy instances, named {@code <child id>.<method>}.
 *
 * <p>A bad value fails {@code supervise} with an {@link IllegalArgumentException} naming the interface, the
 * method, the annotation, the parameter and the value.
 */
package dev.selfheal.recovery.annotation;
