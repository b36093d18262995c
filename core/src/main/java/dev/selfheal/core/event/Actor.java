package dev.selfheal.core.event;

import java.util.Objects;

/**
 * Who took a healing action: the library itself ({@link #automatic()}) or a named operator. Every
 * journal record names its actor, so an audit can tell automatic healing from manual overrides.
 *
 * @param name {@code "automatic"} or {@code "operator:<name>"}
 */
public record Actor(String name) {
  private static final Actor AUTOMATIC = new Actor("automatic");

  /**
   * Refuses a null or blank name.
   *
   * @param name {@code "automatic"} or {@code "operator:<name>"}
   */
  public Actor {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("actor name must not be blank, was '" + name + "'");
    }
  }

  /** {@return decisions the library takes on its own} */
  public static Actor automatic() {
    return AUTOMATIC;
  }

  /**
   * A human or tool acting through the API or the HTTP endpoint.
   *
   * @param who the operator's name, as journaled
   * @return the actor
   */
  public static Actor operator(String who) {
    Objects.requireNonNull(who, "who");
    if (who.isBlank()) {
      throw new IllegalArgumentException("operator name must not be blank, was '" + who + "'");
    }
    return new Actor("operator:" + who);
  }

  /** {@return whether this is the library's own healing, not an operator's} */
  public boolean isAutomatic() {
    return this.equals(AUTOMATIC);
  }

  @Override
  public String toString() {
    return name;
  }
}
