package dev.selfheal.examples;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.Component;
import dev.selfheal.core.RestartStrategy;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.JournalRecord;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The self-healing demo: a small shop service whose order poller crashes and is restarted, and whose
 * payments subtree keeps crashing until it exceeds its restart intensity and escalates to the root, which
 * restarts the whole subtree. Every healing action is printed from the journal as it happens.
 *
 * <p>Run it with {@code mvn -B -ntp -q -pl examples -am install -DskipTests && mvn -B -ntp -q -pl examples exec:java}
 * (the README has the one-line form).
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws InterruptedException {
    run(true);
  }

  /** Runs the scenario; returns the tree's final snapshot. */
  static ChildSnapshot run(boolean print) throws InterruptedException {
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
        .child(ChildSpec.service("db", () -> new Component() {
          @Override
          public void start() {
            say(print, "db: connected");
          }

          @Override
          public void stop() {
            say(print, "db: disconnected");
          }
        }))
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
    say(print, "starting the tree");
    tree.start();
    if (!healed.await(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the demo did not heal within 20 s");
    }
    ChildSnapshot snapshot = tree.snapshot();
    say(print, "healed; the tree now:");
    print(print, snapshot, "  ");
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
