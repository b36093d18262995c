package dev.selfheal.core;

/**
 * A child failed to start: its factory or {@code start()} threw, or {@code start()} passed its time
 * limit. At supervisor start this fails the whole start, after the children already started have been
 * stopped in reverse order (OTP's {@code failed_to_start_child}).
 */
public class ChildStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String path;

  public ChildStartException(String path, String message, Throwable cause) {
    super("failed to start child '" + path + "': " + message, cause);
    this.path = path;
  }

  /** The path of the child that failed. */
  public String path() {
    return path;
  }
}
