/** Around the README's adaptive limiter snippet. Run: the query goes through the timeout and the limiter. */
class AdaptiveLimit {
  interface Db {
    String query(String sql);
  }

  public static void main(String[] args) {
    Db db = sql -> "1";
    try (dev.selfheal.recovery.RecoveryRegistry registry = dev.selfheal.recovery.RecoveryRegistry.builder().build()) {
      /*@snippet AdaptiveLimit*/
      org.assertj.core.api.Assertions.assertThat(row).isEqualTo("1");
    }
  }
}
