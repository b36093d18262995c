/** Around the README's annotated handle: the interface, then its use. Run: the call reaches the current QuoteFeed. */
class SupervisedHandle {
  /*@snippet SupervisedHandle#declare*/

  static final java.util.concurrent.atomic.AtomicInteger FEEDS = new java.util.concurrent.atomic.AtomicInteger();
  static final java.util.concurrent.atomic.AtomicReference<String> QUOTED = new java.util.concurrent.atomic.AtomicReference<>();

  static final class QuoteFeed implements Quotes, dev.selfheal.core.Component {
    QuoteFeed() {
      FEEDS.incrementAndGet();
    }

    @Override
    public void start() {} // connect

    @Override
    public String quote(String symbol) {
      QUOTED.set(symbol);
      return symbol + "=42";
    }

    @Override
    public boolean connected() {
      return true;
    }
  }

  public static void main(String[] args) throws Exception {
    /*@snippet SupervisedHandle#use*/
    org.assertj.core.api.Assertions.assertThat(QUOTED.get()).as("the instance's quote was called").isEqualTo("ACME");
    org.assertj.core.api.Assertions.assertThat(FEEDS.get()).as("one instance").isEqualTo(1);
  }
}
