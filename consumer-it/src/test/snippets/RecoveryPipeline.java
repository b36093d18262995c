/** Around the README's recovery snippet. Run: two failures are retried away; three fall back. */
class RecoveryPipeline {
  /** Stands in for a remote inventory service that fails {@code failures} times, then answers. */
  static final class Inventory {
    private final java.util.concurrent.atomic.AtomicInteger failures;

    Inventory(int failures) {
      this.failures = new java.util.concurrent.atomic.AtomicInteger(failures);
    }

    String fetch(String sku) {
      if (failures.getAndDecrement() > 0) {
        throw new java.io.UncheckedIOException(new java.io.IOException("inventory unavailable"));
      }
      return sku + ": 7 in stock";
    }
  }

  static String stock(Inventory inventory) {
    /*@snippet RecoveryPipeline*/
  }

  public static void main(String[] args) {
    org.assertj.core.api.Assertions.assertThat(stock(new Inventory(2))).isEqualTo("sku-1: 7 in stock");
    org.assertj.core.api.Assertions.assertThat(stock(new Inventory(3))).isEqualTo("stock unknown");
  }
}
