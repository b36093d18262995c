package dev.selfheal.probes.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.probes.ComponentHealth;
import dev.selfheal.probes.HealthCheck;
import dev.selfheal.probes.HealthEndpoint;
import dev.selfheal.probes.HealthEndpointConfig;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProcessHealth;
import dev.selfheal.probes.internal.Query.BadRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HealthEndpoint} on the JDK's {@link HttpServer}: one context at {@code /} that routes on the exact
 * path, checks the method, then (for commands) authenticates before it reads any input.
 *
 * <pre>{@code
 *   NEW ──start()──► RUNNING ──stop()──► STOPPED
 *    └──────────────stop()──────────────────┘
 * }</pre>
 *
 * <p>This class is thread-safe: start and stop are synchronized; handlers share only immutable state and
 * thread-safe collaborators (tree, monitor, journal).
 */
public final class JdkHealthEndpoint implements HealthEndpoint {
  /*
   * Implementation notes.
   * 1. The JDK server's dispatcher thread ("HTTP-Dispatcher") is created by HttpServer.start() and inherits
   *    the daemon flag of the calling thread, so start() calls it from a short-lived daemon thread: a
   *    forgotten endpoint never keeps the JVM alive. stop() ends it.
   * 2. Tokens are compared as SHA-256 digests with MessageDigest.isEqual, which takes the same time for
   *    equal-length inputs; digesting first makes the length of the configured token irrelevant too.
   * 3. Order of checks for a command: route (404), method (405), token configured (403), token valid (401,
   *    journaled), then input (400). An unauthenticated caller learns nothing about valid input.
   * 4. Every response says "Connection: close". The JDK server writes the headers and the body in two
   *    segments without TCP_NODELAY (only the global sun.net.httpserver.nodelay property turns it on), so a
   *    kept-alive connection waits ~40 ms per request for the peer's delayed ACK (Nagle). Closing pushes the
   *    body at once; probes open a connection per check anyway. Measured by ReadyzLatencyMeasurement:
   *    p50 44 ms with keep-alive, 0.7 ms with close, on loopback.
   */
  private static final Logger LOG = LoggerFactory.getLogger(JdkHealthEndpoint.class);
  private static final Actor OPERATOR = Actor.operator("http");
  private static final Actor UNAUTHENTICATED = Actor.operator("unauthenticated");
  private static final Pattern TREE_PATH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*(/[A-Za-z0-9][A-Za-z0-9._:-]*)*");
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json; charset=utf-8";

  private final SupervisorTree tree;
  private final HealthMonitor monitor;
  private final HealthEndpointConfig config;
  private final byte[] tokenDigest;
  private final Map<String, Route> routes;

  private HttpServer server; // guarded by this
  private ThreadPoolExecutor handlers; // guarded by this
  private boolean stopped; // guarded by this

  public JdkHealthEndpoint(SupervisorTree tree, HealthMonitor monitor, HealthEndpointConfig config) {
    this.tree = Objects.requireNonNull(tree, "tree");
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.config = Objects.requireNonNull(config, "config");
    this.tokenDigest = config.bearerToken().map(JdkHealthEndpoint::sha256).orElse(null);
    this.routes = Map.ofEntries(
        Map.entry(LIVEZ, new Route("GET", ex -> health(ex, ProbeKind.LIVENESS))),
        Map.entry(READYZ, new Route("GET", ex -> health(ex, ProbeKind.READINESS))),
        Map.entry(STARTUPZ, new Route("GET", ex -> health(ex, ProbeKind.STARTUP))),
        Map.entry(TREE, new Route("GET", this::tree)),
        Map.entry(JOURNAL, new Route("GET", this::journal)),
        Map.entry("/selfheal/restart", new Route("POST", ex -> childCommand(ex, "restart"))),
        Map.entry("/selfheal/stop", new Route("POST", ex -> childCommand(ex, "stop"))),
        Map.entry("/selfheal/start", new Route("POST", ex -> childCommand(ex, "start"))),
        Map.entry("/selfheal/pause", new Route("POST", ex -> control(ex, "pause"))),
        Map.entry("/selfheal/resume", new Route("POST", ex -> control(ex, "resume"))),
        Map.entry("/selfheal/dry-run", new Route("POST", this::dryRun)));
  }

