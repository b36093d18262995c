package dev.selfheal.probes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one probe run: up or down, a short message and optional details.
 *
 * <pre>{@code
 * return pool.idle() > 0
 *     ? ProbeResult.up()
 *     : ProbeResult.down("no idle connection").withDetail("active", pool.active());
 * }</pre>
 *
 * @param passed   whether the check passed (UP) or not (DOWN)
 * @param message  why (mostly for failures); never null, may be empty
 * @param details  extra key/value facts, in insertion order; never null, unmodifiable
 */
public record ProbeResult(boolean passed, String message, Map<String, String> details) {
  private static final ProbeResult UP = new ProbeResult(true, "", Map.of());

  /**
   * Refuses a null message or details and copies the details, keeping their order.
   *
   * @param passed whether the check passed (UP) or not (DOWN)
   * @param message why (mostly for failures); never null, may be empty
   * @param details extra key/value facts, in insertion order; never null, unmodifiable
   */
  public ProbeResult {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(details, "details");
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** {@return a pass with nothing to say} */
  public static ProbeResult up() {
    return UP;
  }

  /**
   * A pass with a message.
   *
   * @param message what the check says
   * @return the result
   */
  public static ProbeResult up(String message) {
    return new ProbeResult(true, message, Map.of());
  }

  /**
   * A failure, with the reason.
   *
   * @param reason why the check failed
   * @return the result
   */
  public static ProbeResult down(String reason) {
    return new ProbeResult(false, reason, Map.of());
  }

  /**
   * Maps a boolean check's answer: {@code true} is a pass (UP), {@code false} a failure (DOWN) with {@code reasonIfDown}.
   *
   * @param passed the check's answer
   * @param reasonIfDown the reason of a failure
   * @return the result
   */
  public static ProbeResult of(boolean passed, String reasonIfDown) {
    return passed ? UP : down(reasonIfDown);
  }

  /**
   * A copy with one more detail ({@code String.valueOf(value)}).
   *
   * @param key the detail's name
   * @param value the detail's value
   * @return the copy
   */
  public ProbeResult withDetail(String key, Object value) {
    Objects.requireNonNull(key, "key");
    Map<String, String> copy = new LinkedHashMap<>(details);
    copy.put(key, String.valueOf(value));
    return new ProbeResult(passed, message, copy);
  }
}
