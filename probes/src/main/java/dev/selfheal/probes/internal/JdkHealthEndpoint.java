package dev.selfheal.probes.internal;

/*
 * Why this class is large (slightly over 400 lines): it holds the route table and one short handler per route
 * (health, reads, child, control and policy commands); transport, views, auth and status codes are already their
 * own classes (NioHttpServer, EndpointViews, CommandStatus).
 */

import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.probes.HealthEndpoint;
import dev.selfheal.probes.HealthEndpointConfig;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.internal.HttpMessages.Request;
import dev.selfheal.probes.internal.HttpMessages.Response;
import dev.selfheal.probes.internal.NioHttpServer.Exchange;
import dev.selfheal.probes.internal.Query.BadRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HealthEndpoint} on the JDK alone: {@link NioHttpServer} (one non-blocking I/O thread that no client
 * can stall; see there why not {@code com.sun.net.httpserver}) and two small pools: one thread
 * ({@code selfheal-http-health-1}) computes health answers, {@code handlerThreads} threads
 * ({@code selfheal-http-N}) answer the tree, the journal, the policies and commands. Health answers therefore
 * never wait behind a command or a read, and no user code (health sources, journal listeners) runs on the
 * I/O thread.
 *
 * <pre>{@code
 *   NEW ──start()──► RUNNING ──stop()──► STOPPED
 *    └──────────────stop()──────────────────┘
 * }</pre>
 *
 * <p>Order of checks for every request: route (404), method (405, with {@code Allow}), then on a pool (503
 * when its queue is full): authentication for commands and protected reads (403 without configured tokens,
 * 400 for duplicate {@code Authorization}, 401 otherwise; each refusal counted in the refusal lane), then
 * input (400). An unauthenticated caller learns nothing about valid input. Health paths accept a token too:
 * with a valid one, failure texts are shown unredacted.
 *
 * <p>This class is thread-safe: start and stop are synchronized; handlers share only immutable state and
 * thread-safe collaborators (tree, monitor, journal, refusal log).
 */
