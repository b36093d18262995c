package dev.selfheal.core.internal.supervisor;

/**
 * The child-spec extension that lets {@link ServiceRunner} run a supervised handle's factory on the
 * supervisor's own thread: attached when the user declared, with
 * {@code HandleOptions.Builder.constructsInline(true)}, that the factory only constructs.
 */
public enum InlineFactory {
  /** The factory only constructs: run it inline. */
  DECLARED
}
