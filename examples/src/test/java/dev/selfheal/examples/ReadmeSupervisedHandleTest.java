package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.Component;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.annotation.Supervised;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.annotation.Liveness;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.Pipeline;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import dev.selfheal.recovery.annotation.Fallback;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The README's "Supervised components" snippets, compiled and run: keep the two in sync. */
class ReadmeSupervisedHandleTest {

  // --- README supervised: annotations ---
  @Supervised(id = "quotes", fatal = IllegalStateException.class)
  public interface Quotes {
    @dev.selfheal.recovery.annotation.Retry(maxRetries = 2, abortOn = IllegalStateException.class)
    @dev.selfheal.recovery.annotation.CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5)
    @Fallback(fallbackMethod = "stale")
    String quote(String symbol) throws IOException;

    default String stale(String symbol) {
      return symbol + ": no quote right now";
    }

    @Liveness(periodMillis = 5000, failureThreshold = 3)
    boolean connected();
  }
  // --- end ---

  static final AtomicInteger FEEDS = new AtomicInteger();

  static final class QuoteFeed implements Quotes, Component {
    final int number = FEEDS.incrementAndGet();

    @Override
    public void start() {} // connect

    @Override
    public String quote(String symbol) {
      if (symbol.equals("CRASH")) {
        throw new IllegalStateException("feed decoder corrupted");
      }
      return symbol + "=42 (feed #" + number + ")";
    }

    @Override
    public boolean connected() {
      return true;
    }
  }

  public interface Prices {
    long price(String symbol);
  }

  @Test
  void annotations() throws Exception {
    // --- README supervised: annotations usage ---
    SupervisorSpec.Builder app = SupervisorSpec.builder("app");
    Quotes quotes = app.supervise(Quotes.class, QuoteFeed::new, HandleOptions.ofDefaults());
    try (SupervisorTree tree = SupervisorTree.builder(app.build()).build();
         HealthMonitor monitor = HealthMonitor.builder(tree).build()) {   // runs @Liveness
      tree.start();
      monitor.start();
      String q = quotes.quote("ACME");         // the current instance, through fallback, retry, breaker
      // --- end ---
      assertThat(q).isEqualTo("ACME=42 (feed #" + FEEDS.get() + ")");
      long before = FEEDS.get();
      assertThat(quotes.quote("CRASH")).isEqualTo("CRASH: no quote right now"); // fatal: restarted, fallback
      await().atMost(Duration.ofSeconds(10)).until(() -> tree.snapshot().find("app/quotes").generation() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> quotes.quote("ACME").endsWith("#" + (before + 1) + ")"));
      assertThat(monitor.component("app/quotes")).isNotNull();
    }
  }

  @Test
  void programmatic() {
    // --- README supervised: programmatic ---
    Pipeline<Object> policies = Pipeline.builder()
        .retry(Retry.of("prices.price", RetryConfig.builder().maxAttempts(3).build()))
        .circuitBreaker(CircuitBreaker.ofDefaults("prices.price"))
        .build();
    SupervisorSpec.Builder app = SupervisorSpec.builder("app");
    Prices prices = app.supervise(Prices.class, () -> symbol -> 42L, HandleOptions.builder()
        .id("prices")
        .fatal(IllegalStateException.class)
        .awaitInstance(Duration.ofSeconds(2))           // how long a call waits during a restart
        .intercept("price", policies)
        .build());
    try (SupervisorTree tree = SupervisorTree.builder(app.build()).build()) {
      tree.start();
      long p = prices.price("ACME");
      // --- end ---
      assertThat(p).isEqualTo(42L);
    }
  }
}
