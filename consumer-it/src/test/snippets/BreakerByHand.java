/** Around the README's breaker snippet (a field and a method of the user's class). Run: a charge goes through. */
class BreakerByHand {
  interface Gateway {
    String charge(String order);
  }

  final dev.selfheal.core.event.Journal journal = dev.selfheal.core.event.Journal.inMemory();
  final Gateway gateway = order -> "receipt for " + order;

  /*@snippet BreakerByHand*/

  public static void main(String[] args) {
    BreakerByHand payments = new BreakerByHand();
    org.assertj.core.api.Assertions.assertThat(payments.charge("o-1")).isEqualTo("receipt for o-1");
  }
}
