package dev.selfheal.core.spi;

import dev.selfheal.core.event.Actor;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Operator access to a service's fault-injection points: list them with what is armed on each, arm a fault
 * described by plain string parameters (as an HTTP query gives them), clear one. This is where the probes
 * module's HTTP endpoint ({@code /selfheal/chaos/...}) and the recovery module's chaos package meet without
 * depending on each other, as {@link PolicyControl} does for policies; recovery answers through a
 * {@link FaultControlProvider}.
 *
 * <p>Outcomes use {@link PolicyControl.Status}, so that one command table maps every operator command to an
 * HTTP status: {@code DONE} (armed, or cleared), {@code UNCHANGED} (nothing to clear), {@code NOT_FOUND} (no
 * point of that name in this control: an endpoint asks the next control), {@code INVALID} (a parameter was
 * refused: the message names the parameter and quotes the value). {@code NOT_APPLICABLE} is not used.
 *
 * <p>Every command is journaled by the injection point with the given actor (arming, clearing), so a healing
 * record can be traced back to the operator whose fault caused it.
 *
 * <p>Implementations are thread-safe; {@link #points()} changes nothing.
 */
public interface FaultControl {

  /**
   * One injection point as an operator sees it.
   *
   * @param name  the point's name, unique within its control
   * @param state {@code IDLE} (nothing armed), {@code SCHEDULED} or {@code ARMED}
   * @param fault the armed or scheduled fault by field ({@code id}, {@code spec}, {@code actor},
   *              {@code calls}, {@code fired}); values are {@link Number}s or strings; empty when idle
   */
  record Point(String name, String state, Map<String, Object> fault) {
    /**
     * Checks that no component is null and copies the fault's fields.
     *
     * @param name  the point's name
     * @param state {@code IDLE}, {@code SCHEDULED} or {@code ARMED}
     * @param fault the fault by field; empty when idle
     */
    public Point {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(state, "state");
      fault = Map.copyOf(fault);
    }
  }

  /**
   * A command's typed result.
   *
   * @param status  how it ended
   * @param fault   the id of the fault armed or cleared; empty when none
   * @param message why, for {@link PolicyControl.Status#INVALID}; else empty
   */
  record Outcome(PolicyControl.Status status, String fault, String message) {
    /**
     * Checks that no component is null.
     *
     * @param status  how it ended
     * @param fault   the fault's id, or empty
     * @param message why, or empty
     */
    public Outcome {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(fault, "fault");
      Objects.requireNonNull(message, "message");
    }

    /** {@return the outcome for a point that does not exist} */
    public static Outcome notFound() {
      return new Outcome(PolicyControl.Status.NOT_FOUND, "", "");
    }
  }

  /** {@return the injection points known right now, sorted by name} */
  List<Point> points();

  /**
   * Arms the fault that {@code parameters} describe at {@code point} on behalf of {@code actor}, replacing
   * the one armed there before. The parameters are the implementation's (recovery's {@code ChaosControl}
   * documents them); an unknown, missing or malformed one answers {@code INVALID} and arms nothing.
   *
   * @param point      the injection point's name
   * @param parameters the fault, by parameter name
   * @param actor      who arms it, for the journal
   * @return {@code DONE} with the fault's id, {@code NOT_FOUND}, or {@code INVALID} with why
   */
  Outcome inject(String point, Map<String, String> parameters, Actor actor);

  /**
   * Clears the fault armed or scheduled at {@code point}.
   *
   * @param point the injection point's name
   * @param actor who clears it, for the journal
   * @return {@code DONE} with the fault's id, {@code UNCHANGED} if none was armed, or {@code NOT_FOUND}
   */
  Outcome clear(String point, Actor actor);
}
