/** Around the README's two ways of binding meters. Run against Micrometer's SimpleMeterRegistry. */
class Observability {
  static final class Db implements dev.selfheal.core.Component {
    @Override
    public void start() {}

    boolean ping() {
      return true;
    }
  }

  static void binders(dev.selfheal.core.SupervisorTree tree, io.micrometer.core.instrument.MeterRegistry meterRegistry,
      dev.selfheal.recovery.RecoveryRegistry recoveryRegistry) {
    /*@snippet Observability#binders*/
    monitor.close();
  }

  static void oneCall(dev.selfheal.core.SupervisorTree tree, io.micrometer.core.instrument.MeterRegistry meterRegistry) {
    /*@snippet Observability#one-call*/
  }

  public static void main(String[] args) {
    io.micrometer.core.instrument.MeterRegistry meterRegistry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (dev.selfheal.core.SupervisorTree tree = dev.selfheal.core.SupervisorTree.builder(
            dev.selfheal.core.SupervisorSpec.builder("shop")
                .child(dev.selfheal.core.ChildSpec.service("db", Db::new)).build()).build();
         dev.selfheal.recovery.RecoveryRegistry recoveryRegistry = dev.selfheal.recovery.RecoveryRegistry.builder().build()) {
      binders(tree, meterRegistry, recoveryRegistry);
      org.assertj.core.api.Assertions.assertThat(meterRegistry.getMeters()).as("meters bound").isNotEmpty();
    }
    io.micrometer.core.instrument.MeterRegistry other = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (dev.selfheal.core.SupervisorTree tree = dev.selfheal.core.SupervisorTree.builder(
        dev.selfheal.core.SupervisorSpec.builder("shop")
            .child(dev.selfheal.core.ChildSpec.service("db", Db::new)).build()).build()) {
      oneCall(tree, other);
      org.assertj.core.api.Assertions.assertThat(other.getMeters()).as("every meter removed on close").isEmpty();
    }
  }
}