  @Override
  public synchronized void start() {
    if (stopped || server != null) {
      throw new IllegalStateException("endpoint already " + (stopped ? "stopped" : "started"));
    }
    HttpServer s;
    try {
      s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind " + config.bindAddress() + ":" + config.port(), e);
    }
    ThreadPoolExecutor pool = OwnedPool.start("selfheal-http", config.handlerThreads());
    s.createContext("/", this::handle);
    s.setExecutor(pool);
    Thread starter = new NamedThreadFactory("selfheal-http-start").newThread(s::start); // note 1
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server = s;
    handlers = pool;
    LOG.info("health endpoint listening on {}", s.getAddress());
  }

  @Override
  public void stop() {
    HttpServer s;
    ThreadPoolExecutor pool;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      s = server;
      pool = handlers;
    }
    if (s == null) {
      return;
    }
    s.stop(0);
    OwnedPool.stop(pool, "HTTP handler");
  }

  @Override
  public synchronized InetSocketAddress address() {
    return server == null ? null : server.getAddress();
  }

  // ---------------------------------------------------------------- dispatch

  private void handle(HttpExchange ex) {
    try {
      Route route = routes.get(ex.getRequestURI().getRawPath());
      if (route == null) {
        send(ex, 404, TEXT, "not found\n");
      } else if (!route.allows(ex.getRequestMethod())) {
        String allow = route.method.equals("GET") ? "GET, HEAD" : route.method;
        ex.getResponseHeaders().set("Allow", allow);
        send(ex, 405, TEXT, "method " + oneLine(ex.getRequestMethod()) + " not allowed; use " + allow + "\n");
      } else {
        route.handler.handle(ex);
      }
    } catch (BadRequest e) {
      send(ex, 400, TEXT, "bad request: " + oneLine(e.getMessage()) + "\n");
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      LOG.warn("health endpoint failed on {} {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
      send(ex, 500, TEXT, "internal error\n");
    } finally {
      ex.close();
    }
  }

  // ---------------------------------------------------------------- health

  private void health(HttpExchange ex, ProbeKind kind) {
    Query q = Query.parse(ex.getRequestURI().getRawQuery());
    String v = q.single("verbose");
    boolean verbose = v != null && !v.equals("false") && !v.equals("0");
    Set<String> exclude = new LinkedHashSet<>();
    for (String e : q.all("exclude")) {
      if (e.isBlank()) {
        throw new BadRequest("exclude needs a check name");
      }
      exclude.add(e);
    }
    ProcessHealth h = monitor.health(kind, exclude);
    String endpoint = switch (kind) {
      case LIVENESS -> "livez";
      case READINESS -> "readyz";
      case STARTUP -> "startupz";
    };
    StringBuilder body = new StringBuilder();
    if (!verbose && h.passing()) {
      body.append("ok\n");
    } else {
      for (HealthCheck c : h.checks()) {
        if (verbose || (!c.excluded() && c.contribution() == dev.selfheal.core.spi.HealthStatus.DOWN)) {
          body.append(line(c)).append('\n');
        }
      }
      if (verbose && !h.unknownExclusions().isEmpty()) {
        body.append("warn: some health checks cannot be excluded: no matches for ");
        for (int i = 0; i < h.unknownExclusions().size(); i++) {
          body.append(i == 0 ? "" : ", ").append('"').append(oneLine(h.unknownExclusions().get(i))).append('"');
        }
        body.append('\n');
      }
      body.append(endpoint).append(h.passing() ? " check passed\n" : " check failed\n");
    }
    send(ex, h.passing() ? 200 : 503, TEXT, body.toString());
  }

  /** One Kubernetes-style check line. */
  static String line(HealthCheck c) {
    String name = oneLine(c.name());
    if (c.excluded()) {
      return "[+]" + name + " excluded: ok";
    }
    String why = c.message().isEmpty() ? c.status().name().toLowerCase(java.util.Locale.ROOT) : oneLine(c.message());
    return switch (c.status()) {
      case UP -> "[+]" + name + " ok";
      case DEGRADED -> "[+]" + name + " degraded: " + why;
      case DOWN -> "[-]" + name + " failed: " + why + (c.critical() ? "" : " (non-critical)");
    };
  }

  // ---------------------------------------------------------------- JSON views

  private void tree(HttpExchange ex) {
    Query.parse(ex.getRequestURI().getRawQuery()); // only to reject malformed input
    JsonWriter w = new JsonWriter().beginObject()
        .member("root", tree.rootPath())
        .member("failed", tree.failed())
        .member("paused", tree.paused())
        .member("dryRun", tree.dryRun())
        .name("tree");
    node(w, tree.snapshot());
    send(ex, 200, JSON, w.endObject().toString());
  }

  private void node(JsonWriter w, ChildSnapshot s) {
    if (s == null) {
      w.nullValue();
      return;
    }
    w.beginObject()
        .member("path", s.path())
        .member("id", s.id())
        .member("kind", s.kind().name())
        .member("restartType", s.restartType().name())
        .member("state", s.state().name())
        .member("generation", s.generation())
        .member("restarts", s.restarts())
        .member("restartsInWindow", s.restartsInWindow())
        .member("lastFailure", s.lastFailure())
        .member("lastFailureTime", s.lastFailureTime() == null ? null : s.lastFailureTime().toString())
        .member("strategy", s.strategy() == null ? null : s.strategy().name());
    ComponentHealth h = monitor.component(s.path());
    if (h != null) {
      w.name("health").beginObject()
          .member("status", h.status().name())
          .member("ready", h.ready())
          .member("started", h.started())
          .member("generation", h.generation())
          .member("critical", h.critical())
          .member("message", h.message())
          .name("probes").beginObject();
      for (Map.Entry<ProbeKind, ProbeResult> e : h.lastResults().entrySet()) {
        w.name(e.getKey().label()).beginObject()
            .member("passed", e.getValue().passed())
            .member("message", e.getValue().message())
            .name("details").beginObject();
        e.getValue().details().forEach(w::member);
        w.endObject().endObject();
      }
      w.endObject().endObject();
    }
    w.name("children").beginArray();
    for (ChildSnapshot c : s.children()) {
      node(w, c);
    }
    w.endArray().endObject();
  }

  private void journal(HttpExchange ex) {
    Query q = Query.parse(ex.getRequestURI().getRawQuery());
    String raw = q.single("since");
    long since = 0;
    if (raw != null) {
      try {
        since = Long.parseLong(raw);
      } catch (NumberFormatException e) {
        since = -1;
      }
      if (since < 0) {
        throw new BadRequest("since must be a non-negative integer, was '" + raw + "'");
      }
    }
    Journal journal = tree.journal();
    List<JournalRecord> records = journal.since(since);
    JsonWriter w = new JsonWriter().beginObject()
        .member("lastSequence", journal.lastSequence())
        .member("evicted", journal.evicted())
        .name("records").beginArray();
    for (JournalRecord r : records) {
      w.rawValue(r.toJson());
    }
    send(ex, 200, JSON, w.endArray().endObject().toString());
  }

  // ---------------------------------------------------------------- commands

  private void childCommand(HttpExchange ex, String command) {
    if (!authorized(ex, command)) {
      return;
    }
    Query q = Query.parse(ex.getRequestURI().getRawQuery());
    String path = q.single("path");
    if (path == null || path.isEmpty()) {
      throw new BadRequest("query parameter 'path' is required, such as ?path=app/db");
    }
    if (!TREE_PATH.matcher(path).matches()) {
      throw new BadRequest("path must be a tree path such as app/db, was '" + oneLine(path) + "'");
    }
    CompletableFuture<ChildOutcome> future = switch (command) {
      case "restart" -> tree.forceRestartChild(path, OPERATOR);
      case "stop" -> tree.stopChild(path, OPERATOR);
      default -> tree.restartChild(path, OPERATOR);
    };
    String outcome;
    int status;
    try {
      ChildOutcome o = future.get(config.commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
      outcome = o.name();
      status = switch (o) {
        case OK -> 200;
        case NOT_FOUND -> 404;
        default -> 409;
      };
    } catch (TimeoutException e) {
      outcome = "PENDING";
      status = 202;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = "PENDING";
      status = 202;
    } catch (ExecutionException e) {
      LOG.warn("operator command {} {} failed", command, path, e.getCause());
      send(ex, 500, TEXT, "command failed: " + oneLine(ProbedComponent.describe(e.getCause())) + "\n");
      return;
    }
    send(ex, status, JSON, new JsonWriter().beginObject().member("command", command).member("path", path)
        .member("outcome", outcome).endObject().toString());
  }

  private void control(HttpExchange ex, String command) {
    if (!authorized(ex, command)) {
      return;
    }
    Query.parse(ex.getRequestURI().getRawQuery());
    if (command.equals("pause")) {
      tree.pause(OPERATOR);
    } else {
      tree.resume(OPERATOR);
    }
    sendControlState(ex, command);
  }

  private void dryRun(HttpExchange ex) {
    if (!authorized(ex, "dry-run")) {
      return;
    }
    String enabled = Query.parse(ex.getRequestURI().getRawQuery()).single("enabled");
    if (!"true".equals(enabled) && !"false".equals(enabled)) {
      throw new BadRequest("query parameter 'enabled' must be true or false, was "
          + (enabled == null ? "missing" : "'" + oneLine(enabled) + "'"));
    }
    tree.dryRun(Boolean.parseBoolean(enabled), OPERATOR);
    sendControlState(ex, "dry-run");
  }

  private void sendControlState(HttpExchange ex, String command) {
    send(ex, 200, JSON, new JsonWriter().beginObject().member("command", command).member("paused", tree.paused())
        .member("dryRun", tree.dryRun()).endObject().toString());
  }

  /** Answers 403 or 401 (journaled) and returns false unless the request carries the configured token. */
  private boolean authorized(HttpExchange ex, String command) {
    if (tokenDigest == null) {
      send(ex, 403, TEXT, "operator commands are disabled: no bearer token is configured\n");
      return false;
    }
    String header = ex.getRequestHeaders().getFirst("Authorization");
    String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).trim() : null;
    if (presented != null && MessageDigest.isEqual(sha256(presented), tokenDigest)) { // note 2
      return true;
    }
    String target = tree.rootPath();
    try {
      String p = Query.parse(ex.getRequestURI().getRawQuery()).single("path");
      if (p != null && TREE_PATH.matcher(p).matches()) {
        target = p;
      }
    } catch (BadRequest ignored) {
      // the refusal is journaled against the root
    }
    String from = ex.getRemoteAddress() == null ? "unknown" : ex.getRemoteAddress().getAddress().getHostAddress();
    tree.journal().append(target, "operator.refused",
        (presented == null ? "missing bearer token" : "wrong bearer token") + " from " + from,
        "refused " + command, UNAUTHENTICATED, Duration.ZERO);
    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"selfheal\"");
    send(ex, 401, TEXT, "unauthorized: a valid 'Authorization: Bearer <token>' header is required\n");
    return false;
  }

  // ---------------------------------------------------------------- plumbing

  private static void send(HttpExchange ex, int status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try {
      ex.getResponseHeaders().set("Content-Type", contentType);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      ex.getResponseHeaders().set("Connection", "close"); // note 4
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(status, -1); // the status line and headers of the GET, no body
        return;
      }
      ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      LOG.debug("client went away before the response was sent", e);
    }
  }

  /** Keeps client-supplied or multi-line text on one line of a text response. */
  static String oneLine(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length() && i < 500; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return sb.toString();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @FunctionalInterface
  private interface Handler {
    void handle(HttpExchange ex);
  }

  /** A path's handler and its method; HEAD is accepted wherever GET is (some load balancers probe with HEAD). */
  private record Route(String method, Handler handler) {
    boolean allows(String requestMethod) {
      return method.equals(requestMethod) || (method.equals("GET") && requestMethod.equals("HEAD"));
    }
  }
}
