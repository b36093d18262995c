/**
 * Selfheal core: the supervisor tree, child specs, restart semantics, the journal, events and the SPI the
 * other modules meet through.
 *
 * <p>Only the API packages are exported; {@code dev.selfheal.core.internal.*} is implementation and readable
 * by no other module. Micrometer is optional ({@code requires static}): only {@code dev.selfheal.core.micrometer}
 * needs it, and an application that binds meters has it on its module path.
 */
module dev.selfheal.core {
  exports dev.selfheal.core;
  exports dev.selfheal.core.annotation;
  exports dev.selfheal.core.event;
  exports dev.selfheal.core.spi;
  exports dev.selfheal.core.micrometer;

  requires org.slf4j;
  requires org.jctools.core;
  requires static micrometer.core;

  // the handle's extension hooks (Handles), the per-context meter binders (SelfhealMetrics)
  uses dev.selfheal.core.spi.CallInterceptorProvider;
  uses dev.selfheal.core.spi.ChildSpecContributor;
  uses dev.selfheal.core.micrometer.ContextMeterBinderProvider;
}
