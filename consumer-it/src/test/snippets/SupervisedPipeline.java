/** Around the README's programmatic handle. Run: the handle's call goes through the pipeline to the instance. */
class SupervisedPipeline {
  public interface Prices {
    long price(String symbol);
  }

  public static void main(String[] args) {
    /*@snippet SupervisedPipeline*/
    try (dev.selfheal.core.SupervisorTree tree = dev.selfheal.core.SupervisorTree.builder(app.build()).build()) {
      tree.start();
      org.assertj.core.api.Assertions.assertThat(prices.price("ACME")).isEqualTo(42L);
    }
  }
}
