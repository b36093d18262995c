package dev.selfheal.core;

import java.time.Duration;

/**
 * A call through a supervised handle found no running instance within the handle's
 * {@link HandleOptions.Builder#awaitInstance wait bound}: the component is restarting, stopped, failed, or
 * its tree is not running. The message names the component's path and the state the caller saw.
 */
public final class ComponentUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The path of the component the call was for. */
  private final String path;
  /** The component's state as the caller saw it. */
  private final String state;

  /**
   * A refused call.
   *
   * @param path the child's path in its tree
   * @param state the component's state as the caller saw it
   * @param waited how long the call waited for a running instance
   */
  public ComponentUnavailableException(String path, String state, Duration waited) {
    super("component '" + path + "' is unavailable (" + state + "): no running instance within " + waited);
    this.path = path;
    this.state = state;
  }

  /** {@return the component's path in its tree} */
  public String path() {
    return path;
  }

  /**
   * The component's state as the caller saw it, such as {@code RESTARTING} or {@code not bound to a tree}.
   *
   * @return the state, as text
   */
  public String state() {
    return state;
  }
}
