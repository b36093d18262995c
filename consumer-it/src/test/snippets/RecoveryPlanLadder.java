/** Around the README's recovery plan (an expression of a ChildSpec builder). Run: the first failure resets in place. */
class RecoveryPlanLadder {
  static final class Cache implements dev.selfheal.core.Component, dev.selfheal.core.Recoverable {
    @Override
    public void start() {}

    @Override
    public void recover() {
      // reconnect, clear the cache
    }
  }

  public static void main(String[] args) {
    dev.selfheal.core.ChildSpec cache =
        /*@snippet RecoveryPlanLadder*/
        .build();
    try (dev.selfheal.core.SupervisorTree tree = dev.selfheal.core.SupervisorTree.builder(
        dev.selfheal.core.SupervisorSpec.builder("app").intensity(10, java.time.Duration.ofMinutes(1))
            .child(cache).build()).build()) {
      tree.start();
      tree.reportFailure("app/cache", 1, "stale entries");
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> tree.journal().tail()
          .stream().anyMatch(r -> r.kind().equals("child.plan-step") && r.decision().equals("plan step 1: RESET")));
      org.assertj.core.api.Assertions.assertThat(tree.snapshot().find("app/cache").generation())
          .as("reset in place, not restarted").isEqualTo(1);
    }
  }
}
