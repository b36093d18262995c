/** Around the README's diagnosis snippet. Run: the symptom (orders) is held while its cause (db) heals. */
class DiagnosisTree {
  static final class DatabasePool implements dev.selfheal.core.Component {
    @Override
    public void start() {}
  }

  static final class Orders implements dev.selfheal.core.Component {
    @Override
    public void start() {}
  }

  static final class Checkout implements dev.selfheal.core.Component {
    @Override
    public void start() {}
  }

  public static void main(String[] args) {
    dev.selfheal.core.spi.HealthSource payments = new dev.selfheal.core.spi.HealthSource() {
      @Override
      public String name() {
        return "circuit:payments";
      }

      @Override
      public dev.selfheal.core.spi.HealthReport health() {
        return dev.selfheal.core.spi.HealthReport.up();
      }
    };
    /*@snippet DiagnosisTree*/
    try (tree) {
      tree.start();
      tree.reportFailure("shop/db", 1, "connection refused");       // db restarts after its 2 s backoff
      tree.reportFailure("shop/orders", 1, "db calls time out");    // the symptom: held, not restarted
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
          .until(() -> tree.snapshot().find("shop/orders").state() == dev.selfheal.core.ChildState.HELD);
      org.assertj.core.api.Assertions.assertThat(tree.journal().tail())
          .filteredOn(r -> r.kind().equals("child.hold")).singleElement()
          .satisfies(r -> org.assertj.core.api.Assertions.assertThat(r.evidence()).containsEntry("dependency", "db"));
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> tree.snapshot().find("shop/orders").state() == dev.selfheal.core.ChildState.RUNNING);
      org.assertj.core.api.Assertions.assertThat(tree.snapshot().find("shop/orders").generation())
          .as("never restarted").isEqualTo(1);
      org.assertj.core.api.Assertions.assertThat(tree.journal().tail())
          .extracting(dev.selfheal.core.event.JournalRecord::kind).contains("child.release");
    }
  }
}
