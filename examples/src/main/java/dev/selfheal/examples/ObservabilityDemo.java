package dev.selfheal.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.selfheal.core.Backoff;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.HealingMetrics;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.micrometer.CoreMetrics;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.ProbeConfig;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProbeSpec;
import dev.selfheal.probes.ProbeStatistics;
import dev.selfheal.probes.micrometer.ProbeMetrics;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.Pipeline;
import dev.selfheal.recovery.RecoveryRegistry;
import dev.selfheal.recovery.RetryBudget;
import dev.selfheal.recovery.RetryBudgetConfig;
import dev.selfheal.recovery.RetryConfig;
import dev.selfheal.recovery.micrometer.RecoveryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small service that exposes every Selfheal meter on {@code GET /metrics} in Prometheus' text format, for
 * {@code examples/observability/e2e.sh}: a tree {@code shop} with a database service {@code shop/db}
 * (liveness and readiness probes, instrumented), a recovery registry with a breaker, a bulkhead, a retry with a
 * budget, a rate limiter and a timeout, and a load thread calling an inventory dependency through them.
 *
 * <p>Faults, injected over HTTP on loopback only: {@code POST /fault/crash} declares the current {@code shop/db}
 * instance failed (four crashes within a minute exceed the root's intensity of 3 and the tree gives up);
 * {@code POST /fault/dependency} makes the inventory dependency fail (the breaker opens);
 * {@code POST /fault/unready} fails the readiness probe.
 *
 * <p>Usage: {@code ObservabilityDemo <port>} (default 9464). Runs until killed.
 */
public final class ObservabilityDemo {
  private ObservabilityDemo() {}

  /** The wired service, without HTTP: what {@link #main} serves and what the examples' tests scrape. */
  record Shop(PrometheusMeterRegistry meters, SupervisorTree tree, HealthMonitor monitor, RecoveryRegistry registry,
      Pipeline<String> inventory, AtomicBoolean dependencyDown, AtomicBoolean unready) implements AutoCloseable {

    /** One call through the inventory pipeline; a failure is counted by the policies and swallowed. */
    void call() {
      try {
        inventory.get(() -> {
          if (dependencyDown.get()) {
            throw new IllegalStateException("inventory down (fault injected)");
          }
          return "ok";
        });
      } catch (RuntimeException expected) {
        // counted by the policies; the load goes on
      }
    }

    /** Declares the current shop/db instance failed, as a crash would. */
    void crash() {
      ChildSnapshot db = tree.snapshot().find("shop/db");
      if (db != null) {
        tree.reportFailure("shop/db", db.generation(), "crash injected over HTTP");
      }
    }

    @Override
    public void close() {
      monitor.stop();
      tree.stop();
      registry.close();
    }
  }

  /** Builds and starts the service with every meter bound to a new Prometheus registry. */
  static Shop start() {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicBoolean dependencyDown = new AtomicBoolean();
    AtomicBoolean unready = new AtomicBoolean();

    SupervisorTree tree = SupervisorTree.builder(SupervisorSpec.builder("shop").intensity(3, Duration.ofMinutes(1))
        .child(ChildSpec.service("db", () -> new Database()).backoff(
            Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(1)).withJitter(0)))
        .build()).build();
    HealingMetrics healing = HealingMetrics.attach(tree);
    ProbeStatistics probes = ProbeStatistics.attach(tree);
    ProbeConfig every = ProbeConfig.builder(ProbeKind.LIVENESS).period(Duration.ofSeconds(1)).build();
    HealthMonitor monitor = HealthMonitor.builder(tree)
        .probe(probes.instrument(ProbeSpec.of("shop/db", Database.class, every, db -> ProbeResult.up()).build()))
        .probe(probes.instrument(ProbeSpec.of("shop/db", Database.class,
            ProbeConfig.builder(ProbeKind.READINESS).period(Duration.ofSeconds(1)).failureThreshold(1).build(),
            db -> ProbeResult.of(!unready.get(), "readiness fault injected")).build()))
        .build();

    RecoveryRegistry registry = RecoveryRegistry.builder().build();
    RetryBudget budget = RetryBudget.of(RetryBudgetConfig.ofDefaults());
    CircuitBreaker breaker = registry.circuitBreaker("inventory", n -> CircuitBreaker.of(n,
        CircuitBreakerConfig.builder().slidingWindow(20).minimumNumberOfCalls(5).failureRateThreshold(0.5)
            .openFor(Duration.ofSeconds(5)).build()));
    Pipeline<String> inventory = Pipeline.<String>builder()
        .retry(registry.retry("inventory", RetryConfig.builder().maxAttempts(3).fixedBackoff(Duration.ofMillis(10))
            .budget(budget).build()))
        .circuitBreaker(breaker)
        .bulkhead(registry.bulkhead("inventory"))
        .rateLimiter(registry.rateLimiter("inventory"))
        .build();
    registry.timeout("inventory");

    new CoreMetrics(healing).bindTo(meters);
    new ProbeMetrics(monitor, probes).bindTo(meters);
    RecoveryMetrics.of(registry).bindTo(meters);
    tree.start();
    monitor.start();
    return new Shop(meters, tree, monitor, registry, inventory, dependencyDown, unready);
  }

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? parsePort(args[0]) : 9464;
    Shop shop = start();
    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "selfheal-demo-load");
      t.setDaemon(true);
      return t;
    });
    load.scheduleAtFixedRate(shop::call, 0, 50, TimeUnit.MILLISECONDS);

    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    http.createContext("/metrics", ex -> respond(ex, 200, shop.meters().scrape()));
    http.createContext("/fault/crash", ex -> {
      shop.crash();
      respond(ex, 202, "crash injected\n");
    });
    http.createContext("/fault/dependency", ex -> {
      AtomicBoolean down = shop.dependencyDown();
      down.set(!down.get());
      respond(ex, 202, "inventory down=" + down.get() + "\n");
    });
    http.createContext("/fault/unready", ex -> {
      AtomicBoolean unready = shop.unready();
      unready.set(!unready.get());
      respond(ex, 202, "unready=" + unready.get() + "\n");
    });
    http.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "selfheal-demo-http");
      t.setDaemon(true);
      return t;
    }));
    http.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.stop(0);
      load.shutdownNow();
      shop.close();
    }, "selfheal-demo-shutdown"));
    System.out.println("selfheal observability demo: metrics on http://127.0.0.1:" + port + "/metrics");
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be an integer in [1, 65535], was '" + s + "'", e);
    }
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The supervised database: a service with nothing to do. */
  static final class Database implements Component {
    @Override
    public void start() {}

    @Override
    public void stop() {}
  }
}
