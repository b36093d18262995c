package dev.selfheal.probes;

import dev.selfheal.core.SupervisorTree;
import dev.selfheal.probes.internal.JdkHealthEndpoint;
import java.net.InetSocketAddress;

/**
 * The process's health and control surface over HTTP, on the JDK's own {@code com.sun.net.httpserver}.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code GET /livez}, {@code /readyz}, {@code /startupz}</td>
 *       <td>200 {@code ok}, or 503 with the failed checks; {@code ?verbose} lists every check as the Kubernetes
 *       API server does ({@code [+]name ok}, {@code [-]name failed: reason}); {@code ?exclude=name} (repeatable)
 *       skips a check</td></tr>
 *   <tr><td>{@code GET /selfheal/tree}</td><td>JSON: the tree snapshot with each probed component's health and latest probe results</td></tr>
 *   <tr><td>{@code GET /selfheal/journal?since=N}</td><td>JSON: journal records with sequence &gt; N (default 0)</td></tr>
 *   <tr><td>{@code POST /selfheal/restart?path=P}, {@code /selfheal/stop?path=P}, {@code /selfheal/start?path=P}</td>
 *       <td>operator restart / stop / start of the child at P: 200, 404 (no such child) or 409 (not applicable);
 *       JSON with the outcome</td></tr>
 *   <tr><td>{@code POST /selfheal/pause}, {@code /selfheal/resume}, {@code /selfheal/dry-run?enabled=true|false}</td>
 *       <td>operator control of automatic healing: 200 with JSON</td></tr>
 * </table>
 *
 * <p><b>Security.</b> POST commands need {@code Authorization: Bearer <token>}. With no token configured they
 * answer 403 and do nothing. A missing or wrong token answers 401 and the refused attempt is journaled
 * ({@code operator.refused}). Tokens are compared in constant time. The server binds {@code 127.0.0.1} unless
 * configured otherwise. {@code HEAD} is answered wherever {@code GET} is, without a body. Every response closes
 * its connection. Errors answer 404 (unknown path), 405 (wrong method, with {@code Allow}), 400
 * (malformed input) or 500, always with a one-line reason and never a stack trace.
 *
 * <p><b>Lifecycle.</b> {@link #start()} binds and starts the handler threads ({@code selfheal-http-N}, daemons);
 * {@link #stop()} closes the socket and stops every thread it started. Start it after the tree and stop it
 * before the tree. This interface is thread-safe.
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

  /** An endpoint for {@code tree} and {@code monitor}; nothing listens until {@link #start()}. */
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

  /** The bound address (with the real port when 0 was configured); null before {@link #start()}. */
  InetSocketAddress address();
}
