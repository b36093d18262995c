package dev.selfheal.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.probes.internal.HttpMessages.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport's bounds, seen from real loopback sockets. */
class NioHttpServerTest {
  static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  final List<Socket> sockets = new ArrayList<>();
  final CountDownLatch release = new CountDownLatch(1);
  NioHttpServer server;
  int port;

  static final String BIG = "x".repeat(32 * 1024 * 1024);

  void start(int maxConnections, long handleNanos) {
    start(maxConnections, handleNanos, 10 * SECOND);
  }

  void start(int maxConnections, long handleNanos, long writeNanos) {
    server = new NioHttpServer(new InetSocketAddress("127.0.0.1", 0), new NioHttpServer.Limits(maxConnections, 50,
        8192, 1024, 10 * SECOND, 10 * SECOND, 10 * SECOND, handleNanos, writeNanos), (request, exchange) -> {
          if (request.rawPath().equals("/big")) {
            exchange.respond(Response.text(200, BIG));
          } else if (request.rawPath().equals("/stuck")) {
            Thread t = new Thread(() -> {
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
              }
              exchange.respond(Response.text(200, "late\n"));
            }, "selfheal-test-stuck");
            t.setDaemon(true);
            t.start();
          } else {
            exchange.respond(Response.text(200, "ok\n"));
          }
        }, () -> {});
    port = server.start().getPort();
  }

  @AfterEach
  void tearDown() throws IOException {
    release.countDown();
    for (Socket s : sockets) {
      s.close();
    }
    server.stop();
  }

  Socket open(String firstBytes) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    s.getOutputStream().write(firstBytes.getBytes(StandardCharsets.US_ASCII));
    sockets.add(s);
    return s;
  }

  static String readAll(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void atTheBoundTheOldestConnectionStillSendingMakesRoomForANewOne() throws Exception {
    start(16, 10 * SECOND);
    List<Socket> stalled = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      stalled.add(open("GET /x HTTP/1.1\r\n"));
    }
    // the server has accepted all 16 once one of them answers... so wait until the first is registered
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        probe.setSoTimeout(10_000);
        probe.getOutputStream().write("GET /livez HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return readAll(probe).endsWith("\r\n\r\nok\n");
      }
    });
    assertThat(server.evicted()).isPositive();
    assertThat(readAll(stalled.get(0))).as("the oldest was closed, without an answer").isEmpty();
    assertThat(stalled.get(15).getInputStream().available()).isZero();
  }

  @Test
  void aHandlerThatNeverAnswersGets503AtTheHandleDeadline() throws Exception {
    start(16, SECOND / 2);
    long t = System.nanoTime();
    Socket s = open("GET /stuck HTTP/1.1\r\n\r\n");
    String r = readAll(s);
    assertThat(r).startsWith("HTTP/1.1 503 ").endsWith("\r\n\r\nno answer in time, try again\n");
    assertThat(System.nanoTime() - t).isGreaterThanOrEqualTo(SECOND / 2);
    release.countDown();
    Socket again = open("GET /livez HTTP/1.1\r\n\r\n");
    assertThat(readAll(again)).endsWith("ok\n");
  }

  @Test
  void aClientThatDoesNotReadItsAnswerIsClosedAtTheWriteDeadline() throws Exception {
    start(16, 10 * SECOND, SECOND / 2);
    Socket s = open("GET /big HTTP/1.1\r\n\r\n");
    long t = System.nanoTime();
    // not reading: the server's socket buffer fills and its write stalls until the deadline closes it
    org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofSeconds(1)).atMost(java.time.Duration.ofSeconds(5))
        .until(() -> System.nanoTime() - t > SECOND);
    long received = 0;
    try (InputStream in = s.getInputStream()) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        received += n;
      }
    } catch (java.net.SocketException reset) {
      // closed with unsent data: a reset is as good as an end of stream here
    }
    assertThat(received).as("the answer was cut off").isLessThan(BIG.length());
    Socket again = open("GET /livez HTTP/1.1\r\n\r\n");
    assertThat(readAll(again)).endsWith("ok\n");
  }
}
