package dev.selfheal.examples.orders;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Diagnosis;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.RestartStrategy;
import dev.selfheal.core.Shutdown;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.probes.HealthEndpoint;
import dev.selfheal.probes.HealthEndpointConfig;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.HealthProbe;
import dev.selfheal.probes.ProbeConfig;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeSpec;
import dev.selfheal.recovery.CircuitBreaker;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.Fallback;
import dev.selfheal.recovery.Pipeline;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import dev.selfheal.recovery.Timeout;
import dev.selfheal.recovery.TimeoutConfig;
import dev.selfheal.recovery.chaos.ChaosControl;
import dev.selfheal.recovery.chaos.FaultInjector;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The order service: a supervisor tree of components, the policies around them, the probes that watch
 * them, and the injection points the experiments use.
 *
 * <pre>{@code
 * orders                 one_for_one, at most 100 restarts in 1 s (the experiments crash inventory 50 times a second)
 * ├── inventory          service: reserves stock      ← retry(3) around its supervised handle; crash point
 * ├── payment            service: charges the gateway ← fallback "pending", retry(2), breaker, timeout 200 ms;
 * │                                                      the gateway (remote) is an injection point
 * ├── cache              service: recent orders       ← timeout 20 ms + fallback on the request path; liveness
 * │                                                      probe every 100 ms, timeout 25 ms, threshold 3; hang
 * │                                                      point; brutal_kill (nothing to stop)
 * ├── price-sync         worker: copies the price list from the warehouse db every 20 ms    both declare
 * ├── eta-sync           worker: copies delivery estimates from the warehouse db every 20 ms dependsOnHealth(
 * │                                                      "warehouse-db"): held, not restarted, while the shared
 * │                                                      db (remote, an injection point) is down; the request
 * │                                                      path reads their last copies, and the stock from the
 * │                                                      db itself behind a fallback ("unknown")
 * └── fulfilment         supervisor, one_for_one, at most 3 restarts in 1 s
 *     ├── notifier       service
 *     └── worker         worker: ships orders from the outbox; crash point
 * }</pre>
 *
 * <p>The services are supervised handles ({@code supervise(Interface.class, factory, options)}): callers hold
 * the handle, which routes each call to the current instance and, during a restart, waits up to 100 ms for
 * the new one.
 *
 * <p>A POST /orders reserves stock, charges the payment, caches the order and queues it for the worker; it
 * answers 201 with {@code "payment":"charged"} or, when the gateway is failing, {@code "pending"} (the
 * payment is retried later by a real service; the order is not lost).
 *
 * <p>This class is thread-safe once started.
 */
