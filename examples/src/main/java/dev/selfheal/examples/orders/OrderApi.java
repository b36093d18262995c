package dev.selfheal.examples.orders;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order service's own HTTP API on loopback (the JDK's server):
 *
 * <pre>
 * POST /orders?sku=SKU&amp;qty=N          201 {"order":7,...,"payment":"charged"|"pending"}; 400 naming a bad parameter
 * GET  /orders/7                       200 the cached order, 404 if not cached
 * </pre>
 *
 * <p>The operator API, chaos included, is the probes endpoint's ({@code /selfheal/chaos/...}, behind its
 * bearer token): the service binds its {@link dev.selfheal.recovery.chaos.ChaosControl} to the tree's
 * context, so this API has no command of its own. Errors never carry a stack trace.
 */
final class OrderApi {
  private static final int MAX_QUERY = 2048;

  private final OrderService service;
  private final HttpServer server;
  private final ExecutorService threads;

  OrderApi(OrderService service, int port) throws IOException {
    this.service = service;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "selfheal-orders-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/orders", this::orders);
  }

  void start() {
    server.start();
  }

  void stop() {
    server.stop(0);
    threads.shutdownNow();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void orders(HttpExchange ex) throws IOException {
    try (ex) { // closed after the catch blocks below have answered, not before
      answerOrders(ex);
    }
  }

  private void answerOrders(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/orders") && method.equals("POST")) {
        Map<String, String> q = query(ex);
        String sku = q.getOrDefault("sku", "");
        if (!sku.matches("[A-Za-z0-9-]{1,32}")) {
          throw new IllegalArgumentException("sku must be 1 to 32 letters, digits or '-', was '" + clip(sku) + "'");
        }
        int qty = integer("qty", q.getOrDefault("qty", "1"), 1, 1000);
        send(ex, 201, service.placeOrder(sku, qty));
      } else if (path.startsWith("/orders/") && method.equals("GET")) {
        long id;
        try {
          id = Long.parseLong(path.substring("/orders/".length()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("order id must be an integer, was '" + clip(path.substring(8)) + "'");
        }
        String json = service.order(id);
        send(ex, json == null ? 404 : 200, json == null ? "{\"error\":\"order " + id + " is not cached\"}" : json);
      } else {
        send(ex, 404, "{\"error\":\"no such resource\"}");
      }
    } catch (IllegalArgumentException e) {
      send(ex, 400, error(e.getMessage()));
    } catch (RuntimeException e) {
      send(ex, 503, error("order not accepted: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    String raw = ex.getRequestURI().getRawQuery();
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    if (raw.length() > MAX_QUERY) {
      throw new IllegalArgumentException("query must be at most " + MAX_QUERY + " characters, was " + raw.length());
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (out.put(k, v) != null) {
        throw new IllegalArgumentException("parameter '" + clip(k) + "' must be given once");
      }
    }
    return out;
  }

  /** {@code v} as an int in [min, max]. @throws IllegalArgumentException naming the field and the value */
  static int integer(String field, String v, int min, int max) {
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(field + " must be an integer within [" + min + ", " + max + "], was '"
        + clip(v) + "'");
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static String error(String message) {
    StringBuilder sb = new StringBuilder("{\"error\":");
    dev.selfheal.core.event.JsonStrings.quote(sb, message);
    return sb.append('}').toString();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
