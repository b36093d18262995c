package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 1,000 stalled and hostile connections held open on loopback while a client probes {@code /livez} 1,000
 * times: every probe answers fast, and every stalled connection is closed by its deadline.
 */
class SlowClientsTest {
  static final Duration DEADLINE = Duration.ofSeconds(3);
  static final int PER_KIND = 200;
  static final int PROBES = 1_000;

  enum Kind {
    REQUEST_LINE_ONLY("GET /livez HTTP/1.1\r\n"),
    HALF_BODY("POST /selfheal/pause HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + "x".repeat(50)),
    ONE_BYTE_DRIP("G"),
    LF_ONLY("GET /livez HTTP/1.1\nHost: x\n"),
    TLS_CLIENT_HELLO("\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003");

    final byte[] bytes;

    Kind(String s) {
      this.bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  /** One stalled connection, as the test client sees it. */
  static final class Stalled {
    final Kind kind;
    final SocketChannel channel;
    final long openedAt;
    volatile long closedAt;
    final StringBuilder received = new StringBuilder();
    int dripped;

    Stalled(Kind kind, SocketChannel channel, long openedAt) {
      this.kind = kind;
      this.channel = channel;
      this.openedAt = openedAt;
    }
  }

  final FakeTree tree = new FakeTree();
  final List<Stalled> stalled = new ArrayList<>();
  final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
  HealthMonitor monitor;
  HealthEndpoint endpoint;
  InetSocketAddress address;

  @BeforeEach
  void setUp() {
    monitor = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false).build();
    monitor.start();
    endpoint = HealthEndpoint.create(tree, monitor, HealthEndpointConfig.builder().port(0)
        .maxConnections(2_048).requestLineTimeout(DEADLINE).headerTimeout(DEADLINE).bodyTimeout(DEADLINE).build());
    endpoint.start();
    address = new InetSocketAddress("127.0.0.1", endpoint.address().getPort());
  }

  @AfterEach
  void tearDown() throws IOException {
    drip.shutdownNow();
    for (Stalled s : stalled) {
      s.channel.close();
    }
    endpoint.stop();
    monitor.stop();
  }

  @Test
  void probesAnswerFastWhileAThousandStalledConnectionsAreHeldAndThenClosedByTheirDeadline() throws Exception {
    for (Kind kind : Kind.values()) {
      for (int i = 0; i < PER_KIND; i++) {
        long t = System.nanoTime();
        SocketChannel ch = SocketChannel.open(address);
        ch.write(ByteBuffer.wrap(kind.bytes));
        ch.configureBlocking(false);
        stalled.add(new Stalled(kind, ch, t));
      }
    }
    byte[] dripBytes = "ET /livez HTTP/1.1\r\nX-Pad: ".getBytes(StandardCharsets.US_ASCII);
    drip.scheduleAtFixedRate(() -> {
      for (Stalled s : stalled) {
        if (s.kind == Kind.ONE_BYTE_DRIP && s.closedAt == 0) {
          byte b = s.dripped < dripBytes.length ? dripBytes[s.dripped] : (byte) 'a';
          try {
            if (s.channel.write(ByteBuffer.wrap(new byte[] {b})) == 1) {
              s.dripped++;
            }
          } catch (IOException closed) {
            // the server closed it; the watcher records when
          }
        }
      }
    }, 100, 100, TimeUnit.MILLISECONDS);
    CompletableFuture<Void> watcher = CompletableFuture.runAsync(this::watchUntilAllClosed);

    long[] latencies = new long[PROBES];
    for (int i = 0; i < PROBES; i++) {
      long t = System.nanoTime();
      String response = probe();
      latencies[i] = System.nanoTime() - t;
      assertThat(response).as("probe %d", i).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok\n");
    }
    Arrays.sort(latencies);
    long p50 = latencies[PROBES / 2];
    long p99 = latencies[PROBES * 99 / 100 - 1];
    System.out.printf("SlowClientsTest: /livez x%d beside %d stalled connections: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        PROBES, stalled.size(), p50 / 1e6, p99 / 1e6, latencies[PROBES - 1] / 1e6);
    assertThat(p99).as("p99 of /livez in ns").isLessThan(TimeUnit.MILLISECONDS.toNanos(50));

    watcher.get(DEADLINE.toSeconds() + 30, TimeUnit.SECONDS);
    long deadline = DEADLINE.toNanos();
    long slack = TimeUnit.SECONDS.toNanos(2); // a busy CI machine; the server sweeps every 20 ms
    for (Stalled s : stalled) {
      assertThat(s.closedAt).as(s.kind + " closed").isNotZero();
      long open = s.closedAt - s.openedAt;
      if (s.kind == Kind.TLS_CLIENT_HELLO) {
        assertThat(s.received.toString()).as("TLS is refused at its first byte").startsWith("HTTP/1.1 400 ")
            .endsWith("the endpoint speaks plain HTTP)\n");
        continue;
      }
      assertThat(s.received.toString()).as(s.kind.name()).startsWith("HTTP/1.1 408 Request Timeout\r\n");
      assertThat(open).as(s.kind + " held until its deadline").isGreaterThanOrEqualTo(deadline);
      assertThat(open).as(s.kind + " closed by its deadline").isLessThanOrEqualTo(deadline + slack);
    }
    assertThat(probe()).as("still serving").startsWith("HTTP/1.1 200");
  }

  private String probe() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, 5_000);
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** Reads every stalled connection until the server closes it; bounded by the deadline plus 30 s. */
  private void watchUntilAllClosed() {
    long giveUp = System.nanoTime() + DEADLINE.toNanos() + TimeUnit.SECONDS.toNanos(30);
    ByteBuffer buf = ByteBuffer.allocate(4096);
    try (Selector selector = Selector.open()) {
      for (Stalled s : stalled) {
        s.channel.register(selector, SelectionKey.OP_READ, s);
      }
      int open = stalled.size();
      while (open > 0 && System.nanoTime() < giveUp) {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          Stalled s = (Stalled) key.attachment();
          buf.clear();
          int n;
          try {
            n = s.channel.read(buf);
          } catch (IOException reset) {
            n = -1;
          }
          if (n > 0) {
            s.received.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
          } else if (n < 0) {
            s.closedAt = System.nanoTime();
            key.cancel();
            open--;
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
