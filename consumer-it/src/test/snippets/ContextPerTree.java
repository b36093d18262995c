/**
 * Around the README's runtime-context snippet. Run: both breakers are in this tree's health and journal, each under
 * its one name, whether a registry made it or it was made and added by hand (#13).
 */
class ContextPerTree {
  public static void main(String[] args) {
    dev.selfheal.recovery.CircuitBreakerConfig config = dev.selfheal.recovery.CircuitBreakerConfig.ofDefaults();
    try (dev.selfheal.core.SupervisorTree tree = dev.selfheal.core.SupervisorTree.builder(
        dev.selfheal.core.SupervisorSpec.builder("app").child(dev.selfheal.core.ChildSpec.service("db",
            () -> new dev.selfheal.core.Component() {
              @Override
              public void start() {}
            })).build()).build()) {
      /*@snippet ContextPerTree*/
      try (registry; monitor) {
        tree.start();
        org.assertj.core.api.Assertions.assertThat(monitor.health(dev.selfheal.probes.ProbeKind.READINESS).checks())
            .extracting(dev.selfheal.probes.HealthCheck::name).contains("circuit:payments", "circuit:ledger")
            .doesNotContain("ledger", "payments");
        dev.selfheal.core.event.Actor readme = dev.selfheal.core.event.Actor.operator("readme");
        payments.transitionTo(CircuitBreaker.State.FORCED_OPEN, readme);
        direct.transitionTo(CircuitBreaker.State.FORCED_OPEN, readme);
        org.assertj.core.api.Assertions.assertThat(tree.journal().tail()).filteredOn(r -> r.actor().equals(readme))
            .extracting(dev.selfheal.core.event.JournalRecord::path).containsExactly("circuit:payments", "circuit:ledger");
        org.assertj.core.api.Assertions.assertThat(monitor.health(dev.selfheal.probes.ProbeKind.READINESS).checks())
            .filteredOn(c -> c.name().equals("circuit:ledger")).extracting(c -> c.status())
            .containsExactly(dev.selfheal.core.spi.HealthStatus.DOWN);
      }
    }
  }
}