final class OrderService implements AutoCloseable {
  static {
    // The JDK's server writes headers and body separately; without TCP_NODELAY each response waits ~40 ms for
    // a delayed ACK (Nagle), and the demo would measure that instead of healing. Read once per JVM, when its
    // first HttpServer is created, so it is set before the probes endpoint and the API are.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  static final Duration CACHE_PROBE_PERIOD = Duration.ofMillis(100);
  /**
   * The liveness probes' timeout. With Kubernetes semantics a hung check fails at its timeout, one per
   * period, so a hang that begins just after a probe ran is reported failureThreshold x period + timeout
   * later (the first failing probe starts up to a period after the hang, the last one fails a timeout after
   * it starts): the hang target, failureThreshold x period + 50 ms, leaves the timeout and the restart 50 ms
   * between them. 25 ms is still a thousand times what the in-memory ping takes; a busy machine needs more
   * ({@code --probe-timeout-ms}).
   */
  static final Duration CACHE_PROBE_TIMEOUT = Duration.ofMillis(25);
  static final int CACHE_PROBE_THRESHOLD = 3;

  /** The supervised handles: each routes a call to its component's current instance. */
  final Inventory inventory;
  final Payments payment;
  final OrderCache cache;
  final Notifier notifier;
  final AtomicReference<String> etaSnapshot = new AtomicReference<>("none yet");
  final AtomicReference<String> priceSnapshot = new AtomicReference<>("none yet");

  final SupervisorTree tree;
  FaultInjector inventoryFaults; // assigned once in the constructor, after the tree whose factories read it
  FaultInjector gatewayFaults; // assigned once in the constructor, after the tree whose factories read it
  FaultInjector cacheFaults; // assigned once in the constructor, after the tree whose factories read it
  FaultInjector workerFaults; // assigned once in the constructor, after the tree whose factories read it
  FaultInjector warehouseFaults; // assigned once in the constructor, after the tree whose children read it
  final WarehouseDb warehouse = new WarehouseDb(() -> warehouseFaults);
  final ChaosControl chaos;
  final CircuitBreaker breaker;
  final HealthMonitor monitor;
  final LongAdder shipped = new LongAdder();
  /**
   * {@link System#nanoTime()} when the inventory's current instance began to serve: its {@code ChildStarted},
   * delivered after the handle's own listener opened its gate (the handle subscribed when the tree was built,
   * this one after), so from this moment every call through the handle reaches it.
   */
  volatile long inventoryServingSince;
  final LongAdder notified = new LongAdder();
  final BlockingQueue<Long> outbox = new LinkedBlockingQueue<>();
  private final ConcurrentHashMap<String, LongAdder> reserved = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Pipeline<Object> inventoryCalls;
  private final Pipeline<String> paymentCalls;
  private final Pipeline<Object> cacheCalls;
  private final Pipeline<String> warehouseCalls;
  private final Timeout paymentTimeout;
  private final Timeout cacheTimeout;
  private HealthEndpoint endpoint;
  private dev.selfheal.core.RuntimeContext.Registration chaosBinding;
  private OrderApi api;

  OrderService() {
    this(CACHE_PROBE_TIMEOUT);
  }

  /** With the liveness probes' timeout {@code probeTimeout} (the demo's default: {@link #CACHE_PROBE_TIMEOUT}). */
  OrderService(Duration probeTimeout) {
    // The tree and the injectors refer to each other (a crash reports to the tree; the factories take the
    // injectors): the factories read the injector fields when they run, at tree.start(), after they are set.
    SupervisorSpec.Builder fulfilment = SupervisorSpec.builder("fulfilment").intensity(3, Duration.ofSeconds(1));
    notifier = fulfilment.supervise(Notifier.class, () -> new ShipmentNotifier(notified), handle("notifier"));
    fulfilment.child(ChildSpec.worker("worker", () -> new FulfilmentWorker(workerFaults, outbox, notifier, shipped)));
    SupervisorSpec.Builder orders = SupervisorSpec.builder("orders")
        .strategy(RestartStrategy.ONE_FOR_ONE)
        .intensity(100, Duration.ofSeconds(1));
    inventory = orders.supervise(Inventory.class, () -> new InventoryClient(inventoryFaults, reserved),
        handle("inventory"));
    payment = orders.supervise(Payments.class, () -> new PaymentClient(gatewayFaults), handle("payment"));
    // brutal_kill (OTP's choice for a child with nothing to clean up): the cache has no stop() and its map
    // holds nothing worth a graceful end, so a restart need not wait for the calls in flight on the old
    // instance. A graceful stop would wait for every call the hang holds (each until its 20 ms request
    // timeout), which measured 17-23 ms of the hung cache's healing. Calls still on the old instance finish
    // there (a hang's calls end with the fault, when the new instance starts) and fall back.
    cache = orders.supervise(OrderCache.class, () -> new InMemoryOrderCache(cacheFaults), handle("cache").toBuilder()
        .shutdown(Shutdown.brutalKill()).build());
    orders.child(ChildSpec.worker("price-sync", () -> new WarehouseSync("prices", warehouse, priceSnapshot))
        .dependsOnHealth(WarehouseDb.NAME));
    orders.child(ChildSpec.worker("eta-sync", () -> new WarehouseSync("shipping", warehouse, etaSnapshot))
        .dependsOnHealth(WarehouseDb.NAME));
    orders.child(ChildSpec.supervisor(fulfilment.build()));
    tree = SupervisorTree.builder(orders.build())
        .diagnosis(Diagnosis.builder().healthSource(warehouse).recheckEvery(Duration.ofMillis(50)).build())
        .build();
    tree.events().subscribe(SupervisorEvent.ChildStarted.class, e -> {
      if (e.path().equals("orders/inventory")) {
        inventoryServingSince = System.nanoTime();
      }
    });
    inventoryFaults = FaultInjector.builder("orders/inventory").component(tree, "orders/inventory").build();
    cacheFaults = FaultInjector.builder("orders/cache").component(tree, "orders/cache").build();
    workerFaults = FaultInjector.builder("orders/fulfilment/worker").component(tree, "orders/fulfilment/worker")
        .build();
    gatewayFaults = FaultInjector.builder("payment-gateway").journal(tree.journal()).scheduler(tree.scheduler())
        .build();
    warehouseFaults = FaultInjector.builder(WarehouseDb.NAME).journal(tree.journal()).scheduler(tree.scheduler())
        .build();
    chaos = ChaosControl.of(inventoryFaults, gatewayFaults, cacheFaults, workerFaults, warehouseFaults);

    inventoryCalls = Pipeline.builder()
        .retry(Retry.of("inventory", RetryConfig.builder().maxAttempts(3).fixedBackoff(Duration.ZERO).build()))
        .build();
    breaker = CircuitBreaker.of("payment-gateway", CircuitBreakerConfig.builder()
        .failureRateThreshold(0.5)
        .slidingWindow(20)
        .minimumNumberOfCalls(10)
        .openFor(Duration.ofMillis(300))
        .permittedCallsInHalfOpen(3)
        .build(), tree.journal());
    paymentTimeout = Timeout.of("payment", TimeoutConfig.of(Duration.ofMillis(200)));
    paymentCalls = Pipeline.<String>builder()
        .fallback(Fallback.ofValue("pending"))
        .retry(Retry.of("payment", RetryConfig.builder().maxAttempts(2).fixedBackoff(Duration.ofMillis(5)).build()))
        .circuitBreaker(breaker)
        .timeout(paymentTimeout)
        .build();
    warehouseCalls = Pipeline.<String>builder().fallback(Fallback.ofValue("unknown")).build();
    cacheTimeout = Timeout.of("cache", TimeoutConfig.of(Duration.ofMillis(20)));
    cacheCalls = Pipeline.builder().fallback(Fallback.ofValue(null)).timeout(cacheTimeout).build();

    monitor = HealthMonitor.builder(tree)
        // Through the handle, so the probe is independent of what the supervisor holds (the handle's wrapper
        // today); the handle routes to the instance being probed, the only one running.
        .probe(ProbeSpec.liveness("orders/cache", Object.class, HealthProbe.ofBoolean(ignored -> cache.ping()))
            .config(liveness(probeTimeout))
            .build())
        .build();
  }

  private static ProbeConfig liveness(Duration timeout) {
    return ProbeConfig.builder(ProbeKind.LIVENESS).period(CACHE_PROBE_PERIOD).timeout(timeout)
        .failureThreshold(CACHE_PROBE_THRESHOLD).build();
  }

  /** A handle's options: calls wait at most 100 ms for an instance during a restart. */
  private static HandleOptions handle(String id) {
    // every factory here only constructs (a client, a cache), so the supervisor may run it on its own thread
    return HandleOptions.builder().id(id).awaitInstance(Duration.ofMillis(100)).constructsInline(true).build();
  }

  /**
   * Starts the tree, the probes, the order API on {@code apiPort} and the probes endpoint per {@code probes},
   * whose operator commands include the injection points ({@code /selfheal/chaos/...}).
   */
  void start(int apiPort, HealthEndpointConfig probes) throws java.io.IOException {
    tree.start();
    monitor.start();
    chaosBinding = chaos.bind(tree.context());
    endpoint = HealthEndpoint.create(tree, monitor, probes);
    endpoint.start();
    api = new OrderApi(this, apiPort);
    api.start();
  }

  /** The order API's port. */
  int apiPort() {
    return api.port();
  }

  /** The probes endpoint's address. */
  String probesAddress() {
    return String.valueOf(endpoint.address());
  }

  /** Accepts an order; returns its JSON. Called by the API's threads. */
  String placeOrder(String sku, int quantity) {
    long id = ids.incrementAndGet();
    inventoryCalls.get(() -> {
      inventory.reserve(sku, quantity);
      return null;
    });
    String receipt = paymentCalls.get(() -> payment.charge(id, 100 * quantity));
    String inStock = warehouseCalls.get(() -> warehouse.query("stock", sku)); // the db itself, not a worker
    String price = priceSnapshot.get(); // as of the price-sync worker's last copy
    String eta = etaSnapshot.get();
    String json = "{\"order\":" + id + ",\"sku\":\"" + sku + "\",\"quantity\":" + quantity + ",\"payment\":\""
        + ("pending".equals(receipt) ? "pending" : "charged") + "\",\"stock\":\"" + inStock + "\",\"price\":\"" + price
        + "\",\"eta\":\"" + eta + "\"}";
    cacheCalls.get(() -> {
      cache.put(id, json); // a hung cache costs 20 ms, never the order
      return null;
    });
    outbox.add(id);
    return json;
  }

  /** The cached order, or null (unknown, evicted, or the cache is unavailable). */
  String order(long id) {
    Object json = cacheCalls.get(() -> cache.get(id));
    return (String) json;
  }

  /** The generation of the subtree at {@code path} (or of the child there). */
  long generation(String path) {
    ChildSnapshot s = tree.snapshot().find(path);
    return s == null ? -1 : s.generation();
  }

  @Override
  public void close() {
    if (api != null) {
      api.stop();
    }
    if (endpoint != null) {
      endpoint.stop();
    }
    if (chaosBinding != null) {
      chaosBinding.close();
    }
    monitor.stop();
    tree.stop();
    paymentTimeout.close();
    cacheTimeout.close();
  }
}
