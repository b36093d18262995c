package dev.selfheal.examples.orders;

import dev.selfheal.core.event.Actor;
import dev.selfheal.probes.HealthEndpointConfig;
import dev.selfheal.recovery.chaos.Experiment;
import dev.selfheal.recovery.chaos.ExperimentResult;
import dev.selfheal.recovery.chaos.ExperimentRunner;
import dev.selfheal.recovery.chaos.Fault;
import dev.selfheal.recovery.chaos.FaultSpec;
import dev.selfheal.recovery.chaos.FaultTrigger;
import dev.selfheal.recovery.chaos.LoadGenerator;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos demo: starts the {@link OrderService}, drives it with a load generator over HTTP, runs a scripted
 * experiment, prints what healed how fast and which requests were lost, and exits 0.
 *
 * <ol>
 *   <li>crash the inventory client (a service) under load: the request that hit the crash is retried and
 *       waits for the new instance;
 *   <li>crash the fulfilment worker (a thread): orders wait in the outbox;
 *   <li>make the payment gateway fail, then recover: the breaker opens, the fallback answers "pending";
 *   <li>hang the cache: its liveness probe catches it and the supervisor restarts it; requests skip the
 *       cache after 20 ms;
 *   <li>crash the worker four times in a row: the fulfilment subtree exceeds its intensity (3 in 1 s) and
 *       escalates; the root restarts the subtree;
 *   <li>take the warehouse database down, which two workers (eta-sync, price-sync) share: both fail, and the
 *       supervisor holds them (a dependency is down: restarting them cannot fix it) instead of restarting
 *       them, and starts them again, uncounted, when the database is back; requests read the database behind
 *       a fallback and get "unknown" meanwhile;
 *   <li>a soak without faults: nothing may restart and no breaker may open.
 * </ol>
 *
 * <p>Flags: {@code --quick} (few repetitions, a 2 s soak: what the test runs), {@code --serve} (keep serving
 * afterwards: the order API on 8080, the probes endpoint on 8081), {@code --reps=N} (inventory crashes,
 * default 1000), {@code --soak-seconds=N} (default 60), {@code --rate=N} (requests per second, default 200),
 * {@code --warmup=N} (unjudged inventory crashes before the measured ones, default 300, 0 with {@code --quick}),
 * {@code --probe-timeout-ms=N} (the liveness probes' timeout, default 25: a busy machine, such as a build
 * running beside the test, needs more, or a stalled probe thread reads as a hung component),
 * {@code --phases} (after the inventory crashes, where their recovery time went: see {@link CrashPhases}).
 * The probes endpoint's commands, chaos included ({@code POST /selfheal/chaos/inject?name=payment-gateway&fault=exception}),
 * need {@code SELFHEAL_TOKEN}.
 */
public final class OrderServiceDemo {
  private static final Actor CHAOS = Actor.operator("chaos-demo");

  private OrderServiceDemo() {}

  /** The demo's settings. */
  record Options(boolean quick, boolean serve, int inventoryReps, Duration soak, int rate, int apiPort,
      int probesPort, Duration probeTimeout, int warmup, boolean phases) {
    static Options parse(String... args) {
      boolean quick = false;
      boolean serve = false;
      Integer reps = null;
      Integer soak = null;
      int rate = 200;
      Duration probeTimeout = OrderService.CACHE_PROBE_TIMEOUT;
      Integer warmup = null;
      boolean phases = false;
      for (String a : args) {
        if (a.equals("--quick")) {
          quick = true;
        } else if (a.equals("--serve")) {
          serve = true;
        } else if (a.equals("--phases")) {
          phases = true;
        } else if (a.startsWith("--reps=")) {
          reps = number("--reps", a.substring(7), 1, 100_000);
        } else if (a.startsWith("--soak-seconds=")) {
          soak = number("--soak-seconds", a.substring(15), 1, 86_400);
        } else if (a.startsWith("--rate=")) {
          rate = number("--rate", a.substring(7), 1, 5_000);
        } else if (a.startsWith("--warmup=")) {
          warmup = number("--warmup", a.substring(9), 0, 100_000);
        } else if (a.startsWith("--probe-timeout-ms=")) {
          probeTimeout = Duration.ofMillis(number("--probe-timeout-ms", a.substring(19), 1, 10_000));
        } else {
          throw new IllegalArgumentException("unknown flag '" + a + "' (known: --quick, --serve, --reps=N, "
              + "--soak-seconds=N, --rate=N, --probe-timeout-ms=N, --warmup=N, --phases)");
        }
      }
      return new Options(quick, serve, reps != null ? reps : quick ? 20 : 1000,
          Duration.ofSeconds(soak != null ? soak : quick ? 2 : 60), rate, serve ? 8080 : 0, serve ? 8081 : 0,
          probeTimeout, warmup != null ? warmup : quick ? 0 : 300, phases);
    }

    private static int number(String flag, String v, int min, int max) {
      return OrderApi.integer(flag, v, min, max);
    }
  }

