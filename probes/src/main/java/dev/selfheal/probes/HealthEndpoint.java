package dev.selfheal.probes;

import dev.selfheal.core.SupervisorTree;
import dev.selfheal.probes.internal.JdkHealthEndpoint;
import java.net.InetSocketAddress;

/**
 * The process's health and control surface over HTTP/1.1, on the JDK alone (a non-blocking server on NIO:
 * no client, however slow or hostile, can delay a probe's answer).
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>request</th><th>access</th><th>answer</th></tr>
 *   <tr><td>{@code GET /livez}, {@code /readyz}, {@code /startupz}</td><td>open</td>
 *       <td>200 {@code ok}, or 503 with the failed checks; {@code ?verbose} lists every check as the Kubernetes
 *       API server does ({@code [+]name ok}, {@code [-]name failed: reason}); {@code ?exclude=name} (repeatable)
 *       skips a check</td></tr>
 *   <tr><td>{@code GET /selfheal/tree}</td><td>token, or public if configured</td>
 *       <td>JSON: the tree snapshot with each probed component's health and latest probe results</td></tr>
 *   <tr><td>{@code GET /selfheal/journal?since=N}</td><td>token, or public if configured</td>
 *       <td>JSON: journal records with sequence &gt; N (default 0; none when N is at or past the newest), and
 *       the refusal lane (aggregated refused attempts and their total)</td></tr>
 *   <tr><td>{@code GET /selfheal/policies}</td><td>token, or public if configured</td>
 *       <td>JSON: every breaker, bulkhead, retry and rate limiter with kind, name, state and metrics</td></tr>
 *   <tr><td>{@code POST /selfheal/restart?path=P}, {@code /selfheal/stop?path=P}, {@code /selfheal/start?path=P}</td>
 *       <td>token</td><td>operator restart / stop / start of the child at P; JSON with the outcome</td></tr>
 *   <tr><td>{@code POST /selfheal/release?path=P}</td><td>token</td><td>releases the HELD child at P (held by
 *       diagnosis, quarantined or not ready by its recovery plan); 409 with its state when it is not held</td></tr>
 *   <tr><td>{@code POST /selfheal/pause}, {@code /selfheal/resume}, {@code /selfheal/dry-run?enabled=true|false}</td>
 *       <td>token</td><td>operator control of automatic healing: 200 with JSON</td></tr>
 *   <tr><td>{@code POST /selfheal/breaker/force-open?name=N}, {@code /selfheal/breaker/disable?name=N},
 *       {@code /selfheal/breaker/close?name=N}, {@code /selfheal/breaker/reset?name=N},
 *       {@code /selfheal/bulkhead/limit?name=N&limit=L}</td>
 *       <td>token</td><td>operator control of a breaker or a bulkhead's limit; JSON with the outcome</td></tr>
 *   <tr><td>{@code GET /selfheal/chaos}</td><td>token, or public if configured</td>
 *       <td>JSON: the fault-injection points bound to the tree's context, and what is armed on each</td></tr>
 *   <tr><td>{@code POST /selfheal/chaos/inject?name=P&fault=F&...}, {@code /selfheal/chaos/clear?name=P}</td>
 *       <td>token</td><td>arm or clear a fault (the parameters are those of the recovery module's
 *       {@code ChaosControl}); journaled with the operator; JSON with the outcome and the fault's id</td></tr>
 * </table>
 *
 * <p><b>Status codes of commands</b>, one table for all: done or already so 200 (stopping a stopped child and
 * starting a running one answer alike), still pending after the command timeout 202, invalid value 400, no such
 * target 404, not applicable in the target's state 409 (the root supervisor answers 409: it has no parent).
 *
 * <p><b>Security.</b> Health paths are open (the kubelet sends no token). The tree, the journal and the
 * policies need {@code Authorization: Bearer <token>} unless configured public; commands always do. Several
 * named tokens may be configured; an accepted command is journaled with the actor
 * {@code operator:http:<token name>@<client address>}. With no token configured, commands (and non-public
 * reads) answer 403 and do nothing. A missing or wrong token answers 401, two {@code Authorization} headers
 * 400; refused attempts are aggregated (one record per source address per minute with its count) in the
 * journal's separate {@linkplain dev.selfheal.core.event.Journal#refusals() refusal lane}, so they never evict
 * a healing record. Tokens are compared in constant time. What an unauthenticated caller sees (health lines,
 * public reads) has exception messages redacted to the exception class's simple name; the journal file and
 * the log keep the full text. The server binds {@code 127.0.0.1} unless configured otherwise.
 *
 * <p><b>Transport.</b> Every connection has deadlines for its request line, its headers and its body (408,
 * then closed) and for writing the answer; the request's size is bounded (414, 431, 413); open connections are
 * bounded (at the bound, the oldest one still sending its request is closed); the backlog is configurable.
 * {@code HEAD} is answered wherever {@code GET} is, without a body. Every response closes its connection.
 * Every error page is the endpoint's own plain text: a one-line reason, never a class name or a stack trace.
 *
 * <p><b>Lifecycle.</b> {@link #start()} binds and starts the threads ({@code selfheal-http-io-1},
 * {@code selfheal-http-health-1}, {@code selfheal-http-N}; daemons); {@link #stop()} closes every socket and
 * stops every thread it started. Start it after the tree and stop it before the tree. This interface is
 * thread-safe.
 */
public interface HealthEndpoint extends AutoCloseable {
  /** Liveness path. */
  String LIVEZ = "/livez";
  /** Readiness path. */
  String READYZ = "/readyz";
  /** Startup path. */
  String STARTUPZ = "/startupz";
  /** The tree as JSON. */
  String TREE = "/selfheal/tree";
  /** The journal as JSON. */
  String JOURNAL = "/selfheal/journal";
  /** The policies as JSON. */
  String POLICIES = "/selfheal/policies";

  /**
   * An endpoint for {@code tree} and {@code monitor}; nothing listens until {@link #start()}.
   *
   * @param tree the tree whose health, tree and journal are served
   * @param monitor the monitor whose probes answer the health paths
   * @param config address, port, tokens and limits
   * @return the endpoint, not listening
   */
  static HealthEndpoint create(SupervisorTree tree, HealthMonitor monitor, HealthEndpointConfig config) {
    return new JdkHealthEndpoint(tree, monitor, config);
  }

  /**
   * Binds and starts serving. Not restartable after {@link #stop()}.
   *
   * @throws java.io.UncheckedIOException if the address cannot be bound
   * @throws IllegalStateException if already started or stopped
   */
  void start();

  /** Closes the socket and stops the handler threads. Idempotent. */
  void stop();

  /** Same as {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }

  /** {@return the bound address (with the real port when 0 was configured); null before {@link #start()}} */
  InetSocketAddress address();

  /**
   * Refused attempts so far: missing, wrong or duplicate tokens, and commands or protected reads while no token
   * is configured. Only grows; the same count is in {@code /selfheal/journal} under {@code refusals.total}.
   *
   * @return the count
   */
  long refusedAttempts();
}
