/** Around the README's quick start: the user's DatabasePool and pollOnce. Run: the operator restart starts db again. */
class QuickStart {
  static final java.util.concurrent.atomic.AtomicInteger POLLS = new java.util.concurrent.atomic.AtomicInteger();
  static final java.util.concurrent.atomic.AtomicInteger DB_STARTS = new java.util.concurrent.atomic.AtomicInteger();

  static final class DatabasePool implements dev.selfheal.core.Component {
    @Override
    public void start() {
      DB_STARTS.incrementAndGet(); // open connections; return when the pool can serve
    }

    @Override
    public void stop() {
      // close connections
    }
  }

  static void pollOnce() throws InterruptedException {
    if (POLLS.incrementAndGet() == 3) {
      throw new IllegalStateException("queue connection reset");
    }
    java.util.concurrent.TimeUnit.MILLISECONDS.sleep(10);
  }

  public static void main(String[] args) throws Exception {
    /*@snippet QuickStart*/
    org.assertj.core.api.Assertions.assertThat(DB_STARTS.get()).as("db started, then restarted by alice").isEqualTo(2);
  }
}
