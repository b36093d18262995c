package dev.selfheal.core.spi;

import dev.selfheal.core.event.Actor;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Operator access to a set of recovery policies (breakers, bulkheads, retries, rate limiters): list them
 * with their state and metrics, and apply an operator command to one. This is where the probes module's
 * HTTP endpoint and the recovery module meet without depending on each other; the recovery module
 * answers for each open registry (see {@link PolicyControlProvider}).
 *
 * <p>Commands and the kinds they apply to:
 * <table>
 *   <caption>Commands</caption>
 *   <tr><th>action</th><th>kind</th><th>effect</th></tr>
 *   <tr><td>{@link Action#FORCE_OPEN}</td><td>{@value #CIRCUIT_BREAKER}</td><td>every call rejected until closed</td></tr>
 *   <tr><td>{@link Action#DISABLE}</td><td>{@value #CIRCUIT_BREAKER}</td><td>every call passes, nothing recorded</td></tr>
 *   <tr><td>{@link Action#CLOSE}</td><td>{@value #CIRCUIT_BREAKER}</td><td>CLOSED with an empty window</td></tr>
 *   <tr><td>{@link Action#RESET}</td><td>{@value #CIRCUIT_BREAKER}</td><td>CLOSED, window and backoff forgotten</td></tr>
 *   <tr><td>{@link Action#SET_LIMIT}</td><td>{@value #BULKHEAD}</td><td>the maximum of concurrent calls becomes the value</td></tr>
 * </table>
 * Any other pairing answers {@link Status#NOT_APPLICABLE}; a command that finds the policy already in the
 * asked-for state answers {@link Status#UNCHANGED} and changes nothing (commands are idempotent).
 *
 * <p>Implementations are thread-safe; {@link #policies()} never changes a policy's state.
 */
public interface PolicyControl {
  /** Kind of circuit breakers. */
  String CIRCUIT_BREAKER = "circuitbreaker";
  /** Kind of bulkheads. */
  String BULKHEAD = "bulkhead";
  /** Kind of retries. */
  String RETRY = "retry";
  /** Kind of rate limiters. */
  String RATE_LIMITER = "ratelimiter";

  /** An operator command. */
  enum Action {
    /** Refuse every call (a breaker's FORCED_OPEN). */
    FORCE_OPEN,
    /** Let every call through, recording nothing (a breaker's DISABLED). */
    DISABLE,
    /** Back to CLOSED (a breaker's normal state). */
    CLOSE,
    /** Back to CLOSED with an empty window (a breaker's reset). */
    RESET,
    /** Pin a limit to the command's value (an adaptive limiter's override). */
    SET_LIMIT
  }

  /** How a command ended. */
  enum Status {
    /** Applied. */
    DONE,
    /** The policy already was in the asked-for state; nothing changed. */
    UNCHANGED,
    /** No policy of that kind and name here. */
    NOT_FOUND,
    /** The action does not apply to that kind. */
    NOT_APPLICABLE,
    /** The value was refused (the message says why). */
    INVALID
  }

  /**
   * One policy as an operator sees it.
   *
   * @param kind    one of the kind constants of this interface
   * @param name    the policy's name, unique per kind within its control
   * @param state   its state, such as {@code CLOSED} or {@code FORCED_OPEN}; upper case
   * @param metrics its counters and settings by name; values are {@link Number}s, {@link Boolean}s or strings
   */
  record Policy(String kind, String name, String state, Map<String, Object> metrics) {
    /**
     * Refuses null components and copies the metrics.
     *
     * @param kind one of the kind constants of this interface
     * @param name the policy's name, unique per kind within its control
     * @param state its state, such as {@code CLOSED} or {@code FORCED_OPEN}; upper case
     * @param metrics its counters and settings by name; values are {@link Number}s, {@link Boolean}s or strings
     */
    public Policy {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(state, "state");
      metrics = Map.copyOf(metrics);
    }
  }

  /**
   * A command's typed result.
   *
   * @param status  how it ended
   * @param state   the policy's state afterwards (empty when not found)
   * @param message why, for {@link Status#INVALID} and {@link Status#NOT_APPLICABLE}; else empty
   */
  record Outcome(Status status, String state, String message) {
    /**
     * Refuses null components.
     *
     * @param status how it ended
     * @param state the policy's state afterwards (empty when not found)
     * @param message why, for {@link Status#INVALID} and {@link Status#NOT_APPLICABLE}; else empty
     */
    public Outcome {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(message, "message");
    }

    /** {@return the outcome for a command on a policy this control does not have} */
    public static Outcome notFound() {
      return new Outcome(Status.NOT_FOUND, "", "");
    }
  }

  /** {@return the policies known right now} */
  List<Policy> policies();

  /**
   * Applies {@code action} to the policy of {@code kind} named {@code name} on behalf of {@code actor} (the
   * policy journals it with that actor).
   *
   * @param value the action's argument ({@link Action#SET_LIMIT}: the new limit); ignored by other actions
   * @param kind the policy's kind
   * @param name the policy's name
   * @param action what to do
   * @param actor who asks, for the journal
   * @return the typed result
   */
  Outcome apply(String kind, String name, Action action, int value, Actor actor);
}
