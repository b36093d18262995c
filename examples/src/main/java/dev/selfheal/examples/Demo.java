package dev.selfheal.examples;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.RestartStrategy;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.probes.HealthEndpoint;
import dev.selfheal.probes.HealthEndpointConfig;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.ProbeConfig;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProbeSpec;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The self-healing demo: a small shop service whose order poller crashes and is restarted, and whose
 * payments subtree keeps crashing until it exceeds its restart intensity and escalates to the root, which
 * restarts the whole subtree. Every healing action is printed from the journal as it happens.
 *
 * <p>Run it with the README's command. With {@code --serve} (as in {@code examples/k8s/deployment.yaml}) the
 * demo keeps running after healing and serves the health endpoint on port 8081: bind address from
 * {@code SELFHEAL_BIND_ADDRESS} (default 127.0.0.1), operator token from {@code SELFHEAL_TOKEN}: unset or
 * empty means no token (operator commands and reads of the tree and journal answer 403); otherwise it must
 * be 16 to 4096 visible ASCII characters, and a shorter one stops the demo with that message (exit code 2),
 * not a stack trace.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws InterruptedException {
    boolean serve = args.length > 0 && args[0].equals("--serve");
    HealthEndpointConfig config = null;
    if (serve) {
      try {
        config = serveConfig(System.getenv(), System.out::println);
      } catch (IllegalArgumentException e) {
        System.err.println("selfheal demo: " + e.getMessage());
        System.exit(2);
      }
    }
    run(true, config);
  }

  /**
   * The endpoint config from the environment: {@code SELFHEAL_BIND_ADDRESS}, and {@code SELFHEAL_TOKEN} where
   * empty means unset (a Secret that is not filled in yet is "no token", not a crash).
   *
   * @throws IllegalArgumentException naming the variable and the rule, for a token that is too short or not
   *     visible ASCII
   */
  static HealthEndpointConfig serveConfig(java.util.Map<String, String> env, java.util.function.Consumer<String> say) {
    HealthEndpointConfig.Builder b = HealthEndpointConfig.builder()
        .bindAddress(env.getOrDefault("SELFHEAL_BIND_ADDRESS", HealthEndpointConfig.DEFAULT_BIND_ADDRESS));
    String token = env.get("SELFHEAL_TOKEN");
    if (token == null || token.isEmpty()) {
      say.accept("SELFHEAL_TOKEN is " + (token == null ? "unset" : "empty")
          + ": no operator token, commands and reads of the tree and journal answer 403");
      return b.build();
    }
    try {
      return b.token("ops", token).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SELFHEAL_TOKEN is refused: " + e.getMessage() + "; use at least "
          + HealthEndpointConfig.MIN_TOKEN_LENGTH + " visible ASCII characters, such as the output of"
          + " 'openssl rand -hex 16', or leave it empty for no token", e);
    }
  }

  /** The database stand-in: a service with something to probe. */
  static final class Database implements Component {
    private volatile boolean connected;

    @Override
    public void start() {
      connected = true;
    }

    @Override
    public void stop() {
      connected = false;
    }

    boolean ping() {
      return connected;
    }
  }

  static ChildSnapshot run(boolean print) throws InterruptedException {
    return run(print, null);
  }

  /**
   * Runs the scenario and returns the tree's snapshot once healed. With an endpoint config, serves the
   * health endpoint and blocks until the process is stopped (the tree, monitor and endpoint stop in a
   * shutdown hook); without, stops the tree and returns.
   */
  static ChildSnapshot run(boolean print, HealthEndpointConfig serve) throws InterruptedException {
    AtomicInteger pollerInstances = new AtomicInteger();
    AtomicInteger gatewayInstances = new AtomicInteger();
    CountDownLatch healed = new CountDownLatch(1);

    // payments: the gateway crashes in its first three lives; two restarts in 10 s is all payments allows.
    SupervisorSpec payments = SupervisorSpec.builder("payments")
        .intensity(2, Duration.ofSeconds(10))
        .child(ChildSpec.worker("gateway", () -> ctx -> {
          int life = gatewayInstances.incrementAndGet();
          TimeUnit.MILLISECONDS.sleep(150);
          if (life <= 3) {
            throw new IllegalStateException("payment gateway handshake failed (life " + life + ")");
          }
          healed.countDown();
          while (!ctx.stopRequested()) {
            TimeUnit.MILLISECONDS.sleep(20);
          }
        }))
        .build();

    SupervisorSpec shop = SupervisorSpec.builder("shop")
        .strategy(RestartStrategy.ONE_FOR_ONE)
        .intensity(5, Duration.ofSeconds(10))
        .child(ChildSpec.service("db", Database::new))
        .child(ChildSpec.worker("order-poller", () -> ctx -> {
          int life = pollerInstances.incrementAndGet();
          TimeUnit.MILLISECONDS.sleep(100);
          if (life == 1) {
            throw new IllegalStateException("order queue connection reset");
          }
          while (!ctx.stopRequested()) {
            TimeUnit.MILLISECONDS.sleep(20);
          }
        }))
        .child(ChildSpec.supervisor(payments))
        .build();

    SupervisorTree tree = SupervisorTree.builder(shop).build();
    tree.journal().subscribe(r -> say(print, format(r)));
    HealthMonitor monitor = HealthMonitor.builder(tree)
        .probe(ProbeSpec.liveness("shop/db", Database.class,
                db -> db.ping() ? ProbeResult.up() : ProbeResult.down("not connected"))
            .config(ProbeConfig.builder(ProbeKind.LIVENESS).period(Duration.ofSeconds(2)).build())
            .build())
        .build();
    say(print, "starting the tree");
    tree.start();
    monitor.start();
    if (!healed.await(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the demo did not heal within 20 s");
    }
    ChildSnapshot snapshot = tree.snapshot();
    say(print, "healed; the tree now:");
    print(print, snapshot, "  ");
    if (serve != null) {
      HealthEndpoint endpoint = HealthEndpoint.create(tree, monitor, serve);
      endpoint.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        endpoint.stop();
        monitor.stop();
        tree.stop();
      }, "selfheal-demo-shutdown"));
      say(print, "serving " + endpoint.address() + ": try curl -s 'localhost:" + serve.port() + "/readyz?verbose'");
      new CountDownLatch(1).await(); // until the process is stopped
    }
    monitor.stop();
    tree.stop();
    say(print, "stopped; journal holds " + tree.journal().lastSequence() + " records");
    return snapshot;
  }

  static String format(JournalRecord r) {
    return String.format("journal #%d %-22s %-18s %s%s", r.sequence(), r.path(), r.kind(), r.decision(),
        r.cause().isEmpty() ? "" : "  (cause: " + r.cause() + ")");
  }

  private static void print(boolean print, ChildSnapshot node, String indent) {
    say(print, indent + node.id() + " [" + node.kind() + ", " + node.state() + ", generation " + node.generation()
        + ", restarts " + node.restarts() + "]");
    for (ChildSnapshot c : node.children()) {
      print(print, c, indent + "  ");
    }
  }

  private static void say(boolean print, String line) {
    if (print) {
      System.out.println(line);
    }
  }
}
