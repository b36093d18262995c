package dev.selfheal.core;

/**
 * When a supervisor shuts itself down because its significant children ended (OTP's {@code auto_shutdown}
 * flag, OTP 24+). A child is significant when its spec says so ({@link ChildSpec.Builder#significant}).
 *
 * <p>Only a significant child that ends <em>on its own and is not restarted</em> counts: a TRANSIENT one
 * exiting normally or with shutdown, a TEMPORARY one exiting for any reason. A significant child stopped
 * by an operator ({@code stopChild}), or as a bystander of a sibling's ONE_FOR_ALL or REST_FOR_ONE
 * restart, triggers nothing; a TRANSIENT one that crashes is restarted instead. The supervisor then stops
 * its remaining children in reverse order and exits with {@code shutdown}, which its parent handles as
 * any child exit: if the supervisor is itself a significant child there, the shutdown chains upward.
 *
 * <p>Combinations OTP rejects ({@code bad_combination}) are rejected when the spec is built: a
 * significant PERMANENT child, and a significant child under {@link #NEVER}.
 */
public enum AutoShutdown {
  /** Significant children are not allowed; the supervisor never shuts itself down. The default. */
  NEVER,
  /** The supervisor shuts down when any significant child ends and is not restarted. */
  ANY_SIGNIFICANT,
  /** The supervisor shuts down when the last active significant child ends and is not restarted. */
  ALL_SIGNIFICANT
}
