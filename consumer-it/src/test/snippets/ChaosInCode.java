/** Around the README's fault-injection snippet. Run: five crashes, five newer instances, the faults journaled. */
class ChaosInCode {
  static final class Gateway implements dev.selfheal.core.Component {
    @Override
    public void start() {}

    String charge() {
      return "receipt";
    }
  }

  public static void main(String[] args) {
    dev.selfheal.core.event.Actor actor = dev.selfheal.core.event.Actor.operator("ana");
    Gateway gateway = new Gateway();
    try (dev.selfheal.core.SupervisorTree tree = dev.selfheal.core.SupervisorTree.builder(
        dev.selfheal.core.SupervisorSpec.builder("shop")
            .intensity(10, java.time.Duration.ofSeconds(1)) // 5 crashes in a row exceed OTP's default of 1 in 5 s
            .child(dev.selfheal.core.ChildSpec.service("payments", Gateway::new)).build()).build()) {
      tree.start();
      dev.selfheal.recovery.Retry retry = dev.selfheal.recovery.Retry.of("payments",
          dev.selfheal.recovery.RetryConfig.builder().maxAttempts(3).fixedBackoff(java.time.Duration.ZERO).build());
      /*@snippet ChaosInCode*/
      org.assertj.core.api.Assertions.assertThat(tree.snapshot().find("shop/payments").generation())
          .as("five crashes, five newer instances").isEqualTo(6);
      org.assertj.core.api.Assertions.assertThat(tree.journal().tail())
          .extracting(dev.selfheal.core.event.JournalRecord::kind).contains("fault.armed", "fault.cleared");
    }
  }
}
