/**
 * Selfheal probes: Kubernetes-semantics health probes, the health model and the HTTP health endpoint.
 *
 * <p>Only the API packages are exported; {@code dev.selfheal.probes.internal.*} is implementation. Probes meet
 * the recovery module only through core's SPI, found with {@link java.util.ServiceLoader}.
 */
module dev.selfheal.probes {
  exports dev.selfheal.probes;
  exports dev.selfheal.probes.annotation;
  exports dev.selfheal.probes.anomaly;
  exports dev.selfheal.probes.micrometer;

  requires transitive dev.selfheal.core;
  requires org.slf4j;
  requires java.management; // MetricWatch's heap-after-GC and GC-time streams
  requires static micrometer.core;

  uses dev.selfheal.core.spi.HealthSourceProvider; // HealthMonitor
  uses dev.selfheal.core.spi.PolicyControlProvider; // the endpoint's /selfheal/policies

  provides dev.selfheal.core.spi.ChildSpecContributor with dev.selfheal.probes.internal.AnnotatedProbes;
}
