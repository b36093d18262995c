package dev.selfheal.core;

/**
 * A child failed to start: its factory or {@code start()} threw, or {@code start()} passed its time
 * limit. At supervisor start this fails the whole start, after the children already started have been
 * stopped in reverse order (OTP's {@code failed_to_start_child}).
 */
public class ChildStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The path of the child that failed to start. */
  private final String path;

  /**
   * A failed start.
   *
   * @param path the child's path in its tree
   * @param message what failed
   * @param cause the start's exception, or null
   */
  public ChildStartException(String path, String message, Throwable cause) {
    super("failed to start child '" + path + "': " + message, cause);
    this.path = path;
  }

  /** {@return the path of the child that failed} */
  public String path() {
    return path;
  }
}