  /** What one experiment must show, and why a request could be lost. */
  record Outcome(ExperimentResult result, String containment, String target, boolean met) {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    run(options, System.out);
    System.exit(0);
  }

  /** Runs the experiment; with {@code --serve} keeps serving until the process is stopped. */
  static List<Outcome> run(Options o, PrintStream out) throws Exception {
    OrderService service = new OrderService(o.probeTimeout());
    String token = System.getenv("SELFHEAL_TOKEN");
    token = token == null || token.isEmpty() ? null : token; // an empty variable means no token, as for the endpoint
    service.start(o.apiPort(), HealthEndpointConfig.builder().port(o.probesPort()).bearerToken(token).build());
    URI orders = URI.create("http://127.0.0.1:" + service.apiPort() + "/orders?sku=sku-1&qty=1");
    LoadClient client = new LoadClient(service.apiPort(), "/orders?sku=sku-1&qty=1");
    LoadGenerator load = LoadGenerator.builder("orders", client::post)
        .ratePerSecond(o.rate()).deadline(Duration.ofSeconds(1)).threads(8).build();
    List<Outcome> outcomes = new ArrayList<>();
    try {
      out.printf(Locale.ROOT, "Selfheal chaos demo — %s, %d cores, Java %s, %s%n", Instant.now(),
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("os.name"));
      out.println("order API http://127.0.0.1:" + service.apiPort() + "/orders, probes " + service.probesAddress()
          + ", load " + o.rate() + " requests/s over HTTP");
      for (int i = 0; i < 50; i++) {
        client.post(); // warm up the JIT and the server, so that a cold start is not counted as lost
      }
      load.start();
      ExperimentRunner runner = ExperimentRunner.builder(service.tree.journal()).load(load)
          .progress(line -> out.println("    … " + line)).build();
      List<Experiment> script = script(service, o);
      CrashPhases phases = o.phases() ? new CrashPhases(service.tree, "orders/inventory") : null;
      if (o.warmup() > 0) {
        // A long-running service has compiled its restart path; the first crashes of a fresh JVM measure the
        // JIT compiler instead (interpreted restarts, compiler threads taking the cores). Measured, shown,
        // not judged.
        Experiment crash = script.get(0);
        ExperimentResult w = runner.run(Experiment.builder("warm-up, " + crash.name()).inject(crash.inject())
            .serving(crash.serving()).settle(crash.settle()).timeout(crash.timeout()).repetitions(o.warmup()).build());
        out.printf(Locale.ROOT, "%nwarm-up: %d inventory crashes, not judged (the JIT compiles the restart path): "
            + "recovery %s; %d lost%n", w.runs().size(), w.recovery(), w.requestsLost());
        if (phases != null) {
          phases.reset();
        }
      }
      for (int i = 0; i < script.size(); i++) {
        Experiment e = script.get(i);
        out.printf(Locale.ROOT, "%n[%d/%d] %s%s%n", i + 1, script.size(), e.name(),
            e.isSoak() ? " (" + e.soak().toSeconds() + " s)" : " (" + e.repetitions() + " repetitions)");
        Outcome outcome = judge(runner.run(e));
        outcomes.add(outcome);
        outcome.result().describe(5).forEach(line -> out.println("  " + line));
        out.println("  contained by: " + outcome.containment());
        out.println("  target: " + outcome.target() + " — " + (outcome.met() ? "met" : "NOT MET"));
        if (phases != null && i == 0) {
          phases.describe(outcome.result()).forEach(line -> out.println("  " + line));
          phases.close();
          phases = null;
        }
      }
      load.stop();
      out.println();
      out.print(table(outcomes));
      out.println("shipped " + service.shipped.sum() + " orders; " + service.outbox.size() + " still queued");
      if (o.serve()) {
        out.println("serving: curl -s -X POST '" + orders + "'; curl -s '" + service.probesAddress()
            .replaceFirst("^/", "http://") + "/readyz?verbose' (Ctrl-C to stop)");
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "selfheal-demo-shutdown"));
        new CountDownLatch(1).await();
      }
    } finally {
      load.stop();
      if (!o.serve()) {
        service.close();
      }
    }
    return outcomes;
  }

  private static List<Experiment> script(OrderService s, Options o) {
    boolean q = o.quick();
    AtomicLong subtreeBefore = new AtomicLong();
    AtomicLong workerBefore = new AtomicLong();
    AtomicLong inventoryBefore = new AtomicLong();
    String inventoryPath = "orders/inventory";
    AtomicLong etaBefore = new AtomicLong();
    AtomicLong pricesBefore = new AtomicLong();
    String workerPath = "orders/fulfilment/worker";
    Duration gatewayDown = Duration.ofMillis(q ? 300 : 1000);
    Duration warehouseDown = Duration.ofMillis(q ? 600 : 1000);
    return List.of(
        Experiment.builder("crash inventory (service)")
            .inject(() -> {
              inventoryBefore.set(Experiment.runningGeneration(s.tree, inventoryPath));
              return s.inventoryFaults.inject(FaultSpec.builder(Fault.crash()).trigger(FaultTrigger.firstCalls(1))
                  .build(), CHAOS);
            })
            // through the handle, and by a newer instance: until the supervisor closes the crashed instance's
            // gate, a call may still reach it, which is not "serving again"
            .serving(() -> serves(s.inventory::ping)
                && Experiment.runningGeneration(s.tree, inventoryPath) > inventoryBefore.get())
            // serving again from the moment the newer instance's gate is open (every call through the handle
            // reaches it from then on), stamped on the thread that opened it; the check above confirms it
            .servedAt(() -> s.inventoryServingSince)
            .repetitions(o.inventoryReps()).settle(Duration.ofMillis(20)).timeout(Duration.ofSeconds(5)).build(),
        Experiment.builder("crash fulfilment worker (thread)")
            .inject(() -> {
              workerBefore.set(Experiment.runningGeneration(s.tree, workerPath));
              return s.workerFaults.inject(FaultSpec.builder(Fault.crash()).trigger(FaultTrigger.firstCalls(1)).build(),
                  CHAOS);
            })
            .serving(() -> Experiment.runningGeneration(s.tree, workerPath) > workerBefore.get())
            .repetitions(q ? 2 : 10).settle(Duration.ofMillis(500)).timeout(Duration.ofSeconds(5)).build(),
        Experiment.builder("payment gateway fails " + gatewayDown.toMillis() + " ms")
            .inject(() -> s.gatewayFaults.inject(FaultSpec.builder(Fault.exception("gateway 503"))
                .duration(gatewayDown).build(), CHAOS))
            .serving(() -> s.breaker.state() == dev.selfheal.recovery.CircuitBreaker.State.CLOSED)
            .repetitions(q ? 1 : 3).settle(Duration.ofMillis(200)).timeout(Duration.ofSeconds(10)).build(),
        Experiment.builder("hang cache (liveness probe)")
            .inject(() -> s.cacheFaults.inject(FaultSpec.of(Fault.hang()), CHAOS))
            .serving(() -> s.cacheFaults.active().isEmpty() && serves(s.cache::ping))
            .repetitions(q ? 1 : 5).settle(Duration.ofMillis(200)).timeout(Duration.ofSeconds(10)).build(),
        Experiment.builder("worker exceeds subtree intensity")
            .inject(() -> {
              subtreeBefore.set(s.generation("orders/fulfilment"));
              return s.workerFaults.inject(FaultSpec.builder(Fault.crash()).trigger(FaultTrigger.firstCalls(4))
                  .scope(FaultSpec.Scope.COMPONENT).build(), CHAOS);
            })
            .serving(() -> s.generation("orders/fulfilment") > subtreeBefore.get()
                && Experiment.runningGeneration(s.tree, workerPath) > 0)
            .repetitions(q ? 1 : 3).settle(Duration.ofMillis(1100)).timeout(Duration.ofSeconds(10)).build(),
        Experiment.builder("warehouse db down " + warehouseDown.toMillis() + " ms (shared)")
            .inject(() -> {
              etaBefore.set(Experiment.runningGeneration(s.tree, "orders/eta-sync"));
              pricesBefore.set(Experiment.runningGeneration(s.tree, "orders/price-sync"));
              return s.warehouseFaults.inject(FaultSpec.builder(Fault.exception("warehouse db unreachable"))
                  .duration(warehouseDown).build(), CHAOS);
            })
            .serving(() -> s.warehouseFaults.active().isEmpty()
                && Experiment.runningGeneration(s.tree, "orders/eta-sync") > etaBefore.get()
                && Experiment.runningGeneration(s.tree, "orders/price-sync") > pricesBefore.get())
            .repetitions(q ? 1 : 3).settle(Duration.ofMillis(200)).timeout(Duration.ofSeconds(10)).build(),
        Experiment.builder("no-fault soak").soak(o.soak()).build());
  }

  /** Whether a call through a handle succeeds (it waits up to the handle's bound for an instance). */
  private static boolean serves(java.util.function.BooleanSupplier call) {
    try {
      return call.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Outcome judge(ExperimentResult r) {
    boolean allHealed = r.soak() || r.recovered() == r.runs().size();
    boolean noLoss = r.requestsLost() == 0;
    switch (r.name().replaceAll(" \\d+ ms", "")) {
      case "crash inventory (service)":
        return new Outcome(r, "the failed call is retried (3 attempts); the handle waits up to 100 ms for the new instance",
            "serving again p99 < 1 ms, p99.9 < 5 ms, 0 lost", allHealed && noLoss
                && r.recovery().p99().compareTo(Duration.ofMillis(1)) < 0
                && r.recovery().p999().compareTo(Duration.ofMillis(5)) < 0);
      case "hang cache (liveness probe)":
        Duration bound = OrderService.CACHE_PROBE_PERIOD.multipliedBy(OrderService.CACHE_PROBE_THRESHOLD)
            .plusMillis(50);
        return new Outcome(r, "requests skip the cache after a 20 ms timeout (fallback)",
            "healed within " + OrderService.CACHE_PROBE_THRESHOLD + " x " + OrderService.CACHE_PROBE_PERIOD.toMillis()
                + " ms + 50 ms = " + bound.toMillis() + " ms, 0 lost",
            allHealed && noLoss && r.recovery().max().compareTo(bound) <= 0);
      case "payment gateway fails":
        return new Outcome(r, "retry(2), then breaker; the fallback answers \"pending\"",
            "breaker opens and closes again, 0 lost", allHealed && noLoss && r.breakerOpenings() >= r.runs().size());
      case "warehouse db down (shared)":
        boolean held = r.actions().keySet().stream().anyMatch(k -> k.startsWith("child.hold orders/eta-sync"))
            && r.actions().keySet().stream().anyMatch(k -> k.startsWith("child.hold orders/price-sync"));
        boolean released = r.actions().keySet().stream().anyMatch(k -> k.startsWith("child.release orders/eta-sync"))
            && r.actions().keySet().stream().anyMatch(k -> k.startsWith("child.release orders/price-sync"));
        return new Outcome(r, "both workers declare dependsOnHealth(warehouse-db): held, not restarted; "
            + "requests: fallback \"unknown\"", "0 restarts, both held then released, 0 lost",
            allHealed && noLoss && r.restarts() == 0 && held && released);
      case "no-fault soak":
        return new Outcome(r, "nothing to contain", "0 restarts, 0 breaker openings, 0 lost",
            r.restarts() == 0 && r.breakerOpenings() == 0 && noLoss);
      default: // the worker's experiments: the HTTP path only queues into the outbox, which outlives the worker
        return new Outcome(r, "orders wait in the outbox, which outlives the worker", "healed, 0 lost",
            allHealed && noLoss);
    }
  }

  static String table(List<Outcome> outcomes) {
    String fmt = "%-34s %9s %11s %11s %11s %11s %11s %11s %8s %6s %5s  %s%n"; // runs: up to 1000/1000
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "experiment", "runs", "detect p50",
        "detect p99", "recover p50", "recover p99", "p99.9", "max", "restarts", "opened", "lost", "target"));
    for (Outcome o : outcomes) {
      ExperimentResult r = o.result();
      boolean soak = r.soak();
      sb.append(String.format(Locale.ROOT, fmt, r.name(), soak ? "soak" : r.recovered() + "/" + r.runs().size(),
          soak ? "-" : ExperimentResult.millis(r.detection().p50()),
          soak ? "-" : ExperimentResult.millis(r.detection().p99()),
          soak ? "-" : ExperimentResult.millis(r.recovery().p50()),
          soak ? "-" : ExperimentResult.millis(r.recovery().p99()),
          soak ? "-" : ExperimentResult.millis(r.recovery().p999()),
          soak ? "-" : ExperimentResult.millis(r.recovery().max()),
          r.restarts(), r.breakerOpenings(), r.requestsLost(), o.met() ? "met" : "NOT MET"));
    }
    return sb.toString();
  }

}