public final class JdkHealthEndpoint implements HealthEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(JdkHealthEndpoint.class);
  private static final Pattern TREE_PATH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*(/[A-Za-z0-9][A-Za-z0-9._:-]*)*");
  private static final Pattern POLICY_NAME = Pattern.compile("[ -~&&[^\\s]]{1,200}");
  private static final int HEALTH_QUEUE = 512;
  private static final int WORK_QUEUE = 64;
  /** Beyond the command timeout, how long an answer may take before the server answers 503 itself. */
  private static final java.time.Duration HANDLE_MARGIN = java.time.Duration.ofSeconds(2);

  /**
   * The child commands: the only place the endpoint names the tree's operations (the lead renames them here).
   */
  private static final Map<String, ChildCommand> CHILD_COMMANDS = Map.of(
      "restart", SupervisorTree::forceRestartChild,
      "stop", SupervisorTree::stopChild,
      "start", SupervisorTree::restartChild,
      "release", SupervisorTree::releaseChild); // a HELD child (diagnosis, quarantine, not ready); else 409

  /** The policy commands: path to the kind and action they apply. */
  private static final Map<String, PolicyCommand> POLICY_COMMANDS = Map.of(
      "/selfheal/breaker/force-open", new PolicyCommand(PolicyControl.CIRCUIT_BREAKER, PolicyControl.Action.FORCE_OPEN),
      "/selfheal/breaker/disable", new PolicyCommand(PolicyControl.CIRCUIT_BREAKER, PolicyControl.Action.DISABLE),
      "/selfheal/breaker/close", new PolicyCommand(PolicyControl.CIRCUIT_BREAKER, PolicyControl.Action.CLOSE),
      "/selfheal/breaker/reset", new PolicyCommand(PolicyControl.CIRCUIT_BREAKER, PolicyControl.Action.RESET),
      "/selfheal/bulkhead/limit", new PolicyCommand(PolicyControl.BULKHEAD, PolicyControl.Action.SET_LIMIT));

  private final SupervisorTree tree;
  private final HealthMonitor monitor;
  private final HealthEndpointConfig config;
  private final PolicyDirectory policies;
  private final ChaosCommands chaos;
  private final Tokens tokens;
  private final RefusalLog refusals;
  private final Map<String, Route> routes = new LinkedHashMap<>();

  private NioHttpServer server; // guarded by this
  private InetSocketAddress address; // guarded by this
  private volatile ThreadPoolExecutor healthPool; // written once by start(), read by the I/O thread
  private volatile ThreadPoolExecutor workPool;
  private boolean stopped; // guarded by this

  public JdkHealthEndpoint(SupervisorTree tree, HealthMonitor monitor, HealthEndpointConfig config) {
    this(tree, monitor, config, PolicyDirectory.forContext(tree.context(), JdkHealthEndpoint.class.getClassLoader()));
  }

  public JdkHealthEndpoint(SupervisorTree tree, HealthMonitor monitor, HealthEndpointConfig config,
      PolicyDirectory policies) {
    this.tree = Objects.requireNonNull(tree, "tree");
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.config = Objects.requireNonNull(config, "config");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.chaos = ChaosCommands.forContext(tree.context(), JdkHealthEndpoint.class.getClassLoader());
    this.tokens = new Tokens(config.tokens());
    this.refusals = new RefusalLog(tree.journal().refusals(), tree.ticker(), tree.rootPath());
    health(LIVEZ, ProbeKind.LIVENESS);
    health(READYZ, ProbeKind.READINESS);
    health(STARTUPZ, ProbeKind.STARTUP);
    route(TREE, "GET", Access.READ, c -> Response.json(200, EndpointViews.tree(tree, monitor, !c.authenticated())));
    route(JOURNAL, "GET", Access.READ, this::journal);
    route(POLICIES, "GET", Access.READ, c -> Response.json(200, EndpointViews.policies(allPolicies())));
    CHILD_COMMANDS.keySet().forEach(name -> route("/selfheal/" + name, "POST", Access.COMMAND, c -> childCommand(c, name)));
    route("/selfheal/pause", "POST", Access.COMMAND, c -> control(c, "pause"));
    route("/selfheal/resume", "POST", Access.COMMAND, c -> control(c, "resume"));
    route("/selfheal/dry-run", "POST", Access.COMMAND, c -> control(c, "dry-run"));
    POLICY_COMMANDS.forEach((path, cmd) -> route(path, "POST", Access.COMMAND, c -> policyCommand(c, path, cmd)));
    route(ChaosCommands.LIST, "GET", Access.READ, c -> chaos.list());
    route(ChaosCommands.INJECT, "POST", Access.COMMAND, c -> chaos.inject(c.query, c.actor));
    route(ChaosCommands.CLEAR, "POST", Access.COMMAND, c -> chaos.clear(c.query, c.actor));
  }

  @Override
  public synchronized void start() {
    if (stopped || server != null) {
      throw new IllegalStateException("endpoint already " + (stopped ? "stopped" : "started"));
    }
    InetAddress bind;
    try {
      bind = InetAddress.getByName(config.bindAddress());
    } catch (UnknownHostException e) {
      throw new java.io.UncheckedIOException("cannot resolve bindAddress " + config.bindAddress(), e);
    }
    NioHttpServer s = new NioHttpServer(new InetSocketAddress(bind, config.port()), new NioHttpServer.Limits(
        config.maxConnections(), config.backlog(), config.maxHeaderBytes(), config.maxBodyBytes(),
        config.requestLineTimeout().toNanos(), config.headerTimeout().toNanos(), config.bodyTimeout().toNanos(),
        config.commandTimeout().plus(HANDLE_MARGIN).toNanos(), config.writeTimeout().toNanos()), this::dispatch,
        this::flushRefusalsSoon);
    healthPool = pool("selfheal-http-health", 1, HEALTH_QUEUE);
    workPool = pool("selfheal-http", config.handlerThreads(), WORK_QUEUE);
    try {
      address = s.start();
    } catch (RuntimeException e) {
      OwnedPool.stop(healthPool, "HTTP health");
      OwnedPool.stop(workPool, "HTTP handler");
      throw e;
    }
    server = s;
    LOG.info("health endpoint listening on {}", address);
  }

  @Override
  public void stop() {
    NioHttpServer s;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      s = server;
    }
    if (s == null) {
      return;
    }
    s.stop();
    OwnedPool.stop(healthPool, "HTTP health");
    OwnedPool.stop(workPool, "HTTP handler");
    refusals.flushAll();
  }

  @Override
  public synchronized InetSocketAddress address() {
    return server == null ? null : address;
  }

  @Override
  public long refusedAttempts() {
    return refusals.total();
  }

  /** The transport, for tests in this package. */
  synchronized NioHttpServer server() {
    return server;
  }

  // ---------------------------------------------------------------- dispatch (I/O thread)

  private void dispatch(Request request, Exchange exchange) {
    Route route = routes.get(request.rawPath());
    if (route == null) {
      exchange.respond(Response.text(404, "not found\n"));
      return;
    }
    if (!route.allows(request.method())) {
      String allow = route.method.equals("GET") ? "GET, HEAD" : route.method;
      exchange.respond(Response.text(405, "method " + EndpointViews.oneLine(request.method()) + " not allowed; use "
          + allow + "\n").withHeader("Allow", allow));
      return;
    }
    ThreadPoolExecutor pool = route.health ? healthPool : workPool;
    try {
      pool.execute(() -> exchange.respond(run(route, request)));
    } catch (RejectedExecutionException e) {
      exchange.respond(Response.text(503, "busy, try again\n").withHeader("Retry-After", "1"));
    }
  }

  /** Once a second on the I/O thread: the minutes that are over reach the journal without waiting for a request. */
  private void flushRefusalsSoon() {
    try {
      workPool.execute(refusals::flushDue); // journal listeners are user code: not on the I/O thread
    } catch (RejectedExecutionException busyOrStopped) {
      // a later second, a refusal, a journal read or stop() writes them
    }
  }

  // ---------------------------------------------------------------- on a pool

  private Response run(Route route, Request request) {
    try {
      Tokens.Verdict verdict = tokens.check(request);
      boolean needsToken = route.access == Access.COMMAND || (route.access == Access.READ && !config.publicReads());
      if (needsToken && !verdict.accepted()) {
        return refuse(request, verdict, route);
      }
      Actor actor = verdict.accepted()
          ? Actor.operator("http:" + verdict.tokenName() + "@" + request.remoteAddress()) : null;
      return route.action.run(new Call(request, Query.parse(request.rawQuery()), actor));
    } catch (BadRequest e) {
      return Response.text(400, "bad request: " + EndpointViews.oneLine(e.getMessage()) + "\n");
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      LOG.warn("health endpoint failed on {} {}", request.method(), request.rawPath(), e);
      return Response.text(500, "internal error\n");
    }
  }

  private Response refuse(Request request, Tokens.Verdict verdict, Route route) {
    refusals.refused(request.remoteAddress(), verdict.reason(), request.rawPath());
    return switch (verdict.kind()) {
      case NONE_CONFIGURED -> Response.text(403, route.access == Access.COMMAND
          ? "operator commands are disabled: no bearer token is configured\n"
          : "reads are disabled: no bearer token is configured and reads are not public\n");
      case DUPLICATE -> Response.text(400, "bad request: send exactly one Authorization header\n");
      default -> Response.text(401, "unauthorized: a valid 'Authorization: Bearer <token>' header is required\n")
          .withHeader("WWW-Authenticate", "Bearer realm=\"selfheal\"");
    };
  }

  private void health(String path, ProbeKind kind) {
    Route r = new Route("GET", Access.OPEN, true, c -> {
      String v = c.query.single("verbose");
      boolean verbose = v != null && !v.equals("false") && !v.equals("0");
      Set<String> exclude = new LinkedHashSet<>();
      for (String e : c.query.all("exclude")) {
        if (e.isBlank()) {
          throw new BadRequest("exclude needs a check name");
        }
        exclude.add(e);
      }
      var h = monitor.health(kind, exclude);
      return Response.text(h.passing() ? 200 : 503, EndpointViews.health(h, kind, verbose, !c.authenticated()));
    });
    routes.put(path, r);
  }

  private Response journal(Call c) {
    String raw = c.query.single("since");
    long since = 0;
    if (raw != null) {
      try {
        since = Long.parseLong(raw);
      } catch (NumberFormatException e) {
        since = -1;
      }
      if (since < 0) {
        throw new BadRequest("since must be a non-negative integer, was '" + EndpointViews.oneLine(raw) + "'");
      }
    }
    refusals.flushDue();
    return Response.json(200, EndpointViews.journal(tree.journal(), since, refusals.total(), !c.authenticated()));
  }

  private Response childCommand(Call c, String command) {
    String path = c.query.single("path");
    if (path == null || path.isEmpty()) {
      throw new BadRequest("query parameter 'path' is required, such as ?path=app/db");
    }
    if (!TREE_PATH.matcher(path).matches()) {
      throw new BadRequest("path must be a tree path such as app/db, was '" + EndpointViews.oneLine(path) + "'");
    }
    JsonWriter w = new JsonWriter().beginObject().member("command", command).member("path", path);
    if (path.equals(tree.rootPath())) {
      // the root has no parent to restart, stop or start it: a consistent "does not apply", not NOT_FOUND
      return Response.json(CommandStatus.of(PolicyControl.Status.NOT_APPLICABLE), w.member("outcome", "NOT_APPLICABLE")
          .member("reason", "the root supervisor has no parent: use pause/resume, or act on its children")
          .endObject().toString());
    }
    CompletableFuture<ChildOutcome> future = CHILD_COMMANDS.get(command).apply(tree, path, c.actor);
    try {
      ChildOutcome o = future.get(config.commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
      return Response.json(CommandStatus.of(command, o), w.member("outcome", o.name()).endObject().toString());
    } catch (TimeoutException e) {
      return Response.json(CommandStatus.pending(), w.member("outcome", CommandStatus.PENDING).endObject().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.json(CommandStatus.pending(), w.member("outcome", CommandStatus.PENDING).endObject().toString());
    } catch (ExecutionException e) {
      LOG.warn("operator command {} {} failed", command, path, e.getCause());
      return Response.text(500, "command failed: " + e.getCause().getClass().getSimpleName() + "\n");
    }
  }

  private Response control(Call c, String command) {
    switch (command) {
      case "pause" -> tree.pause(c.actor);
      case "resume" -> tree.resume(c.actor);
      default -> {
        String enabled = c.query.single("enabled");
        if (!"true".equals(enabled) && !"false".equals(enabled)) {
          throw new BadRequest("query parameter 'enabled' must be true or false, was "
              + (enabled == null ? "missing" : "'" + EndpointViews.oneLine(enabled) + "'"));
        }
        tree.dryRun(Boolean.parseBoolean(enabled), c.actor);
      }
    }
    return Response.json(200, new JsonWriter().beginObject().member("command", command).member("paused", tree.paused())
        .member("dryRun", tree.dryRun()).endObject().toString());
  }

  private List<PolicyControl.Policy> allPolicies() {
    List<PolicyControl.Policy> out = new ArrayList<>();
    for (PolicyControl pc : policies.controls()) {
      out.addAll(pc.policies());
    }
    return out;
  }

  /** Applies to the first control that knows the policy (names are meant to be unique per kind). */
  private Response policyCommand(Call c, String path, PolicyCommand cmd) {
    String name = c.query.single("name");
    if (name == null || !POLICY_NAME.matcher(name).matches()) {
      throw new BadRequest("query parameter 'name' must be a policy name of 1 to 200 visible characters, was "
          + (name == null ? "missing" : "'" + EndpointViews.oneLine(name) + "'"));
    }
    int value = 0;
    if (cmd.action == PolicyControl.Action.SET_LIMIT) {
      String raw = c.query.single("limit");
      try {
        value = Integer.parseInt(raw == null ? "" : raw);
      } catch (NumberFormatException e) {
        throw new BadRequest("query parameter 'limit' must be an integer, was "
            + (raw == null ? "missing" : "'" + EndpointViews.oneLine(raw) + "'"));
      }
    }
    PolicyControl.Outcome outcome = PolicyControl.Outcome.notFound();
    for (PolicyControl pc : policies.controls()) {
      outcome = pc.apply(cmd.kind, name, cmd.action, value, c.actor);
      if (outcome.status() != PolicyControl.Status.NOT_FOUND) {
        break;
      }
    }
    String command = path.substring(path.lastIndexOf('/') + 1);
    return Response.json(CommandStatus.of(outcome.status()), new JsonWriter().beginObject()
        .member("command", command).member("kind", cmd.kind).member("name", name)
        .member("outcome", outcome.status().name()).member("state", outcome.state())
        .member("message", outcome.message()).endObject().toString());
  }

  // ---------------------------------------------------------------- plumbing

  private void route(String path, String method, Access access, Action action) {
    routes.put(path, new Route(method, access, false, action));
  }

  private static ThreadPoolExecutor pool(String prefix, int threads, int queue) {
    ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queue), new NamedThreadFactory(prefix));
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  private enum Access { OPEN, READ, COMMAND }

  @FunctionalInterface
  private interface Action {
    Response run(Call call);
  }

  @FunctionalInterface
  private interface ChildCommand {
    CompletableFuture<ChildOutcome> apply(SupervisorTree tree, String path, Actor actor);
  }

  private record PolicyCommand(String kind, PolicyControl.Action action) {}

  /** A request with its parsed query and, when authenticated, the actor its token names. */
  private record Call(Request request, Query query, Actor actor) {
    boolean authenticated() {
      return actor != null;
    }
  }

  /** A path's handler and its method; HEAD is accepted wherever GET is (some load balancers probe with HEAD). */
  private record Route(String method, Access access, boolean health, Action action) {
    boolean allows(String requestMethod) {
      return method.equals(requestMethod) || (method.equals("GET") && requestMethod.equals("HEAD"));
    }
  }
}
